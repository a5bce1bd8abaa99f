// Rollouts written by upstream Codex 0.169.0 in the lab, checked against the requests it then sent.
//
// fixtures/<scenario>.rollout.jsonl   the session file, normalized by the lab's rules
//                                     (ids → <id>, run paths → <ws>, versions → <version>; line
//                                     timestamps kept)
// fixtures/<scenario>.resent-input.json  `input` of upstream's last request in that scenario, from
//                                     reference-captures/<scenario>/requests.full.json
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRollout } from './reader.ts';
import { lastTurnContext, reconstructHistory, toModelInput } from './reconstruct.ts';
import { hasType, type RolloutLine } from './schema.ts';
import { RolloutWriter } from './writer.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const resentInput = (scenario: string): Array<Record<string, unknown>> => JSON.parse(readFileSync(fixture(`${scenario}.resent-input.json`), 'utf8'));
/** Lines up to and including the first turn's task_complete: the file as it was before `resume`. */
const firstTurn = (lines: RolloutLine[]) =>
  lines.slice(0, lines.findIndex((l) => hasType(l, 'event_msg') && l.payload.type === 'task_complete') + 1);

describe('exec-resume-last: `codex exec "remember the word kiwi"`, then `codex exec resume --last "which word?"`', () => {
  it('parses every line: paginated shape, world_state and token_usage_record included', async () => {
    const { lines, stats } = await loadRollout(fixture('exec-resume-last.rollout.jsonl'));
    expect(stats).toEqual({ lines: 24, malformed: 0, truncatedTail: false });
    expect(lines.map((l) => l.ordinal)).toEqual([...Array(24).keys()]);
    expect(lines.map((l) => l.type)).toContain('world_state');
    expect(lines.map((l) => l.type)).toContain('token_usage_record');
  });

  it('reconstructs, from the file as the first run left it, exactly the history upstream resent', async () => {
    const { lines } = await loadRollout(fixture('exec-resume-last.rollout.jsonl'));
    const input = resentInput('exec-resume-last');
    // input = [base instructions, …history…, the new prompt]
    expect(toModelInput(reconstructHistory(firstTurn(lines)))).toEqual(input.slice(1, -1));
    expect(input.at(-1)).toMatchObject({ role: 'user', content: [{ type: 'input_text', text: 'which word?' }] });
  });

  it('after the resumed turn, the history is that request plus the new answer', async () => {
    const { lines } = await loadRollout(fixture('exec-resume-last.rollout.jsonl'));
    const history = toModelInput(reconstructHistory(lines));
    expect(history.slice(0, -1)).toEqual(resentInput('exec-resume-last').slice(1));
    expect(history.at(-1)).toMatchObject({ role: 'assistant', content: [{ type: 'output_text', text: 'The word was kiwi.' }] });
  });

  it('knows the last turn settings', async () => {
    const { lines } = await loadRollout(fixture('exec-resume-last.rollout.jsonl'));
    expect(lastTurnContext(lines)).toMatchObject({ model: 'gpt-5.5', cwd: '<ws>', approval_policy: 'never' });
  });

  it('re-writing its items through RolloutWriter reproduces the file byte for byte', async () => {
    const file = fixture('exec-resume-last.rollout.jsonl');
    const { lines } = await loadRollout(file);
    const home = mkdtempSync(path.join(tmpdir(), 'csm-upstream-'));
    try {
      const stamps = lines.map((l) => new Date(l.timestamp));
      const w = RolloutWriter.create(home, 'fixture', { now: () => stamps.shift()!, createdAt: new Date(0) });
      w.append(...lines.map(({ type, payload, metadata }) => ({ type, payload, metadata })));
      w.close();
      expect(readFileSync(w.path, 'utf8')).toBe(readFileSync(file, 'utf8'));
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('exec-tool-call: the model runs exec_command, gets its output, answers', () => {
  // The exec tool's "Chunk ID: xxxxxx" is random per run, so it is masked on both sides.
  const maskChunkId = (v: unknown) => JSON.parse(JSON.stringify(v).replace(/Chunk ID: [0-9a-f]+/g, 'Chunk ID: <chunk>'));

  it('parses every line', async () => {
    const { stats } = await loadRollout(fixture('exec-tool-call.rollout.jsonl'));
    expect(stats).toEqual({ lines: 19, malformed: 0, truncatedTail: false });
  });

  it('the history up to the tool output is what upstream sent back with it', async () => {
    const { lines } = await loadRollout(fixture('exec-tool-call.rollout.jsonl'));
    const history = toModelInput(reconstructHistory(lines));
    const input = resentInput('exec-tool-call');
    expect(maskChunkId(history.slice(0, -1))).toEqual(maskChunkId(input.slice(1)));
    expect(history.map((i) => i.type)).toEqual(['message', 'message', 'message', 'function_call', 'function_call_output', 'message']);
  });
});
