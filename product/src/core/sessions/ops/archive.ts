// Archive and unarchive, as upstream does them (`codex archive|unarchive <id>`): a plain move.
//   archive:   sessions/YYYY/MM/DD/rollout-….jsonl → archived_sessions/rollout-….jsonl (flat, same name)
//   unarchive: archived_sessions/rollout-….jsonl → sessions/YYYY/MM/DD/ (the date in the file name)
// The session's `.lock` is taken for the move, so a session open in a running csm is refused
// (RolloutLockedError) rather than moved under its writer; a stale lock is cleaned up on the way.
import path from 'node:path';
import { acquireRolloutLock, ARCHIVED_SESSIONS_SUBDIR, SESSIONS_SUBDIR, type LockOptions } from '../../rollout/index.ts';
import { dateDirsOfStamp, locateSession, SessionPathError, siblingFiles, type SessionLocation } from './locate.ts';
import { moveFile, type MoveFs } from './move.ts';

export interface MoveOptions {
  lock?: LockOptions;
  fs?: MoveFs;
}

export const archivedMessage = (id: string) => `Archived session ${id}.`;
export const unarchivedMessage = (id: string) => `Unarchived session ${id}.`;

function moveLocked(from: string, to: string, opts: MoveOptions): void {
  const lock = acquireRolloutLock(from, opts.lock);
  try {
    moveFile(from, to, opts.fs);
  } finally {
    lock.release();
  }
}

/** The session's other files (see siblingFiles) go first, so the file the index follows moves last. */
function moveSiblings(codexHome: string, loc: SessionLocation, target: (l: SessionLocation) => string, opts: MoveOptions): void {
  for (const file of siblingFiles(loc)) {
    const l = locateSession(codexHome, file);
    moveLocked(l.file, target(l), opts);
  }
}

/** Moves an active session into archived_sessions/; returns the new path. */
export function archiveSession(codexHome: string, file: string, opts: MoveOptions = {}): string {
  const loc = locateSession(codexHome, file);
  if (loc.kind !== 'active') throw new SessionPathError(file, 'the session is already archived');
  const to = path.resolve(codexHome, ARCHIVED_SESSIONS_SUBDIR, loc.name);
  moveSiblings(codexHome, loc, (l) => path.resolve(codexHome, ARCHIVED_SESSIONS_SUBDIR, l.name), opts);
  moveLocked(loc.file, to, opts);
  return to;
}

/** Moves an archived session back to sessions/YYYY/MM/DD/; returns the new path. */
export function unarchiveSession(codexHome: string, file: string, opts: MoveOptions = {}): string {
  const loc = locateSession(codexHome, file);
  if (loc.kind !== 'archived') throw new SessionPathError(file, 'the session is not archived');
  const to = path.resolve(codexHome, SESSIONS_SUBDIR, ...dateDirsOfStamp(loc.stamp), loc.name);
  moveSiblings(codexHome, loc, (l) => path.resolve(codexHome, SESSIONS_SUBDIR, ...dateDirsOfStamp(l.stamp), l.name), opts);
  moveLocked(loc.file, to, opts);
  return to;
}
