import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { indexPath, openIndexDb, SCHEMA_VERSION, type OpenedIndex } from './db.ts';
import { refreshIndex } from './indexer.ts';
import { listSessions } from './query.ts';
import { makeTurns, tempCodexHome, writeSession } from '#test-support/sessions';

describe('openIndexDb', () => {
  let home: string;
  let opened: OpenedIndex | null = null;
  beforeEach(() => {
    home = tempCodexHome();
  });
  afterEach(() => {
    if (opened?.db.open) opened.db.close();
    opened = null;
    rmSync(home, { recursive: true, force: true });
  });

  it("creates $CODEX_HOME/csm/index-v1.sqlite in WAL mode, and nothing of upstream's", () => {
    opened = openIndexDb(home);
    expect(opened.status).toBe('created');
    expect(opened.file).toBe(path.join(home, 'csm', 'index-v1.sqlite'));
    expect(opened.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(opened.db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(readdirSync(home).filter((f) => f.startsWith('state_'))).toEqual([]);
  });

  it('has the sessions table, the FTS5 messages table and the list indexes', () => {
    opened = openIndexDb(home);
    const names = (opened.db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index')").all() as Array<{ name: string }>).map((r) => r.name);
    expect(names).toEqual(expect.arrayContaining(['sessions', 'messages', 'names', 'sessions_archived_cwd_updated', 'sessions_created']));
    const sql = (opened.db.prepare("SELECT sql FROM sqlite_master WHERE name = 'messages'").get() as { sql: string }).sql;
    expect(sql).toMatch(/fts5/);
    expect(sql).toMatch(/porter unicode61/);
  });

  it('reopens an existing index as ok', () => {
    openIndexDb(home).db.close();
    opened = openIndexDb(home);
    expect(opened.status).toBe('ok');
  });

  it('moves a corrupt index aside and rebuilds it, and the rebuilt index works', async () => {
    writeSession(home, { turns: makeTurns(2) });
    mkdirSync(path.dirname(indexPath(home)), { recursive: true });
    writeFileSync(indexPath(home), 'this is not a database '.repeat(500));
    opened = openIndexDb(home);
    expect(opened.status).toBe('rebuilt-corrupt');
    expect(opened.movedAside && existsSync(opened.movedAside)).toBe(true);
    await refreshIndex(opened.db, home);
    expect(listSessions(opened.db, { archived: 'any' }).items).toHaveLength(1);
  });

  it('rebuilds an index of another schema version', () => {
    mkdirSync(path.dirname(indexPath(home)), { recursive: true });
    const old = new Database(indexPath(home));
    old.exec('CREATE TABLE sessions (id TEXT PRIMARY KEY, whatever TEXT)');
    old.pragma(`user_version = ${SCHEMA_VERSION + 41}`);
    old.close();
    opened = openIndexDb(home);
    expect(opened.status).toBe('rebuilt-version');
    expect(opened.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(() => opened!.db.prepare('SELECT st_seam FROM sessions').all()).not.toThrow();
  });

  it('falls back to an in-memory index when nothing can be written, instead of failing', () => {
    const blocker = path.join(home, 'not-a-dir');
    writeFileSync(blocker, 'x');
    opened = openIndexDb(home, { file: path.join(blocker, 'index.sqlite') });
    expect(opened.status).toBe('memory');
    expect(opened.error).toBeTruthy();
    expect(listSessions(opened.db).items).toEqual([]);
  });
});
