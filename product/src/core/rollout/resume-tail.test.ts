import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRollout } from './reader.ts';
import { reconstructHistory } from './reconstruct.ts';
import { findLastCompaction, loadResumeLines } from './resume-tail.ts';

let ordinal = 0;
const line = (type: string, payload: unknown) => JSON.stringify({ timestamp: '2026-11-24T10:00:00.000Z', ordinal: ordinal++, type, payload }) + '\n';
const msg = (role: string, text: string) => line('response_item', { type: 'message', role, content: [{ type: role === 'assistant' ? 'output_text' : 'input_text', text }] });

function session(turnsBefore: number, withCompaction: boolean, turnsAfter: number): string {
  ordinal = 0;
  const dir = mkdtempSync(path.join(tmpdir(), 'resume-tail-'));
  const file = path.join(dir, 'rollout-2026-11-24T10-00-00-01a20000-0000-7000-8000-000000000001.jsonl');
  writeFileSync(file, line('session_meta', { id: '01a20000-0000-7000-8000-000000000001', timestamp: '2026-11-24T10:00:00.000Z', cwd: '/w', originator: 'x', cli_version: '1', source: 'exec', model_provider: 'mock' }));
  for (let i = 0; i < turnsBefore; i++) appendFileSync(file, msg('user', `old question ${i} ${'pad '.repeat(500)}`) + msg('assistant', `old answer ${i}`));
  if (withCompaction)
    appendFileSync(file, line('compacted', { message: 'summary', replacement_history: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'summary of the old turns' }] }] }));
  for (let i = 0; i < turnsAfter; i++) appendFileSync(file, msg('user', `new question ${i}`) + msg('assistant', `new answer ${i}`));
  return file;
}

describe('tail-first resume', () => {
  it('parses only from the newest compaction and rebuilds the same history as a full read', async () => {
    const file = session(300, true, 2);
    const tail = await loadResumeLines(path.dirname(file), file);
    expect(tail.fromByte).toBeGreaterThan(500_000);
    expect(tail.lines.length).toBe(1 + 1 + 4);
    const full = await loadRollout(file);
    expect(reconstructHistory(tail.lines)).toEqual(reconstructHistory(full.lines));
  });

  it('finds the newest compaction, or none, wherever a chunk boundary falls (one starting right after a newline once looped for ever)', () => {
    const plain = session(6, false, 0);
    const compacted = session(2, true, 3);
    const want = readFileSync(compacted, 'utf8').split('\n').findIndex((l) => l.includes('"type":"compacted"'));
    const offset = readFileSync(compacted, 'utf8').split('\n').slice(0, want).reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
    for (let chunk = 1; chunk <= 700; chunk++) {
      expect(findLastCompaction(plain, chunk)).toBeNull();
      expect(findLastCompaction(compacted, chunk)).toBe(offset);
    }
  });

  it('reads the whole file when there is no compaction', async () => {
    const file = session(3, false, 1);
    expect(findLastCompaction(file)).toBeNull();
    const r = await loadResumeLines(path.dirname(file), file);
    expect(r.fromByte).toBe(0);
    expect(reconstructHistory(r.lines).length).toBe(8);
  });

  it('keeps only the newest usage record, full token count and turn context of each kind, where each sat', async () => {
    const file = session(0, false, 0);
    const usage = (n: number) => line('token_usage_record', { thread_token_usage: { input_tokens: n } });
    const count = (n: number, last: boolean) => line('event_msg', { type: 'token_count', info: { total_token_usage: { input_tokens: n }, last_token_usage: last ? { total_tokens: n } : null } });
    const context = (model: string, turnId?: string) => line('turn_context', { cwd: '/w', model, ...(turnId ? { turn_id: turnId } : {}) });
    for (let i = 1; i <= 3; i++) appendFileSync(file, context('legacy-' + i) + context('m' + i, 't' + i) + msg('user', `q${i}`) + usage(i) + count(i, true) + count(100 + i, false));
    const { lines } = await loadResumeLines(path.dirname(file), file);
    const label = (l: (typeof lines)[number]) => {
      const p = l.payload as { model?: string; thread_token_usage?: { input_tokens: number }; info?: { total_token_usage: { input_tokens: number } } };
      if (l.type === 'turn_context') return `context ${p.model}`;
      if (l.type === 'token_usage_record') return `usage ${p.thread_token_usage?.input_tokens}`;
      if (l.type === 'event_msg') return `count ${p.info?.total_token_usage.input_tokens}`;
      return l.type;
    };
    // Counts without a last-response total stay (the newest of them may be the newest count there is).
    expect(lines.map(label)).toEqual(['session_meta', 'response_item', 'count 101', 'response_item', 'count 102', 'context legacy-3', 'context m3', 'response_item', 'usage 3', 'count 3', 'count 103']);
  });

  it('falls back to a full read when a rollback reaches past the compaction', async () => {
    const file = session(3, true, 1);
    appendFileSync(file, line('event_msg', { type: 'thread_rolled_back', num_turns: 2 }));
    const r = await loadResumeLines(path.dirname(file), file);
    expect(r.fromByte).toBe(0);
  });
});
