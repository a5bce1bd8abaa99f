// Keeps the index in step with the rollout files under $CODEX_HOME/sessions (any depth, normally
// YYYY/MM/DD) and $CODEX_HOME/archived_sessions, upstream's files and csm's alike.
//
// Per file, by fingerprint (size, mtime, inode) against the row of the same thread id:
// - unchanged: a stat, nothing read;
// - grown (same inode, not smaller, and the SEAM_BYTES just before indexed_offset are the bytes
//   seen there last time): only the bytes after indexed_offset are read, and the saved parse state
//   continues from there;
// - anything else (shrunk, replaced, rewritten): the session is indexed again from byte 0;
// - moved (archive/unarchive rename a file; the inode stays): the row follows it, nothing re-read;
// - gone: the row and its search text are removed.
// indexed_offset is always a line start: a last line cut short is counted as malformed now and read
// again next time, when the writer has finished it.
//
// Work is committed in batches (every `batchBytes` of a file), so a cold index of a huge history
// is usable while it runs, memory stays flat, and an interrupted run resumes where it stopped. Each
// commit first checks that the row is still where this run left it; if another process indexed the
// same file meanwhile, this run leaves the file to it.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { ARCHIVED_SESSIONS_SUBDIR, compareThreadFiles, headOf, parseRolloutFileName, SESSIONS_SUBDIR, type RolloutFileName, type ThreadFile } from '../rollout/paths.ts';
import { deleteMessages, getMeta, setMeta, stmt, type Db } from './db.ts';
import { syncNames } from './names.ts';

// The file-reading half lives in ./ingest.ts and is loaded only when a file needs reading.
const ingest = () => import('./ingest.ts');

/** Bytes before indexed_offset compared on each incremental read, to notice an in-place rewrite. */
export const SEAM_BYTES = 64;
/** Bytes read between commits (within a file and across files). */
export const DEFAULT_BATCH_BYTES = 8 * 1024 * 1024;

export interface RefreshOptions {
  /** called after each file that needed a look: done of total files */
  onProgress?(done: number, total: number): void;
  /** stops between files and batches; the work committed so far stays; refreshIndex rejects */
  signal?: AbortSignal;
  /** also index tool output for search; changing it re-indexes everything once */
  toolOutput?: boolean;
  /** commit every this many bytes read from one file (default 8 MiB) */
  batchBytes?: number;
}

export interface RefreshResult {
  /** rollout files found */
  scanned: number;
  added: number;
  updated: number;
  unchanged: number;
  /** files that moved (archive/unarchive) without changing: path updated, nothing read */
  moved: number;
  removed: number;
  /** other files with an id already indexed from another file: skipped */
  duplicates: number;
  /** files another process was indexing at the same time: left to it */
  skipped: number;
  bytesRead: number;
  /** malformed lines met in the bytes read by this run (a truncated last line included) */
  malformed: number;
}

export type FileOutcome = 'added' | 'updated' | 'unchanged' | 'moved' | 'skipped';

export interface Found {
  file: string;
  id: string;
  archived: boolean;
}

export interface Fingerprint {
  sid: number;
  id: string;
  path: string;
  archived: number;
  file_size: number;
  mtime_ms: number;
  inode: number;
  indexed_offset: number;
  st_seam: string | null;
}

/** id, sid, path, archived, file_size, mtime_ms, inode */
type QuickRow = [string, number, string, number, number, number, number];

export interface FileStat {
  size: number;
  mtimeMs: number;
  ino: number;
}

// Listing and stat-ing are synchronous: from the dentry cache a stat takes microseconds, while the
// promise API spends most of a warm refresh waiting on the thread pool. The walk yields to the event
// loop every YIELD_EVERY entries, so a UI stays responsive on a huge history.
const YIELD_EVERY = 1000;
const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

async function walk(dir: string, archived: boolean, out: Found[], depth: number): Promise<void> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.isDirectory()) {
      if (depth < 4) await walk(path.join(dir, e.name), archived, out, depth + 1);
    } else if (e.isFile()) {
      const parsed = parseRolloutFileName(e.name);
      if (parsed) {
        out.push({ file: path.join(dir, e.name), id: parsed.threadId.toLowerCase(), archived });
        if (out.length % YIELD_EVERY === 0) await yieldToLoop();
      }
    }
  }
}

/** Every rollout file under sessions/ and archived_sessions/. */
export async function findRolloutFiles(codexHome: string): Promise<Found[]> {
  const out: Found[] = [];
  await walk(path.join(codexHome, SESSIONS_SUBDIR), false, out, 0);
  await walk(path.join(codexHome, ARCHIVED_SESSIONS_SUBDIR), true, out, 0);
  return out;
}

function isArchivedPath(codexHome: string, file: string): boolean {
  const rel = path.relative(path.join(codexHome, ARCHIVED_SESSIONS_SUBDIR), file);
  return !rel.startsWith('..') && !path.isAbsolute(rel);
}

function statOrNull(file: string): FileStat | null {
  try {
    const st = statSync(file, { throwIfNoEntry: false });
    return st?.isFile() ? { size: st.size, mtimeMs: Math.floor(st.mtimeMs), ino: st.ino } : null;
  } catch {
    return null;
  }
}

export interface Ctx {
  db: Db;
  /** where the thread's other files are looked up (a file continuing earlier ones) */
  codexHome?: string;
  opts: RefreshOptions;
  result: RefreshResult;
  /** refreshIndex's write queue (absent for a single indexFile, which commits as it goes) */
  queue?: WriteQueue;
}

/** Another process indexed the same file meanwhile: this run's write for it is dropped. */
export class LostRace extends Error {}

/**
 * Collects files' writes and runs them together in one SQLite transaction once `limit` bytes of
 * reading are queued: FTS5 indexes several times faster in big transactions than in one per file.
 * A flush is synchronous, so no write lock is held while files are read. Each write runs as a
 * savepoint: one that loses a race (LostRace) rolls back alone and its `lost` is called.
 */
export class WriteQueue {
  private jobs: Array<{ write: () => void; lost: () => void }> = [];
  private bytes = 0;
  constructor(
    private readonly db: Db,
    private readonly limit: number,
  ) {}

  push(write: () => void, lost: () => void, bytes: number): void {
    this.jobs.push({ write, lost });
    this.bytes += bytes;
    if (this.bytes >= this.limit) this.flush();
  }

  flush(): void {
    const jobs = this.jobs;
    this.jobs = [];
    this.bytes = 0;
    if (!jobs.length) return;
    const lost: Array<() => void> = [];
    this.db
      .transaction(() => {
        for (const job of jobs) {
          try {
            this.db.transaction(job.write)();
          } catch (e) {
            if (!(e instanceof LostRace)) throw e;
            lost.push(job.lost);
          }
        }
      })
      .immediate();
    for (const l of lost) l();
  }
}

/** Throws the abort reason once the signal has fired. */
export function abortIfNeeded(signal?: AbortSignal): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

function emptyResult(): RefreshResult {
  return { scanned: 0, added: 0, updated: 0, unchanged: 0, moved: 0, removed: 0, duplicates: 0, skipped: 0, bytesRead: 0, malformed: 0 };
}

function count(result: RefreshResult, outcome: FileOutcome): void {
  result[outcome]++;
}

const TOOL_OUTPUT_KEY = 'index_tool_output';

/** A changed tool-output option invalidates every session's search text: index all again. */
function applyToolOutputOption(db: Db, toolOutput: boolean): void {
  const want = toolOutput ? '1' : '0';
  const have = getMeta(db, TOOL_OUTPUT_KEY);
  if (have === want) return;
  db.transaction(() => {
    if (have !== null) stmt(db, 'UPDATE sessions SET inode = -1, file_size = -1').run();
    setMeta(db, TOOL_OUTPUT_KEY, want);
  }).immediate();
}

/** Brings the index up to date with the files. Cheap (a stat per file) when nothing changed. */
export async function refreshIndex(db: Db, codexHome: string, opts: RefreshOptions = {}): Promise<RefreshResult> {
  const result = emptyResult();
  const ctx: Ctx = { db, codexHome, opts, result, queue: new WriteQueue(db, opts.batchBytes ?? DEFAULT_BATCH_BYTES) };
  applyToolOutputOption(db, opts.toolOutput ?? false);
  syncNames(db, codexHome);

  const found = await findRolloutFiles(codexHome);
  result.scanned = found.length;
  // Only what the unchanged check needs, as raw rows (a warm refresh of thousands of sessions is
  // mostly this loop); the full fingerprint is read for the files that changed.
  const rows = new Map<string, QuickRow>();
  for (const r of stmt(db, 'SELECT id, sid, path, archived, file_size, mtime_ms, inode FROM sessions').raw().iterate() as IterableIterator<QuickRow>)
    rows.set(r[0], r);

  // One row per thread: its head file (the newest of its files, an active one before an archived
  // one; see headOf). Upstream continues a thread in further files of the same id; the head's
  // history_base chain holds the rest, and ingest reads it when it indexes the head from the start.
  const byId = new Map<string, ThreadFile[]>();
  for (const f of found) {
    const tf: ThreadFile = { ...(parseRolloutFileName(path.basename(f.file)) as RolloutFileName), file: f.file, archived: f.archived };
    const list = byId.get(f.id);
    if (list) {
      list.push(tf);
      result.duplicates++;
    } else byId.set(f.id, [tf]);
  }
  const heads = new Map<string, Found>();
  for (const [id, files] of byId) {
    const head = files.length === 1 ? files[0] : headOf(files.sort(compareThreadFiles));
    if (head) heads.set(id, { file: head.file, id, archived: head.archived });
  }

  const chosen = [...heads.values()];
  const stats: Array<FileStat | null> = new Array(chosen.length).fill(null);
  abortIfNeeded(opts.signal);
  for (let i = 0; i < chosen.length; i++) {
    if (i % YIELD_EVERY === YIELD_EVERY - 1) {
      await yieldToLoop();
      abortIfNeeded(opts.signal);
    }
    stats[i] = statOrNull(chosen[i].file);
  }

  // Unchanged files are settled at once; the rest are read newest first, so a cold index shows
  // recent sessions early.
  const todo: Array<{ found: Found; st: FileStat; known: boolean }> = [];
  for (let i = 0; i < chosen.length; i++) {
    const f = chosen[i];
    const st = stats[i];
    if (!st) continue;
    const r = rows.get(f.id);
    if (r && r[2] === f.file && (r[3] === 1) === f.archived && r[4] === st.size && r[5] === st.mtimeMs && r[6] === st.ino) {
      result.unchanged++;
      continue;
    }
    todo.push({ found: f, st, known: r !== undefined });
  }
  todo.sort((a, b) => b.st.mtimeMs - a.st.mtimeMs);
  if (todo.length) {
    const { syncFile, fingerprintOf } = await ingest();
    let done = 0;
    try {
      for (const t of todo) {
        abortIfNeeded(opts.signal);
        count(result, await syncFile(ctx, t.found, t.st, t.known ? fingerprintOf(db, t.found.id) : undefined));
        opts.onProgress?.(++done, todo.length);
      }
    } finally {
      ctx.queue?.flush();
    }
  }

  // Rows whose file is gone. (Only after a complete walk: an aborted run never gets here.)
  const present = new Set(chosen.filter((_, i) => stats[i] !== null).map((f) => f.id));
  const gone = [...rows.values()].filter((r) => !present.has(r[0])).map((r) => ({ sid: r[1] }));
  if (gone.length) {
    db.transaction(() => {
      for (const r of gone) {
        deleteMessages(db, r.sid);
        stmt(db, 'DELETE FROM sessions WHERE sid = ?').run(r.sid);
      }
    }).immediate();
    result.removed = gone.length;
  }
  return result;
}

/**
 * Indexes one rollout file now (after csm wrote or moved it, or when a lookup found a file the
 * index does not know yet). Returns what happened, or null if the file is not a readable rollout
 * under CODEX_HOME.
 */
export async function indexFile(db: Db, codexHome: string, file: string, opts: RefreshOptions = {}): Promise<FileOutcome | null> {
  const parsed = parseRolloutFileName(path.basename(file));
  const st = parsed ? statOrNull(file) : null;
  if (!parsed || !st) return null;
  const found: Found = { file: path.resolve(file), id: parsed.threadId.toLowerCase(), archived: isArchivedPath(codexHome, path.resolve(file)) };
  const ctx: Ctx = { db, codexHome, opts, result: emptyResult() };
  const { syncFile, fingerprintOf } = await ingest();
  return syncFile(ctx, found, st, fingerprintOf(db, found.id));
}
