import { mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ARCHIVED_SESSIONS_SUBDIR } from '../rollout/index.ts';
import { openIndexDb, type Db } from './db.ts';
import { refreshIndex } from './indexer.ts';
import { resolveSession, SessionResolveError, shortestUniqueId } from './resolve.ts';
import { makeTurns, nameSession, tempCodexHome, writeSession } from '#test-support/sessions';

describe('resolveSession', () => {
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

  const resolve = (ref: string) => resolveSession(db, home, ref);

  it('accepts a full id, in any case', async () => {
    const s = writeSession(home, { turns: makeTurns(1) });
    await refreshIndex(db, home);
    expect((await resolve(s.id)).id).toBe(s.id);
    expect((await resolve(s.id.toUpperCase())).id).toBe(s.id);
  });

  it('accepts a unique id prefix of at least 4 characters', async () => {
    const a = writeSession(home, { createdAt: new Date(Date.UTC(2026, 0, 1)), turns: makeTurns(1) });
    writeSession(home, { createdAt: new Date(Date.UTC(2026, 5, 1)), turns: makeTurns(1) });
    await refreshIndex(db, home);
    expect((await resolve(a.id.slice(0, 13))).id).toBe(a.id);
    await expect(resolve(a.id.slice(0, 3))).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('refuses an ambiguous prefix, listing the candidates', async () => {
    const at = new Date(Date.UTC(2026, 0, 1));
    const a = writeSession(home, { createdAt: at, turns: makeTurns(1) });
    const b = writeSession(home, { createdAt: at, turns: makeTurns(1) });
    await refreshIndex(db, home);
    const prefix = a.id.slice(0, 8);
    expect(b.id.startsWith(prefix)).toBe(true);
    const err = await resolve(prefix).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SessionResolveError);
    expect((err as SessionResolveError).kind).toBe('ambiguous');
    expect((err as SessionResolveError).candidates.map((c) => c.id).sort()).toEqual([a.id, b.id].sort());
    expect((err as Error).message).toContain(a.id);
  });

  it('shows each id as its shortest prefix of at least 8 characters that resolves back to it', async () => {
    const at = new Date(Date.UTC(2026, 0, 1));
    const a = writeSession(home, { createdAt: at, turns: makeTurns(1) });
    const b = writeSession(home, { createdAt: at, turns: makeTurns(1) });
    const alone = writeSession(home, { createdAt: new Date(Date.UTC(2026, 5, 1)), turns: makeTurns(1) });
    await refreshIndex(db, home);
    // Sessions of the same millisecond share 13 characters (time), so their ids grow past 8.
    for (const s of [a, b]) {
      const shown = shortestUniqueId(db, s.id);
      expect(shown.length).toBeGreaterThan(13);
      expect(shown.endsWith('-')).toBe(false);
      expect((await resolve(shown)).id).toBe(s.id);
      await expect(resolve(shown.slice(0, -1).replace(/-$/, ''))).rejects.toMatchObject({ kind: 'ambiguous' });
    }
    expect(shortestUniqueId(db, alone.id)).toBe(alone.id.slice(0, 8));
    expect((await resolve(shortestUniqueId(db, alone.id))).id).toBe(alone.id);
  });

  it('resolves a name from session_index.jsonl, the newest entry winning, even before a refresh', async () => {
    const a = writeSession(home, { turns: makeTurns(1) });
    const b = writeSession(home, { turns: makeTurns(1) });
    await refreshIndex(db, home);
    nameSession(home, a.id, 'deploy fix');
    nameSession(home, b.id, 'deploy fix');
    expect((await resolve('deploy fix')).id).toBe(b.id);
    nameSession(home, b.id, 'something else');
    expect((await resolve('deploy fix')).id).toBe(a.id);
    await expect(resolve('deploy')).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('finds a session the index has not seen yet, or whose file moved, on disk', async () => {
    const s = writeSession(home, { turns: makeTurns(2) });
    // never refreshed
    expect(await resolve(s.id)).toMatchObject({ id: s.id, userTurns: 2 });
    // archived behind the index's back
    const moved = path.join(home, ARCHIVED_SESSIONS_SUBDIR, path.basename(s.file));
    mkdirSync(path.dirname(moved), { recursive: true });
    renameSync(s.file, moved);
    expect(await resolve(s.id)).toMatchObject({ path: moved, archived: true });
  });

  it('can restrict to active or archived sessions', async () => {
    const s = writeSession(home, { archived: true, turns: makeTurns(1) });
    await refreshIndex(db, home);
    await expect(resolveSession(db, home, s.id, { archived: false })).rejects.toMatchObject({ kind: 'not_found' });
    expect((await resolveSession(db, home, s.id, { archived: true })).id).toBe(s.id);
  });

  it('says not found for anything else', async () => {
    await expect(resolve('no-such-thing')).rejects.toThrow(/no session matches 'no-such-thing'/);
    await expect(resolve('  ')).rejects.toMatchObject({ kind: 'not_found' });
  });
});
