// A file named like a rollout is one only if its head says so; upstream's messages for the others.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertRollout, checkRolloutHead, NotARolloutError, notARolloutMessage } from './head.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'csm-head-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const line = (type: string, payload: Record<string, unknown>) => JSON.stringify({ timestamp: '2026-11-20T10:00:00.000Z', type, payload });
const meta = line('session_meta', { id: 'a1', timestamp: '2026-11-20T10:00:00.000Z', cwd: '/ws', originator: 'codex_exec', cli_version: '0.169.0', source: 'exec', model_provider: 'mock' });
const user = line('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] });
const event = line('event_msg', { type: 'user_message', message: 'hi', images: [] });
const binary = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 0xff, 0xfe, 0x0a, 0x80]);

let n = 0;
function file(content: string | Buffer): string {
  const f = path.join(dir, `rollout-${n++}.jsonl`);
  writeFileSync(f, content);
  return f;
}

describe('checkRolloutHead', () => {
  it.each([
    ['an empty file', ''],
    ['blank lines only', '\n\n  \n'],
    ['text that is not JSON', 'hello world\nthis is not json\n'],
  ])('finds no rollout in %s: empty', (_, content) => {
    expect(checkRolloutHead(file(content))).toEqual({ ok: false, problem: 'empty' });
  });

  it('refuses bytes that are not UTF-8 before any session_meta', () => {
    expect(checkRolloutHead(file(binary))).toEqual({ ok: false, problem: 'invalid-utf8' });
    expect(checkRolloutHead(file(Buffer.concat([Buffer.from('not json\n'), binary])))).toEqual({ ok: false, problem: 'invalid-utf8' });
  });

  it('refuses a conversation line before the session_meta', () => {
    expect(checkRolloutHead(file(`${user}\n${meta}\n`))).toEqual({ ok: false, problem: 'not-meta-first' });
  });

  it('tells events without any session_meta apart from an empty file', () => {
    expect(checkRolloutHead(file(`${event}\n${event}\n`))).toEqual({ ok: false, problem: 'no-meta' });
  });

  it('accepts a session_meta, even after events, blank or damaged lines, and whatever follows it', () => {
    for (const content of [`${meta}\n`, `${meta}`, `\nnot json\n${event}\n${meta}\n${user}\n`, Buffer.concat([Buffer.from(`${meta}\n${user}\n`), binary])]) {
      const head = checkRolloutHead(file(content));
      expect(head.ok && head.meta.id).toBe('a1');
    }
  });

  it('finds a session_meta line longer than one read chunk', () => {
    const big = line('session_meta', { id: 'a1', timestamp: 't', cwd: '/ws', originator: 'o', cli_version: 'v', source: 'exec', model_provider: 'mock', base_instructions: { text: 'x'.repeat(200_000) } });
    expect(checkRolloutHead(file(`${big}\n`)).ok).toBe(true);
  });
});

describe("upstream's messages", () => {
  const p = '/h/sessions/rollout-x.jsonl';
  it.each([
    ['empty', `failed to read session metadata ${p}: rollout at ${p} is empty`],
    ['invalid-utf8', `failed to read session metadata ${p}: stream did not contain valid UTF-8`],
    ['not-meta-first', `failed to read session metadata ${p}: thread-store internal error: failed to read session metadata ${p}: rollout at ${p} does not start with session metadata`],
    ['no-meta', `failed to read session metadata ${p}: thread-store internal error: failed to read session metadata ${p}: rollout at ${p} is empty`],
  ] as const)('%s', (problem, message) => expect(notARolloutMessage(p, problem)).toBe(message));

  it('assertRollout throws NotARolloutError naming the file', () => {
    const f = file('');
    expect(() => assertRollout(f)).toThrow(NotARolloutError);
    expect(() => assertRollout(f)).toThrow(`rollout at ${f} is empty`);
  });
});
