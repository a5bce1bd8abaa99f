// A session upstream continued in a second file of the same id (0.171.0 does when it rolls turns
// back): rollout-<stamp>-<id>_<rollout id>.jsonl, whose history_base names the file it continues and
// where. csm reads the files of one id as one session everywhere: index, list, search, show, resume,
// fork, archive and delete.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findRolloutById, findThreadFiles, loadResumeLines, loadThreadLines, parseRolloutFileName, reconstructHistory } from '../rollout/index.ts';
import { SessionStore } from './store.ts';
import { archiveSession, unarchiveSession } from './ops/archive.ts';
import { applyDelete, planDelete } from './ops/delete.ts';
import { forkSession } from './ops/fork.ts';
import { makeTurns, tempCodexHome, turnStart, writeContinuation, writeSession, type GenSession } from '#test-support/sessions';

const textsOf = (items: unknown[]) => items.flatMap((i) => ((i as { content?: { text?: string }[] }).content ?? []).map((c) => c.text ?? ''));

describe('a session continued in a second file of the same id', () => {
  let home: string;
  let store: SessionStore;
  let first: GenSession;
  let second: GenSession;
  beforeEach(() => {
    home = tempCodexHome();
    store = SessionStore.open(home);
    // Two turns, then turn 2 rolled back and a new turn 2 asked: the new file keeps turn 1 of the first.
    first = writeSession(home, { createdAt: new Date(Date.UTC(2026, 10, 1, 12, 0, 0)), turns: [{ user: 'plan the avocado garden', agent: 'Planted.' }, { user: 'water the bananas', agent: 'Watered.' }] });
    second = writeContinuation(home, first, {
      createdAt: new Date(Date.UTC(2026, 10, 2, 9, 0, 0)),
      base: { rolloutId: first.id, ...turnStart(first, 2) },
      turns: [{ user: 'prune the cherries instead', agent: 'Pruned.' }],
    });
  });
  afterEach(() => {
    store.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('names the thread and its own rollout id in the file name', () => {
    expect(parseRolloutFileName(path.basename(second.file))).toMatchObject({ threadId: first.id, rolloutId: expect.not.stringMatching(first.id) });
    expect(parseRolloutFileName(path.basename(first.file))).toMatchObject({ threadId: first.id, rolloutId: first.id });
  });

  it('finds the newest file as the one to read and append to, the first one as the one it continues', async () => {
    expect((await findThreadFiles(home, first.id)).map((f) => f.file)).toEqual([first.file, second.file]);
    expect(await findRolloutById(home, first.id)).toBe(second.file);
  });

  it('reads the kept turns from the first file, then the second file, and not the rolled-back turn', async () => {
    const { lines, files } = await loadThreadLines(home, second.file);
    expect(files).toEqual([first.file, second.file]);
    const history = textsOf(reconstructHistory(lines));
    expect(history).toContain('plan the avocado garden');
    expect(history).toContain('prune the cherries instead');
    expect(history).not.toContain('water the bananas');
    expect(textsOf(reconstructHistory((await loadResumeLines(home, second.file)).lines))).toEqual(history);
  });

  it('indexes one session: its turns, title and search text from both files', async () => {
    const r = await store.refresh();
    expect(r.scanned).toBe(2);
    const items = store.list({ all: true }).items;
    expect(items.map((s) => s.id)).toEqual([first.id]);
    expect(items[0]).toMatchObject({ path: second.file, userTurns: 2, firstUserMessage: 'plan the avocado garden', forkedFromId: null });
    expect(store.search('avocado').map((h) => h.session.id)).toEqual([first.id]);
    expect(store.search('cherries').map((h) => h.session.id)).toEqual([first.id]);
    expect(store.search('bananas')).toEqual([]);
  });

  it('shows the conversation as it stands: turn 1 from the first file, the new turn 2', async () => {
    await store.refresh();
    const s = await store.resolve(first.id);
    const users = (await store.tail(s, 10)).turns.map((t) => t.user);
    expect(users).toEqual(['plan the avocado garden', 'prune the cherries instead']);
    expect((await store.transcript(s)).turns.map((t) => t.user)).toEqual(users);
  });

  it('follows a later continuation as the new head when it appears', async () => {
    await store.refresh();
    // Everything rolled back: upstream's new file has no history_base at all.
    const third = writeContinuation(home, first, { createdAt: new Date(Date.UTC(2026, 10, 3, 9, 0, 0)), base: null });
    await store.refresh();
    expect(store.list({ all: true }).items.map((s) => [s.id, s.path, s.userTurns])).toEqual([[first.id, third.file, 0]]);
    expect(reconstructHistory((await loadThreadLines(home, third.file)).lines)).toEqual([]);
  });

  it('forks from the head, naming its rollout id as the history base', async () => {
    const fork = await forkSession(home, second.file);
    expect(fork.forkedFromId).toBe(first.id);
    expect(fork.historyBase?.thread_id).toBe(parseRolloutFileName(path.basename(second.file))!.rolloutId);
    const history = textsOf(reconstructHistory((await loadThreadLines(home, fork.file)).lines));
    expect(history).toEqual(expect.arrayContaining(['plan the avocado garden', 'prune the cherries instead']));
    expect(history).not.toContain('water the bananas');
  });

  it('archives, unarchives and deletes every file of the session', async () => {
    const archived = archiveSession(home, second.file);
    expect(readdirSync(path.join(home, 'archived_sessions')).sort()).toEqual([path.basename(first.file), path.basename(second.file)].sort());
    await store.refresh();
    expect(store.list({ all: true, archived: true }).items.map((s) => s.path)).toEqual([archived]);
    const back = unarchiveSession(home, archived);
    expect(back).toBe(second.file);
    expect(existsSync(first.file)).toBe(true);

    const plan = planDelete(home, second.file, first.id);
    expect(plan.files).toEqual([second.file, first.file]);
    applyDelete(plan);
    expect(existsSync(first.file) || existsSync(second.file)).toBe(false);
  });
});
