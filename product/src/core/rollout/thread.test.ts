import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newThreadId } from './paths.ts';
import { reconstructHistory } from './reconstruct.ts';
import { loadThreadLines } from './thread.ts';
import { RolloutWriter, type RolloutItem } from './writer.ts';

const meta = (id: string, extra: Record<string, unknown> = {}): RolloutItem => ({
  type: 'session_meta',
  payload: { id, timestamp: '2026-11-24T23:03:56.659Z', cwd: '/ws', originator: 'codex_exec', cli_version: '0.169.0', source: 'exec', ...extra },
});
const say = (role: 'user' | 'assistant', text: string): RolloutItem => ({
  type: 'response_item',
  payload: { type: 'message', role, content: [{ type: role === 'user' ? 'input_text' : 'output_text', text }] },
});
const texts = (lines: Awaited<ReturnType<typeof loadThreadLines>>['lines']) =>
  reconstructHistory(lines).map((i) => (i.content as Array<{ text: string }>)[0].text);

describe('loadThreadLines: a fork points at its parent instead of copying it (0.169.0 history_base)', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'csm-thread-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  /** A parent with two turns; returns where its first turn ends. */
  const parent = () => {
    const id = newThreadId();
    const w = RolloutWriter.create(home, id);
    w.append(meta(id), say('user', 'one'), say('assistant', 'ONE'));
    const cut = { ordinal: w.nextOrdinal!, byte: statSync(w.path).size };
    w.append(say('user', 'two'), say('assistant', 'TWO'));
    w.close();
    return { id, file: w.path, cut };
  };

  it('loads the parent prefix up to history_base, then the fork', async () => {
    const p = parent();
    const forkId = newThreadId();
    const fork = RolloutWriter.create(home, forkId, { firstOrdinal: p.cut.ordinal });
    fork.append(
      meta(forkId, { forked_from_id: p.id, history_base: { thread_id: p.id, end_ordinal_exclusive: p.cut.ordinal, end_byte_offset: p.cut.byte } }),
      say('user', 'forked question'),
    );
    fork.close();

    const thread = await loadThreadLines(home, fork.path);
    expect(thread.files).toEqual([p.file, fork.path]);
    expect(thread.lines.map((l) => l.ordinal)).toEqual([0, 1, 2, 3, 4]);
    expect(texts(thread.lines)).toEqual(['one', 'ONE', 'forked question']);
    expect(thread.missingBase).toBeNull();
    expect(thread.stats).toEqual({ lines: 5, malformed: 0, truncatedTail: false });
  });

  it('cuts by ordinal when the fork gives no byte offset', async () => {
    const p = parent();
    const forkId = newThreadId();
    const fork = RolloutWriter.create(home, forkId, { firstOrdinal: p.cut.ordinal });
    fork.append(meta(forkId, { history_base: { thread_id: p.id, end_ordinal_exclusive: p.cut.ordinal } }), say('user', 'again'));
    fork.close();
    expect(texts((await loadThreadLines(home, fork.path)).lines)).toEqual(['one', 'ONE', 'again']);
  });

  it('follows a fork of a fork', async () => {
    const p = parent();
    const midId = newThreadId();
    const mid = RolloutWriter.create(home, midId, { firstOrdinal: p.cut.ordinal });
    mid.append(meta(midId, { history_base: { thread_id: p.id, end_ordinal_exclusive: p.cut.ordinal } }), say('user', 'mid'), say('assistant', 'MID'));
    const midEnd = mid.nextOrdinal!;
    mid.close();
    const leafId = newThreadId();
    const leaf = RolloutWriter.create(home, leafId, { firstOrdinal: midEnd });
    leaf.append(meta(leafId, { history_base: { thread_id: midId, end_ordinal_exclusive: midEnd } }), say('user', 'leaf'));
    leaf.close();
    expect(texts((await loadThreadLines(home, leaf.path)).lines)).toEqual(['one', 'ONE', 'mid', 'MID', 'leaf']);
  });

  it('reports a parent that cannot be found and still returns the fork itself', async () => {
    const forkId = newThreadId();
    const gone = newThreadId();
    const fork = RolloutWriter.create(home, forkId, { firstOrdinal: 3 });
    fork.append(meta(forkId, { history_base: { thread_id: gone, end_ordinal_exclusive: 3 } }), say('user', 'orphan'));
    fork.close();
    const thread = await loadThreadLines(home, fork.path);
    expect(thread.missingBase).toBe(gone);
    expect(texts(thread.lines)).toEqual(['orphan']);
  });

  it('loads a plain session as just its own lines', async () => {
    const p = parent();
    const thread = await loadThreadLines(home, p.file);
    expect(thread.files).toEqual([p.file]);
    expect(texts(thread.lines)).toEqual(['one', 'ONE', 'two', 'TWO']);
  });
});
