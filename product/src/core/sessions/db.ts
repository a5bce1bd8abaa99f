// The session index: csm's own SQLite file, $CODEX_HOME/csm/index-v1.sqlite. It is a cache of what
// the rollout files say, so it can always be rebuilt from them: a file that is not a database (or
// fails to open) is moved aside and a fresh one created; a different schema version is dropped and
// recreated. Upstream's own state_*.sqlite is never opened.
//
// Tables:
// - sessions: one row per thread id: what the list shows, plus the fingerprint of its file
//   (file_size, mtime_ms, inode), how far it was indexed (indexed_offset, always a line start) and
//   the parse state needed to continue from there without re-reading the head (st_* columns).
//   `sid` is a stable integer key; a session's FTS rows use rowids sid << 24 | n, so they can be
//   dropped by rowid range without scanning the FTS table.
// - messages: FTS5 over user and agent message text (tool output optionally).
// - names: the newest thread name per id from upstream's session_index.jsonl.
// - meta: key/value state (index options, how far session_index.jsonl was read).
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * The compiled addon's path, handed to better-sqlite3 directly: its default lookup (the `bindings`
 * package) probes a dozen paths on every start. Undefined (default lookup) if the layout differs.
 */
const nativeBinding = ((): string | undefined => {
  try {
    const pkg = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
    const addon = path.join(path.dirname(pkg), 'build', 'Release', 'better_sqlite3.node');
    return existsSync(addon) ? addon : undefined;
  } catch {
    return undefined;
  }
})();
const openDatabase = (file: string) => new Database(file, nativeBinding ? { nativeBinding } : {});

export type Db = Database.Database;

export const INDEX_DIR = 'csm';
export const INDEX_FILE = 'index-v1.sqlite';
/** Bump on any schema change: an index of another version is dropped and rebuilt. */
export const SCHEMA_VERSION = 1;
/** FTS rowids of a session: [sid << MESSAGE_ROWID_BITS, (sid + 1) << MESSAGE_ROWID_BITS). */
export const MESSAGE_ROWID_BITS = 24;
export const MESSAGE_ROWID_SPAN = 2 ** MESSAGE_ROWID_BITS;

export function indexPath(codexHome: string): string {
  return path.join(codexHome, INDEX_DIR, INDEX_FILE);
}

const SCHEMA = `
CREATE TABLE sessions (
  sid INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  path TEXT NOT NULL,
  archived INTEGER NOT NULL DEFAULT 0,
  cwd TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  source TEXT,
  originator TEXT,
  model TEXT,
  provider TEXT,
  git_branch TEXT,
  git_sha TEXT,
  name TEXT,
  first_user_message TEXT,
  preview TEXT,
  user_turns INTEGER NOT NULL DEFAULT 0,
  total_tokens INTEGER,
  size INTEGER NOT NULL DEFAULT 0,
  forked_from_id TEXT,
  history_mode TEXT NOT NULL DEFAULT 'legacy',
  malformed_lines INTEGER NOT NULL DEFAULT 0,
  pinned INTEGER NOT NULL DEFAULT 0,
  tags TEXT NOT NULL DEFAULT '[]',
  -- fingerprint and progress
  file_size INTEGER NOT NULL DEFAULT -1,
  mtime_ms INTEGER NOT NULL DEFAULT -1,
  inode INTEGER NOT NULL DEFAULT -1,
  indexed_offset INTEGER NOT NULL DEFAULT 0,
  -- parse state to continue from indexed_offset
  st_seam TEXT,
  st_meta_seen INTEGER NOT NULL DEFAULT 0,
  st_meta_history_mode TEXT,
  st_ordinals INTEGER NOT NULL DEFAULT 0,
  st_user_items INTEGER NOT NULL DEFAULT 0,
  st_user_events INTEGER NOT NULL DEFAULT 0,
  st_first_item_message TEXT,
  st_first_event_message TEXT,
  st_last_agent TEXT,
  st_last_line_ms INTEGER,
  st_rollout_name TEXT,
  st_malformed_complete INTEGER NOT NULL DEFAULT 0,
  st_tail_truncated INTEGER NOT NULL DEFAULT 0,
  st_messages INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sessions_archived_cwd_updated ON sessions (archived, cwd, updated_at DESC, id DESC);
CREATE INDEX sessions_archived_cwd_created ON sessions (archived, cwd, created_at DESC, id DESC);
CREATE INDEX sessions_archived_updated ON sessions (archived, updated_at DESC, id DESC);
CREATE INDEX sessions_archived_created ON sessions (archived, created_at DESC, id DESC);
CREATE INDEX sessions_cwd_updated ON sessions (cwd, updated_at DESC, id DESC);
CREATE INDEX sessions_cwd_created ON sessions (cwd, created_at DESC, id DESC);
CREATE INDEX sessions_updated ON sessions (updated_at DESC, id DESC);
CREATE INDEX sessions_created ON sessions (created_at DESC, id DESC);
CREATE INDEX sessions_path ON sessions (path);
CREATE INDEX sessions_forked_from ON sessions (forked_from_id);
CREATE INDEX sessions_name ON sessions (name);
CREATE VIRTUAL TABLE messages USING fts5(
  session_id UNINDEXED, turn UNINDEXED, role UNINDEXED, text,
  tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE TABLE names (id TEXT PRIMARY KEY, name TEXT NOT NULL, seq INTEGER NOT NULL);
CREATE INDEX names_name ON names (name, seq DESC);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
`;

export type OpenStatus =
  /** an existing index of this version */
  | 'ok'
  /** no index existed */
  | 'created'
  /** the file was not a usable database: moved aside (movedAside) and rebuilt */
  | 'rebuilt-corrupt'
  /** another schema version: dropped and rebuilt */
  | 'rebuilt-version'
  /** nothing could be opened or created on disk: an in-memory index for this process only */
  | 'memory';

export interface OpenedIndex {
  db: Db;
  /** the database file (':memory:' in the 'memory' case) */
  file: string;
  status: OpenStatus;
  movedAside?: string;
  /** why the on-disk index was not used, for 'rebuilt-corrupt' and 'memory' */
  error?: string;
}

export interface OpenIndexOptions {
  /** overrides indexPath(codexHome) (tests, benchmarks) */
  file?: string;
  /** ms to wait on a lock held by another csm process; default 5000 (upstream's value) */
  busyTimeoutMs?: number;
}

function configure(db: Db, busyTimeoutMs: number, wal: boolean): void {
  db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  if (wal) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = OFF');
}

function createSchema(db: Db): void {
  db.transaction(() => {
    db.exec(SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/** Whether the open database has our schema version; creates the schema in an empty one. */
function ensureSchema(db: Db): 'ok' | 'created' | 'mismatch' {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version === SCHEMA_VERSION) {
    // A cheap probe that the tables are there and readable (a garbage page shows up here too).
    db.prepare('SELECT count(*) FROM sessions WHERE sid = -1').get();
    db.prepare("SELECT count(*) FROM messages WHERE rowid = -1").get();
    return 'ok';
  }
  const objects = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").get() as { n: number };
  if (version === 0 && objects.n === 0) {
    createSchema(db);
    return 'created';
  }
  return 'mismatch';
}

const sidecars = (file: string) => [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];

function tryOpen(file: string, busyTimeoutMs: number): { db: Db; state: 'ok' | 'created' | 'mismatch' } {
  const db = openDatabase(file);
  try {
    configure(db, busyTimeoutMs, true);
    return { db, state: ensureSchema(db) };
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * Opens (creating or rebuilding as needed) the session index. Never throws for a damaged or
 * foreign index file; at worst returns an in-memory index with status 'memory'.
 */
export function openIndexDb(codexHome: string, opts: OpenIndexOptions = {}): OpenedIndex {
  const file = opts.file ?? indexPath(codexHome);
  const busy = opts.busyTimeoutMs ?? 5000;
  let firstError: string | undefined;
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const { db, state } = tryOpen(file, busy);
    if (state !== 'mismatch') return { db, file, status: state };
    // Another version: it is only a cache, so start over in place.
    db.close();
    for (const f of sidecars(file)) rmSync(f, { force: true });
    const again = tryOpen(file, busy);
    return { db: again.db, file, status: 'rebuilt-version' };
  } catch (e) {
    firstError = (e as Error).message;
  }
  // Not a database, or unreadable: move it (and its WAL) aside, then start over.
  try {
    const aside = `${file}.corrupt-${Date.now()}`;
    for (const f of sidecars(file)) {
      try {
        renameSync(f, f.replace(file, aside));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    const { db } = tryOpen(file, busy);
    return { db, file, status: 'rebuilt-corrupt', movedAside: aside, error: firstError };
  } catch (e) {
    const db = openDatabase(':memory:');
    configure(db, busy, false);
    createSchema(db);
    return { db, file: ':memory:', status: 'memory', error: `${firstError}; then: ${(e as Error).message}` };
  }
}

export function getMeta(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string | null } | undefined;
  return row?.value ?? null;
}

export function setMeta(db: Db, key: string, value: string | null): void {
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, value);
}

/** Drops a session's FTS rows by rowid range (no FTS scan). */
export function deleteMessages(db: Db, sid: number): void {
  db.prepare('DELETE FROM messages WHERE rowid >= ? AND rowid < ?').run(sid * MESSAGE_ROWID_SPAN, (sid + 1) * MESSAGE_ROWID_SPAN);
}

/** Removes a session from the index (its row and its FTS rows). For ops that delete a session. */
export function removeSessionRow(db: Db, id: string): boolean {
  return db
    .transaction(() => {
      const row = db.prepare('SELECT sid FROM sessions WHERE id = ?').get(id) as { sid: number } | undefined;
      if (!row) return false;
      deleteMessages(db, row.sid);
      db.prepare('DELETE FROM sessions WHERE sid = ?').run(row.sid);
      return true;
    })
    .immediate();
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/** A prepared statement, compiled once per connection: indexing thousands of files reuses them. */
export function stmt(db: Db, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let st = cache.get(sql);
  if (!st) cache.set(sql, (st = db.prepare(sql)));
  return st;
}
