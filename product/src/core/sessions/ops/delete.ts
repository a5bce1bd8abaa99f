// Deleting a session removes the session's own files and nothing else:
//   the rollout, and its `.lock` if one is there.
// Never a directory (only the date directories it leaves empty are removed afterwards), never a
// file of another session, never anything outside sessions/ or archived_sessions/.
// planDelete says what would go (a dry run shows it); applyDelete removes exactly that.
// A session open in a running csm (a live `.lock`) is refused with RolloutLockedError.
//
// Note: a 0.169.0 fork reads its parent's prefix through history_base; deleting the parent leaves
// such a fork with only its own lines. Callers that know the lineage (the index) should warn first.
import { lstatSync, readdirSync, rmdirSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import { acquireRolloutLock, type LockOptions } from '../../rollout/index.ts';
import { locateSession, SessionPathError, siblingFiles } from './locate.ts';

export interface DeletePlan {
  codexHome: string;
  id: string;
  /** the rollout file */
  file: string;
  kind: 'active' | 'archived';
  /** every file that will be removed: the rollout first, then its .lock if present */
  files: string[];
  bytes: number;
}

export interface DeleteResult {
  id: string;
  /** files actually removed */
  deleted: string[];
  bytes: number;
  /** empty date directories removed after the file */
  removedDirs: string[];
}

export const deletedMessage = (id: string) => `Deleted session ${id}.`;
/** What upstream 0.169.0 says when `delete` runs without a TTY and without --force. */
export const DELETE_NEEDS_FORCE_MESSAGE = 'cannot confirm session deletion without an interactive terminal; rerun with --force and a session UUID';

function sizeOfRegularFile(p: string): number | null {
  try {
    const st = lstatSync(p);
    return st.isFile() ? st.size : null;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** What deleting session `id` stored in `file` would remove. Touches nothing. */
export function planDelete(codexHome: string, file: string, id: string): DeletePlan {
  const loc = locateSession(codexHome, file);
  if (loc.threadId.toLowerCase() !== id.toLowerCase()) throw new SessionPathError(file, `the file belongs to session ${loc.threadId}, not ${id}`);
  const files = [loc.file];
  let bytes = sizeOfRegularFile(loc.file) ?? 0;
  const lockSize = sizeOfRegularFile(`${loc.file}.lock`);
  if (lockSize !== null) {
    files.push(`${loc.file}.lock`);
    bytes += lockSize;
  }
  // The session's other files (upstream continues a thread in further files of the same id).
  for (const sibling of siblingFiles(loc)) {
    files.push(sibling);
    bytes += sizeOfRegularFile(sibling) ?? 0;
  }
  return { codexHome: path.resolve(codexHome), id: loc.threadId, file: loc.file, kind: loc.kind, files, bytes };
}

function unlinkIfPresent(p: string): boolean {
  try {
    unlinkSync(p);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/** Removes sessions/YYYY/MM/DD, then MM, then YYYY, each only while empty. */
function removeEmptyDateDirs(root: string, from: string): string[] {
  const removed: string[] = [];
  for (let dir = from; dir !== root && dir.startsWith(root + path.sep); dir = path.dirname(dir)) {
    try {
      if (readdirSync(dir).length > 0) break;
      rmdirSync(dir);
      removed.push(dir);
    } catch {
      break;
    }
  }
  return removed;
}

/** Removes the files of a plan. The plan is checked again first, so a stale plan cannot misfire. */
export function applyDelete(plan: DeletePlan, opts: { lock?: LockOptions } = {}): DeleteResult {
  const deleted: string[] = [];
  let bytes = 0;
  // Already gone (deleted meanwhile): nothing left to do.
  if (sizeOfRegularFile(plan.file) === null) return { id: plan.id, deleted, bytes, removedDirs: [] };
  const loc = locateSession(plan.codexHome, plan.file);
  if (loc.threadId.toLowerCase() !== plan.id.toLowerCase()) throw new SessionPathError(plan.file, `the file belongs to session ${loc.threadId}, not ${plan.id}`);

  const lock = acquireRolloutLock(loc.file, opts.lock);
  try {
    const size = sizeOfRegularFile(loc.file) ?? 0;
    if (unlinkIfPresent(loc.file)) {
      deleted.push(loc.file);
      bytes += size;
    }
  } finally {
    lock.release();
  }
  // The lock file went with the release; remove it if a plan listed it and it is still there.
  const lockFile = `${loc.file}.lock`;
  if (plan.files.includes(lockFile)) {
    const size = sizeOfRegularFile(lockFile);
    if (size !== null && unlinkIfPresent(lockFile)) bytes += size;
    deleted.push(lockFile);
  }
  const dirs = new Set([path.dirname(loc.file)]);
  for (const file of plan.files.slice(1)) {
    if (file.endsWith('.lock') || file === lockFile) continue;
    const sibling = sizeOfRegularFile(file) === null ? null : locateSession(plan.codexHome, file);
    if (!sibling || sibling.threadId.toLowerCase() !== plan.id.toLowerCase()) continue;
    const size = sizeOfRegularFile(sibling.file) ?? 0;
    if (unlinkIfPresent(sibling.file)) {
      deleted.push(sibling.file);
      bytes += size;
      dirs.add(path.dirname(sibling.file));
    }
  }
  const removedDirs = loc.kind === 'active' ? [...dirs].flatMap((d) => removeEmptyDateDirs(loc.root, d)) : [];
  return { id: plan.id, deleted, bytes, removedDirs };
}
