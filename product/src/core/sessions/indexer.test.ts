import { appendFileSync, copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ARCHIVED_SESSIONS_SUBDIR, rolloutPath } from '../rollout/index.ts';
import { openIndexDb, type Db } from './db.ts';
import { refreshIndex, SEAM_BYTES } from './indexer.ts';
import { getSession, listSessions } from './query.ts';
import { searchSessions } from './search.ts';
import { appendTurns, makeTurns, nameSession, tempCodexHome, writeSession } from '#test-support/sessions';

const FIXTURES = path.join(import.meta.dirname, '..', 'rollout', 'fixtures');

describe('refreshIndex', () => {
  let home: string;
  let db: Db;
  beforeEach(() => {
    home = tempCodexHome();
    db = openIndexDb(home).db;
  });
  afterEach(() => {
    db.close();
    rmSync(home, { recursive: true, force: true });
  });

  const messageRows = (id: string) => (db.prepare('SELECT count(*) AS n FROM messages WHERE session_id = ?').get(id) as { n: number }).n;

  it('indexes a paginated session: meta, model, first prompt, turns, tokens, preview', async () => {
    const s = writeSession(home, { format: 'paginated', cwd: '/p', source: 'cli', provider: 'mock', gitBranch: 'feat', turns: makeTurns(3, 'kiwis') });
    const r = await refreshIndex(db, home);
    expect(r).toMatchObject({ scanned: 1, added: 1, updated: 0, unchanged: 0, removed: 0, malformed: 0 });
    expect(getSession(db, s.id)).toMatchObject({
      id: s.id,
      path: s.file,
      archived: false,
      cwd: '/p',
      createdAt: s.createdAt.getTime(),
      source: 'cli',
      originator: 'codex_exec',
      provider: 'mock',
      model: 'gpt-5.5',
      gitBranch: 'feat',
      gitSha: 'abc123',
      firstUserMessage: 'question 1 about kiwis',
      preview: 'answer 3 regarding kiwis',
      userTurns: 3,
      totalTokens: 300,
      historyMode: 'paginated',
      malformedLines: 0,
      forkedFromId: null,
    });
  });

  it('indexes a legacy session (no ordinals, event duplicates) the same way', async () => {
    const s = writeSession(home, { format: 'legacy', turns: makeTurns(2, 'pears') });
    await refreshIndex(db, home);
    expect(getSession(db, s.id)).toMatchObject({ historyMode: 'legacy', userTurns: 2, totalTokens: 200, firstUserMessage: 'question 1 about pears', source: 'cli' });
  });

  it("reads upstream's own files: the 0.169.0 exec fixture and the legacy fixture", async () => {
    const id1 = '019ab000-0000-7000-8000-000000000001';
    const id2 = '0199101a-2b3c-7d4e-8f60-718293a4b5c6';
    const f1 = rolloutPath(home, id1, new Date(Date.UTC(2026, 10, 24, 23, 3, 57)));
    const f2 = rolloutPath(home, id2, new Date(Date.UTC(2025, 8, 3, 10, 15, 2)));
    mkdirSync(path.dirname(f1), { recursive: true });
    mkdirSync(path.dirname(f2), { recursive: true });
    copyFileSync(path.join(FIXTURES, 'exec-tool-call.rollout.jsonl'), f1);
    copyFileSync(path.join(FIXTURES, 'legacy.rollout.jsonl'), f2);
    const r = await refreshIndex(db, home);
    expect(r.added).toBe(2);
    expect(getSession(db, id1)).toMatchObject({
      firstUserMessage: 'run the greeting command',
      preview: 'The command printed: hello-from-tool. Done.',
      model: 'gpt-5.5',
      source: 'exec',
      provider: 'mock',
      userTurns: 1,
      totalTokens: 264,
      historyMode: 'paginated',
    });
    expect(getSession(db, id2)).toMatchObject({ firstUserMessage: 'what does main.rs do?', historyMode: 'legacy', model: 'gpt-5', source: 'cli' });
    // context messages (environment_context, permissions, skills) are not searchable as prompts
    expect(searchSessions(db, 'environment_context')).toEqual([]);
    expect(searchSessions(db, 'greeting')[0].session.id).toBe(id1);
  });

  it('a second run with nothing changed only stats files: nothing read', async () => {
    writeSession(home, { turns: makeTurns(5) });
    writeSession(home, { format: 'legacy', turns: makeTurns(5) });
    await refreshIndex(db, home);
    const r = await refreshIndex(db, home);
    expect(r).toMatchObject({ scanned: 2, added: 0, updated: 0, unchanged: 2, bytesRead: 0 });
  });

  it('reads only the appended bytes when a session grew, and continues its state', async () => {
    const s = writeSession(home, { turns: makeTurns(50, 'apples') });
    await refreshIndex(db, home);
    const appended = appendTurns(s, [{ user: 'now about zucchini', agent: 'zucchini is a squash' }]);
    const r = await refreshIndex(db, home);
    expect(r).toMatchObject({ updated: 1, unchanged: 0 });
    // the appended bytes, plus the seam check before them and at the new end
    expect(r.bytesRead).toBe(appended + 2 * SEAM_BYTES);
    expect(r.bytesRead).toBeLessThan(readFileSync(s.file).length / 10);
    expect(getSession(db, s.id)).toMatchObject({ userTurns: 51, totalTokens: 5100, preview: 'zucchini is a squash', firstUserMessage: 'question 1 about apples' });
    expect(searchSessions(db, 'zucchini')[0]).toMatchObject({ turn: 51 });
    expect(messageRows(s.id)).toBe(102);
  });

  it('re-reads from 0 when a file shrank or was replaced by another file', async () => {
    const s = writeSession(home, { turns: makeTurns(4, 'plums') });
    await refreshIndex(db, home);
    const text = readFileSync(s.file, 'utf8');
    const cut = text.split('\n').slice(0, 20).join('\n') + '\n';
    truncateSync(s.file, Buffer.byteLength(cut));
    let r = await refreshIndex(db, home);
    expect(r).toMatchObject({ updated: 1, bytesRead: Buffer.byteLength(cut) + SEAM_BYTES });
    const shrunk = getSession(db, s.id)!;
    expect(shrunk.userTurns).toBeLessThan(4);

    // same size class, new inode: written elsewhere and renamed over it
    const other = `${s.file}.tmp`;
    writeFileSync(other, text.replaceAll('plums', 'cherries'));
    renameSync(other, s.file);
    r = await refreshIndex(db, home);
    expect(r.updated).toBe(1);
    expect(getSession(db, s.id)!.firstUserMessage).toBe('question 1 about cherries');
    expect(searchSessions(db, 'plums')).toEqual([]);
    expect(messageRows(s.id)).toBe(8);
  });

  it('notices a rewrite in place that kept the inode and grew: the seam differs, so it re-reads', async () => {
    const s = writeSession(home, { turns: makeTurns(3, 'figs') });
    await refreshIndex(db, home);
    const text = readFileSync(s.file, 'utf8');
    writeFileSync(s.file, text.replaceAll('figs', 'dates') + '\n'); // same inode, longer
    await refreshIndex(db, home);
    expect(searchSessions(db, 'figs')).toEqual([]);
    expect(searchSessions(db, 'dates')).toHaveLength(1);
  });

  it('counts malformed lines and a truncated last line, never failing; a completed line is read next time', async () => {
    const s = writeSession(home, { turns: makeTurns(2) });
    appendFileSync(s.file, 'not json\n{"type":"response_item","payload":{}}\n');
    const turn = `${JSON.stringify({ timestamp: '2026-11-01T13:00:00.000Z', ordinal: 999, type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'finished later' }] } })}\n`;
    appendFileSync(s.file, turn.slice(0, 40));
    let r = await refreshIndex(db, home);
    expect(r.malformed).toBe(3);
    expect(getSession(db, s.id)!.malformedLines).toBe(3);

    appendFileSync(s.file, turn.slice(40));
    r = await refreshIndex(db, home);
    expect(r.malformed).toBe(0);
    expect(r.bytesRead).toBe(Buffer.byteLength(turn) + 2 * SEAM_BYTES);
    expect(getSession(db, s.id)).toMatchObject({ malformedLines: 2, userTurns: 3 });
  });

  it('removes a session whose file is gone, with its search text', async () => {
    const a = writeSession(home, { turns: makeTurns(2, 'walnuts') });
    const b = writeSession(home, { turns: makeTurns(2, 'pecans') });
    await refreshIndex(db, home);
    rmSync(a.file);
    const r = await refreshIndex(db, home);
    expect(r).toMatchObject({ removed: 1, unchanged: 1 });
    expect(getSession(db, a.id)).toBeNull();
    expect(messageRows(a.id)).toBe(0);
    expect(getSession(db, b.id)).not.toBeNull();
  });

  it('flags sessions in archived_sessions, and follows an archive move without reading the file', async () => {
    const kept = writeSession(home, { archived: true, turns: makeTurns(1) });
    const s = writeSession(home, { turns: makeTurns(3) });
    await refreshIndex(db, home);
    expect(getSession(db, kept.id)!.archived).toBe(true);
    expect(getSession(db, s.id)!.archived).toBe(false);

    const moved = path.join(home, ARCHIVED_SESSIONS_SUBDIR, path.basename(s.file));
    renameSync(s.file, moved);
    const r = await refreshIndex(db, home);
    expect(r).toMatchObject({ moved: 1, removed: 0, bytesRead: 0 });
    expect(getSession(db, s.id)).toMatchObject({ archived: true, path: moved, userTurns: 3 });
  });

  it('records fork lineage from forked_from_id / history_base', async () => {
    const parent = writeSession(home, { turns: makeTurns(3) });
    const child = writeSession(home, { forkedFrom: { id: parent.id, endOrdinal: parent.nextOrdinal }, turns: makeTurns(1, 'forked') });
    const legacyChild = writeSession(home, { format: 'legacy', forkedFrom: { id: parent.id, endOrdinal: 0 }, turns: makeTurns(1) });
    await refreshIndex(db, home);
    expect(getSession(db, child.id)!.forkedFromId).toBe(parent.id);
    expect(getSession(db, legacyChild.id)!.forkedFromId).toBe(parent.id);
    expect(getSession(db, parent.id)!.forkedFromId).toBeNull();
  });

  it('takes names from session_index.jsonl, newest entry winning, and follows renames incrementally', async () => {
    const s = writeSession(home, { turns: makeTurns(1) });
    nameSession(home, s.id, 'first name');
    nameSession(home, s.id, 'better name');
    await refreshIndex(db, home);
    expect(getSession(db, s.id)!.name).toBe('better name');
    nameSession(home, s.id, 'final name');
    const r = await refreshIndex(db, home);
    expect(r.unchanged).toBe(1);
    expect(getSession(db, s.id)!.name).toBe('final name');
  });

  it('commits big files in batches and ends with the same result', async () => {
    const s = writeSession(home, { turns: makeTurns(200, 'batched') });
    await refreshIndex(db, home, { batchBytes: 4096 });
    expect(getSession(db, s.id)).toMatchObject({ userTurns: 200, totalTokens: 20000, malformedLines: 0 });
    expect(messageRows(s.id)).toBe(400);
    expect((await refreshIndex(db, home)).unchanged).toBe(1);
  });

  it('resumes an interrupted cold index where it stopped', async () => {
    const sessions = Array.from({ length: 4 }, (_, i) => writeSession(home, { createdAt: new Date(Date.UTC(2026, 10, i + 1)), turns: makeTurns(2) }));
    const ctl = new AbortController();
    const progress: number[] = [];
    await expect(
      refreshIndex(db, home, {
        signal: ctl.signal,
        onProgress: (done) => {
          progress.push(done);
          if (done === 2) ctl.abort();
        },
      }),
    ).rejects.toThrow();
    expect(listSessions(db).items).toHaveLength(2);
    const r = await refreshIndex(db, home);
    expect(r).toMatchObject({ added: 2, unchanged: 2, removed: 0 });
    expect(listSessions(db).items.map((s) => s.id).sort()).toEqual(sessions.map((s) => s.id).sort());
  });

  it('reports progress over the files that needed reading', async () => {
    for (let i = 0; i < 3; i++) writeSession(home, { turns: makeTurns(1) });
    const calls: Array<[number, number]> = [];
    await refreshIndex(db, home, { onProgress: (d, t) => calls.push([d, t]) });
    expect(calls).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
  });

  it('indexes tool output only when asked, and re-indexes when the option changes', async () => {
    const s = writeSession(home, { turns: [{ user: 'list files', agent: 'done', command: { cmd: 'ls', output: 'quuxfile.txt' } }] });
    await refreshIndex(db, home);
    expect(searchSessions(db, 'quuxfile')).toEqual([]);
    const r = await refreshIndex(db, home, { toolOutput: true });
    expect(r.updated).toBe(1);
    expect(searchSessions(db, 'quuxfile')[0]).toMatchObject({ role: 'tool', turn: 1 });
    expect(getSession(db, s.id)!.userTurns).toBe(1);
  });
});
