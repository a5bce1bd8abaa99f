import { describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../mock/server.ts';
import { requestShapes } from './request-shape.ts';

let seq = 0;
const user = (text: string) => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] });
const turn = (input: unknown[], tools: unknown[], output_text?: string): RequestLogEntry => ({
  seq: ++seq,
  kind: 'turn',
  turn_index: seq - 1,
  attempt: 1,
  method: 'POST',
  path: '/v1/responses',
  headers: {},
  body: { model: 'gpt-5.5', input, tools },
  ...(output_text ? { output_text } : {}),
});
const tool = { type: 'function', name: 'exec_command' };

describe('request shapes of a compaction', () => {
  it("show each client's own compaction prompt and summary prefix by presence, and the summary itself as text", () => {
    const summary = 'Summary: the user asked to remember kiwi.';
    const shapes = (prompt: string, prefix: string) =>
      requestShapes([
        turn([user('remember kiwi')], [tool], 'Noted.'),
        turn([user('remember kiwi'), user(prompt)], [], summary),
        turn([user('remember kiwi'), user(`${prefix}\n${summary}`), user('which word?')], [tool], 'Kiwi.'),
      ]).turns.map((t) => t.input.map((i) => i.text));
    const upstreamLike = shapes('Write a checkpoint summary.', 'Another model wrote this:');
    expect(upstreamLike).toEqual([['remember kiwi'], ['remember kiwi', '<compaction-prompt>'], ['remember kiwi', `<compaction-summary>\n${summary}`, 'which word?']]);
    expect(shapes('Our own words asking for a hand-off.', 'Earlier parts were condensed:')).toEqual(upstreamLike);
  });

  it('leave requests that offer tools, and messages that only quote a summary, as they are', () => {
    const shapes = requestShapes([
      turn([user('first'), user('last words')], [tool], 'Kiwi.'),
      turn([user('Kiwi.'), user('say Kiwi.')], [tool]),
    ]).turns.map((t) => t.input.map((i) => i.text));
    expect(shapes).toEqual([
      ['first', 'last words'],
      ['Kiwi.', 'say Kiwi.'],
    ]);
  });
});
