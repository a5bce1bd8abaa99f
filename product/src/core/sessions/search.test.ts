import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openIndexDb, type Db } from './db.ts';
import { refreshIndex } from './indexer.ts';
import { buildFtsQuery, searchSessions } from './search.ts';
import { makeTurns, tempCodexHome, writeSession, type GenSession } from '#test-support/sessions';

describe('searchSessions', () => {
  let home: string;
  let db: Db;
  let long: GenSession;
  let twice: GenSession;
  let archived: GenSession;

  beforeAll(async () => {
    home = tempCodexHome();
    db = openIndexDb(home).db;
    for (let i = 0; i < 10; i++) writeSession(home, { cwd: '/other', turns: makeTurns(5, `filler${i}`) });
    // a 300-turn session with one unusual word at turn 250, in the agent's answer
    const turns = makeTurns(300, 'routine');
    turns[249] = { user: 'what about the build?', agent: 'The build uses a flibbertigibbet step and a foo-bar flag.' };
    long = writeSession(home, { cwd: '/proj', turns });
    // a short session that mentions it twice: ranks higher than one mention among long text
    twice = writeSession(home, { cwd: '/proj', turns: [{ user: 'flibbertigibbet flibbertigibbet?', agent: 'yes' }] });
    archived = writeSession(home, { archived: true, turns: [{ user: 'archived flibbertigibbet', agent: 'ok' }] });
    await refreshIndex(db, home);
  });
  afterAll(() => {
    db.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('finds a word that occurs only deep inside one long session, with its turn and role', () => {
    const hits = searchSessions(db, 'flibbertigibbet');
    expect(hits.map((h) => h.session.id)).toEqual([twice.id, long.id]);
    const deep = hits[1];
    expect(deep).toMatchObject({ turn: 250, role: 'agent' });
    expect(deep.rank).toBeGreaterThan(hits[0].rank);
  });

  it('marks the match in an FTS5 snippet', () => {
    const [hit] = searchSessions(db, 'flibbertigibbet', { cwd: '/proj', limit: 1 });
    expect(hit.snippet).toContain('«flibbertigibbet»');
    const [custom] = searchSessions(db, 'flibbertigibbet step', { markers: ['<b>', '</b>'] });
    expect(custom.snippet).toBe('The build uses a <b>flibbertigibbet</b> <b>step</b> and a foo-bar flag.');
  });

  it('matches stems (porter): "answers" finds "answer"', () => {
    expect(searchSessions(db, 'answers routine', { limit: 5 }).map((h) => h.session.id)).toEqual([long.id]);
  });

  it('one hit per session, best message first; filters by cwd and archived', () => {
    const all = searchSessions(db, 'question', { limit: 100 });
    expect(new Set(all.map((h) => h.session.id)).size).toBe(all.length);
    expect(all).toHaveLength(11);
    expect(searchSessions(db, 'question', { cwd: '/proj' }).map((h) => h.session.id)).toEqual([long.id]);
    expect(searchSessions(db, 'flibbertigibbet', { archived: true }).map((h) => h.session.id)).toEqual([archived.id]);
    expect(searchSessions(db, 'flibbertigibbet', { archived: 'any' })).toHaveLength(3);
  });

  it('treats what a person types as text, never as FTS5 syntax', () => {
    for (const q of ['foo-bar "x"', '"unbalanced', 'AND OR NOT', 'c++', 'col:value', '(', '*', '-', 'NEAR(a b)', "it's", '""']) {
      expect(() => searchSessions(db, q), q).not.toThrow();
    }
    expect(searchSessions(db, 'foo-bar').map((h) => h.session.id)).toEqual([long.id]);
    expect(searchSessions(db, '"flag foo"')).toEqual([]); // a phrase must appear in that order
    expect(searchSessions(db, '"foo-bar flag"').map((h) => h.session.id)).toEqual([long.id]);
    expect(searchSessions(db, 'flibberti*').length).toBe(2);
  });

  it('builds quoted FTS5 queries', () => {
    expect(buildFtsQuery('foo-bar "x y" z*')).toBe('"foo-bar" "x y" "z"*');
    expect(buildFtsQuery('say "hi')).toBe('"say" "hi"');
    expect(buildFtsQuery('a"b')).toBe('"ab"');
    expect(buildFtsQuery(' -- * ')).toBeNull();
  });
});
