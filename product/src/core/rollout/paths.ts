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

/** Splits a rollout file name into its local creation stamp and thread id; null for other files. */
export function parseRolloutFileName(name: string): { stamp: string; threadId: string } | null {
  const m = FILE_NAME.exec(name);
  return m ? { stamp: m[1], threadId: m[2] } : null;
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

const DAY_MS = 86_400_000;

/**
 * The rollout file of a thread, in sessions/ (any date) or archived_sessions/, or null.
 * A UUIDv7 names its own creation day, so that day's directory (±1 day for clock or zone changes)
 * is tried before walking every date directory.
 */
export async function findRolloutById(codexHome: string, id: string): Promise<string | null> {
  const suffix = `-${id.toLowerCase()}.jsonl`;
  const matchIn = async (dir: string) => {
    const hit = (await list(dir)).find((e) => e.isFile() && e.name.startsWith('rollout-') && e.name.toLowerCase().endsWith(suffix));
    return hit ? path.join(dir, hit.name) : null;
  };
  const sessions = path.join(codexHome, SESSIONS_SUBDIR);
  const born = threadIdTime(id);
  const tried = new Set<string>();
  if (born) {
    for (const offset of [0, -DAY_MS, DAY_MS]) {
      const dir = path.join(sessions, ...dateDirs(new Date(born.getTime() + offset)));
      tried.add(dir);
      const hit = await matchIn(dir);
      if (hit) return hit;
    }
  }
  const newestFirst = (entries: import('node:fs').Dirent[]) =>
    entries
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort()
      .reverse();
  for (const y of newestFirst(await list(sessions)))
    for (const m of newestFirst(await list(path.join(sessions, y))))
      for (const d of newestFirst(await list(path.join(sessions, y, m)))) {
        const dir = path.join(sessions, y, m, d);
        if (tried.has(dir)) continue;
        const hit = await matchIn(dir);
        if (hit) return hit;
      }
  return matchIn(path.join(codexHome, ARCHIVED_SESSIONS_SUBDIR));
}
