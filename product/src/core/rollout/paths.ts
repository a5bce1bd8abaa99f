// Where rollout files live under CODEX_HOME, how they are named, and thread ids.
//
//   sessions/YYYY/MM/DD/rollout-YYYY-MM-DDThh-mm-ss-<thread id>.jsonl
//   archived_sessions/rollout-….jsonl            (flat: archiving is a plain rename)
//
// The date in the directories and the name is LOCAL time at creation. Verified against upstream
// 0.169.0 run with TZ=Pacific/Kiritimati at 23:05:40Z: it wrote
// sessions/2026/11/25/rollout-2026-11-25T13-05-40-<id>.jsonl, while the lines inside carry UTC
// timestamps. (The lab runs with TZ=UTC, which is why the two look identical there.)
import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

export const SESSIONS_SUBDIR = 'sessions';
export const ARCHIVED_SESSIONS_SUBDIR = 'archived_sessions';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** YYYY/MM/DD (local) as path segments. */
function dateDirs(d: Date): [string, string, string] {
  return [String(d.getFullYear()), pad(d.getMonth() + 1), pad(d.getDate())];
}

/** rollout-YYYY-MM-DDThh-mm-ss-<id>.jsonl, local time, `-` instead of `:` for portable names. */
export function rolloutFileName(threadId: string, createdAt: Date): string {
  const [y, m, d] = dateDirs(createdAt);
  const time = `${pad(createdAt.getHours())}-${pad(createdAt.getMinutes())}-${pad(createdAt.getSeconds())}`;
  return `rollout-${y}-${m}-${d}T${time}-${threadId}.jsonl`;
}

export function rolloutPath(codexHome: string, threadId: string, createdAt: Date = new Date()): string {
  return path.join(codexHome, SESSIONS_SUBDIR, ...dateDirs(createdAt), rolloutFileName(threadId, createdAt));
}

const FILE_NAME = /^rollout-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2})-(.+)\.jsonl$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RolloutFileName {
  /** local creation stamp of this file */
  stamp: string;
  /** the session (thread) the file belongs to */
  threadId: string;
  /**
   * This file's own id, which a later file's history_base.thread_id names. A thread's first file
   * is `rollout-<stamp>-<thread id>.jsonl` (rollout id = thread id); upstream (0.171.0) continues a
   * thread in further files, `rollout-<stamp>-<thread id>_<rollout id>.jsonl`, e.g. when it rolls
   * turns back: same session_meta id, a history_base naming the file it continues.
   */
  rolloutId: string;
}

/** Splits a rollout file name into its local creation stamp, thread id and rollout id; null for other files. */
export function parseRolloutFileName(name: string): RolloutFileName | null {
  const m = FILE_NAME.exec(name);
  if (!m) return null;
  const under = m[2].indexOf('_');
  if (under > 0 && UUID.test(m[2].slice(0, under)) && UUID.test(m[2].slice(under + 1))) return { stamp: m[1], threadId: m[2].slice(0, under), rolloutId: m[2].slice(under + 1) };
  return { stamp: m[1], threadId: m[2], rolloutId: m[2] };
}

/**
 * A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version 7, 74 random bits with the 10 variant.
 * Ids sort by creation time, like upstream's thread ids (01a20fcd-35e8-7522-…).
 */
export function newThreadId(nowMs: number = Date.now(), random: (n: number) => Buffer = randomBytes): string {
  const b = Buffer.alloc(16);
  random(10).copy(b, 6);
  b.writeUIntBE(Math.max(0, Math.floor(nowMs)) % 2 ** 48, 0, 6);
  b[6] = 0x70 | (b[6] & 0x0f);
  b[8] = 0x80 | (b[8] & 0x3f);
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** The creation time encoded in a UUIDv7; null for anything else. */
export function threadIdTime(id: string): Date | null {
  if (!UUID_V7.test(id)) return null;
  return new Date(parseInt(id.slice(0, 8) + id.slice(9, 13), 16));
}

async function list(dir: string): Promise<import('node:fs').Dirent[]> {
  try {
    return await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}


export interface ThreadFile extends RolloutFileName {
  file: string;
  archived: boolean;
}

/**
 * Where a thread's files are read in: oldest first by the creation time in the rollout id (a
 * UUIDv7; a continuation always gets a newer one than the file it continues), then by the name's
 * stamp; an archived copy before an active one.
 */
export function compareThreadFiles(a: ThreadFile, b: ThreadFile): number {
  const t = (f: ThreadFile) => threadIdTime(f.rolloutId)?.getTime() ?? -1;
  return t(a) - t(b) || a.stamp.localeCompare(b.stamp) || a.rolloutId.localeCompare(b.rolloutId) || Number(b.archived) - Number(a.archived);
}

/**
 * Rollout files under sessions/ (every date directory: a file may be filed under another day than
 * its id says) and archived_sessions/ whose name passes `match`, in reading order.
 */
async function scanRollouts(codexHome: string, match: (f: RolloutFileName) => boolean): Promise<ThreadFile[]> {
  const out: ThreadFile[] = [];
  const take = async (dir: string, archived: boolean) => {
    for (const e of await list(dir)) {
      if (!e.isFile() || !e.name.startsWith('rollout-')) continue;
      const parsed = parseRolloutFileName(e.name);
      if (parsed && match(parsed)) out.push({ ...parsed, file: path.join(dir, e.name), archived });
    }
  };
  const sessions = path.join(codexHome, SESSIONS_SUBDIR);
  const dirs = (entries: import('node:fs').Dirent[]) => entries.filter((e) => e.isDirectory()).map((e) => e.name);
  for (const y of dirs(await list(sessions)))
    for (const m of dirs(await list(path.join(sessions, y)))) for (const d of dirs(await list(path.join(sessions, y, m)))) await take(path.join(sessions, y, m, d), false);
  await take(path.join(codexHome, ARCHIVED_SESSIONS_SUBDIR), true);
  return out.sort(compareThreadFiles);
}

/** Every file of a thread, oldest first (see compareThreadFiles). */
export async function findThreadFiles(codexHome: string, id: string): Promise<ThreadFile[]> {
  const want = id.toLowerCase();
  return scanRollouts(codexHome, (f) => f.threadId.toLowerCase() === want);
}

/** The file a thread is read from and appended to: its newest (the others hold what it continues). */
export function headOf(files: readonly ThreadFile[]): ThreadFile | null {
  // An active file wins over an archived one; among equals the newest.
  const active = files.filter((f) => !f.archived);
  return (active.length ? active : files).at(-1) ?? null;
}

/** The rollout file of a thread (its head, see headOf), in sessions/ (any date) or archived_sessions/, or null. */
export async function findRolloutById(codexHome: string, id: string): Promise<string | null> {
  return headOf(await findThreadFiles(codexHome, id))?.file ?? null;
}

/** The one file with this rollout id (what a history_base names), or null. */
export async function findRolloutByRolloutId(codexHome: string, rolloutId: string): Promise<string | null> {
  const want = rolloutId.toLowerCase();
  const files = await scanRollouts(codexHome, (f) => f.rolloutId.toLowerCase() === want);
  return headOf(files)?.file ?? null;
}
