import { rmSync, statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionStore } from './store.ts';
import { appendTurns, makeTurns, nameSession, tempCodexHome, writeSession } from '#test-support/sessions';

describe('SessionStore', () => {
  let home: string;
  let store: SessionStore;
  beforeEach(() => {
    home = tempCodexHome();
    store = SessionStore.open(home);
  });
  afterEach(() => {
    store.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('refreshes, lists, searches, resolves and shows the tail of sessions', async () => {
    const a = writeSession(home, { createdAt: new Date(Date.UTC(2026, 0, 1)), cwd: '/a', turns: makeTurns(3, 'avocado') });
    const b = writeSession(home, { createdAt: new Date(Date.UTC(2026, 0, 2)), cwd: '/b', format: 'legacy', turns: makeTurns(2, 'banana') });
    nameSession(home, b.id, 'fruit salad');
    expect(store.openStatus).toBe('created');
    expect(await store.refresh()).toMatchObject({ scanned: 2, added: 2 });

    expect(store.list({ sort: 'created' }).items.map((s) => s.id)).toEqual([b.id, a.id]);
    expect(store.list({ cwd: '/a' }).items.map((s) => s.id)).toEqual([a.id]);
    expect(store.search('banana')[0].session.name).toBe('fruit salad');
    const resolved = await store.resolve('fruit salad');
    expect(resolved.id).toBe(b.id);
    const tail = await store.tail(resolved, 1);
    expect(tail.turns.map((t) => t.user)).toEqual(['question 2 about banana']);
    expect((await store.transcript(resolved)).turns).toHaveLength(2);
  });

  it('refresh is cheap when nothing changed, and joins a run already under way', async () => {
    const sessions = Array.from({ length: 20 }, () => writeSession(home, { turns: makeTurns(20) }));
    const [first, joined] = await Promise.all([store.refresh(), store.refresh()]);
    expect(joined).toBe(first);
    expect(first.added).toBe(20);
    const again = await store.refresh();
    expect(again).toMatchObject({ unchanged: 20, bytesRead: 0 });

    const appended = appendTurns(sessions[3], makeTurns(1, 'late'));
    const total = sessions.reduce((n, s) => n + statSync(s.file).size, 0);
    const after = await store.refresh();
    expect(after).toMatchObject({ updated: 1, unchanged: 19 });
    expect(after.bytesRead).toBeLessThan(appended + 200);
    expect(after.bytesRead).toBeLessThan(total / 50);
  });

  it('two stores on one index (two csm processes) refreshing at once never double-index', async () => {
    const sessions = Array.from({ length: 6 }, () => writeSession(home, { turns: makeTurns(30, 'shared') }));
    await store.refresh();
    for (const s of sessions) appendTurns(s, makeTurns(2, 'more', 30));
    const other = SessionStore.open(home);
    try {
      const [a, b] = await Promise.all([store.refresh({ batchBytes: 1024 }), other.refresh()]);
      expect(a.updated + a.skipped).toBe(6);
      expect(b.updated + b.skipped).toBe(6);
      for (const s of sessions) {
        expect(store.get(s.id)!.userTurns).toBe(32);
        const rows = store.db.prepare('SELECT count(*) AS n FROM messages WHERE session_id = ?').get(s.id) as { n: number };
        expect(rows.n).toBe(64);
      }
      expect(await other.refresh()).toMatchObject({ unchanged: 6 });
    } finally {
      other.close();
    }
  });

  it('indexes one file on demand, and forgets a deleted session', async () => {
    const s = writeSession(home, { turns: makeTurns(1) });
    expect(await store.indexFile(s.file)).toBe('added');
    expect(store.get(s.id)?.userTurns).toBe(1);
    expect(store.forget(s.id)).toBe(true);
    expect(store.get(s.id)).toBeNull();
  });

  it('lists the forks of a session', async () => {
    const parent = writeSession(home, { turns: makeTurns(2) });
    const child = writeSession(home, { forkedFrom: { id: parent.id, endOrdinal: parent.nextOrdinal }, turns: makeTurns(1) });
    await store.refresh();
    expect(store.forks(parent.id).map((s) => s.id)).toEqual([child.id]);
  });
});
