import { rmSync, utimesSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIndexDb, type Db } from './db.ts';
import { refreshIndex } from './indexer.ts';
import { listQuery, listSessions, type ListOptions } from './query.ts';
import { makeTurns, tempCodexHome, writeSession, type GenSession } from '#test-support/sessions';

// 30 sessions, one a day in November 2026; created order = id order. Updated order is reversed
// (mtime set so the oldest was touched last). Every third in /b, the rest in /a; every fifth is
// archived; sources alternate cli / exec; providers alternate openai / mock every other pair.
describe('listSessions', () => {
  let home: string;
  let db: Db;
  const made: GenSession[] = [];
  const day = (i: number) => new Date(Date.UTC(2026, 10, 1 + i, 9));

  beforeAll(async () => {
    home = tempCodexHome();
    db = openIndexDb(home).db;
    for (let i = 0; i < 30; i++) {
      const s = writeSession(home, {
        createdAt: day(i),
        cwd: i % 3 === 0 ? '/b' : '/a',
        archived: i % 5 === 4,
        source: i % 2 ? 'exec' : 'cli',
        provider: Math.floor(i / 2) % 2 ? 'mock' : 'openai',
        turns: makeTurns(1),
      });
      const touched = new Date(Date.UTC(2027, 0, 1) + (30 - i) * 60_000);
      utimesSync(s.file, touched, touched);
      made.push(s);
    }
    await refreshIndex(db, home);
  });
  afterAll(() => {
    db.close();
    rmSync(home, { recursive: true, force: true });
  });

  const ids = (opts: ListOptions) => listSessions(db, opts).items.map((s) => s.id);
  const expected = (pred: (i: number) => boolean) => made.map((s, i) => [s, i] as const).filter(([, i]) => pred(i)).map(([s]) => s.id);
  const active = (i: number) => i % 5 !== 4;

  it('lists active sessions by updated time, newest first, 25 by default', () => {
    const page = listSessions(db);
    expect(page.items).toHaveLength(24);
    expect(page.items.map((s) => s.id)).toEqual(expected(active));
    expect(page.nextCursor).toBeNull();
  });

  it('sorts by created time, newest first', () => {
    expect(ids({ sort: 'created', limit: 100 })).toEqual(expected(active).reverse());
  });

  it('filters by cwd unless all is set, by archived, source, provider and since', () => {
    expect(ids({ cwd: '/b', sort: 'created' })).toEqual(expected((i) => active(i) && i % 3 === 0).reverse());
    expect(ids({ cwd: '/b', all: true })).toHaveLength(24);
    expect(ids({ archived: true, sort: 'created' })).toEqual(expected((i) => !active(i)).reverse());
    expect(ids({ archived: 'any', limit: 100 })).toHaveLength(30);
    expect(ids({ source: ['exec'], limit: 100 })).toEqual(expected((i) => active(i) && i % 2 === 1));
    expect(ids({ source: ['exec', 'cli'], limit: 100 })).toHaveLength(24);
    expect(ids({ provider: 'mock', archived: 'any', limit: 100 })).toHaveLength(14);
    expect(ids({ sort: 'created', since: day(25), archived: 'any' })).toEqual(expected((i) => i >= 25).reverse());
  });

  it('pages with a keyset cursor: no gaps, no repeats, stable when sessions are added meanwhile', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const page = listSessions(db, { sort: 'created', archived: 'any', limit: 7, cursor });
      seen.push(...page.items.map((s) => s.id));
      pages++;
      if (pages === 2) {
        // a new session arrives between two pages: later pages are unaffected
        writeSession(home, { createdAt: new Date(Date.UTC(2026, 11, 31)), turns: makeTurns(1) });
        await refreshIndex(db, home);
      }
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(pages).toBe(5);
    expect(seen).toEqual(expected(() => true).reverse());
  });

  it('rejects a cursor made for the other sort order', () => {
    const { nextCursor } = listSessions(db, { sort: 'created', limit: 2 });
    expect(() => listSessions(db, { sort: 'updated', cursor: nextCursor! })).toThrow(/sort/);
    expect(() => listSessions(db, { cursor: 'garbage' })).toThrow(/cursor/);
  });

  it('pages oldest first too, and from an anchor time (the way back from a page, anchor included)', () => {
    const first = listSessions(db, { sort: 'created', direction: 'asc', limit: 3 });
    expect(first.items.map((s) => s.id)).toEqual(expected(active).slice(0, 3));
    expect(ids({ sort: 'created', direction: 'asc', limit: 3, cursor: first.nextCursor! })).toEqual(expected(active).slice(3, 6));
    expect(ids({ sort: 'created', direction: 'asc', limit: 2, anchor: day(5).getTime() })).toEqual(expected((i) => active(i) && i >= 5).slice(0, 2));
    expect(ids({ sort: 'created', anchor: day(2).getTime() })).toEqual(expected((i) => active(i) && i <= 2).reverse());
  });

  it('never scans the table or sorts in a temp b-tree: every shape of query walks an index', () => {
    const shapes: ListOptions[] = [
      {},
      { sort: 'created' },
      { cwd: '/a' },
      { cwd: '/a', sort: 'created', since: new Date(0) },
      { archived: 'any' },
      { archived: 'any', cwd: '/a', sort: 'created' },
      { archived: true, source: ['cli', 'vscode'], provider: 'openai' },
      { cursor: listSessions(db, { limit: 1 }).nextCursor! },
      { sort: 'created', direction: 'asc', anchor: day(3).getTime() },
    ];
    for (const shape of shapes) {
      const q = listQuery(shape);
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
      expect(plan, JSON.stringify(shape)).toMatch(/USING (COVERING )?INDEX sessions_/);
      expect(plan, JSON.stringify(shape)).not.toMatch(/TEMP B-TREE/);
    }
  });
});
