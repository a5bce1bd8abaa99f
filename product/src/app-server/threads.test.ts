import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backwardsCursor, listQuery, recordedTail } from './threads.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('thread/list as an index query', () => {
  it("is newest first by creation time, as upstream's default", () => {
    expect(listQuery({})).toMatchObject({ sort: 'created', direction: 'desc', archived: false, source: ['cli', 'vscode'], limit: 25 });
    expect(listQuery({ sortKey: 'updated_at', sortDirection: 'asc' })).toMatchObject({ sort: 'updated', direction: 'asc' });
  });

  it('pages back from the time its first thread was created (the anchor a backwardsCursor names)', () => {
    const q = listQuery({});
    const cursor = backwardsCursor({ createdAt: Date.UTC(2026, 10, 17, 23, 22, 57, 118), updatedAt: 0 }, q)!;
    expect(cursor).toBe('2026-11-17T23:22:57.118Z');
    expect(listQuery({ cursor, sortDirection: 'asc' })).toMatchObject({ direction: 'asc', anchor: Date.parse(cursor), cursor: undefined });
    expect(backwardsCursor(undefined, q)).toBeNull();
  });
});

describe("a session's recorded end", () => {
  it('is the newest turn_context (settings, turn) and the newest token count with usage, however long the file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'csm-tail-'));
    dirs.push(dir);
    const file = path.join(dir, 'rollout.jsonl');
    const ctx = (turn: string, approval: string, sandbox: string) => JSON.stringify({ type: 'turn_context', payload: { turn_id: turn, approval_policy: approval, sandbox_policy: { type: sandbox } } });
    const count = (n: number) => JSON.stringify({ type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: { total_tokens: n }, last_token_usage: { total_tokens: 1 }, model_context_window: 1000 } } });
    const filler = Array.from({ length: 3000 }, (_, i) => JSON.stringify({ type: 'response_item', payload: { type: 'message', text: `line ${i} ${'x'.repeat(40)}` } }));
    writeFileSync(file, [ctx('a', 'on-request', 'workspace-write'), count(5), ctx('b', 'never', 'danger-full-access'), count(9), ...filler, JSON.stringify({ type: 'event_msg', payload: { type: 'token_count', info: null } }), ''].join('\n'));
    expect(recordedTail(file)).toEqual({ approval: 'never', sandbox: 'danger-full-access', turnId: 'b', tokens: { total: { total_tokens: 9 }, last: { total_tokens: 1 }, contextWindow: 1000 } });
    expect(recordedTail(path.join(dir, 'missing.jsonl'))).toEqual({});
  });
});
