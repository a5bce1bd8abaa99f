// An advisory lock so two csm processes never append to the same rollout at once:
// `<rollout>.lock`, created with O_EXCL, holding `<pid> <start>`: the owner's pid and its start time
// (field 22 of /proc/<pid>/stat, clock ticks since boot), so a pid the kernel has since handed to
// another process is not mistaken for the owner.
//
// - A lock whose owner is gone is stale (a crash, a kill -9) and is taken over: its pid is dead, or
//   alive but started at another time (reused). A lock written without a start time (older csm)
//   only has its pid to go by.
// - A lock whose owner is alive, this process included, is a conflict: RolloutLockedError.
// - A lock file still empty or unreadable is being written by its creator right now, unless it is
//   older than a few seconds, in which case its creator died between open and write.
// Upstream Codex does not know about this file; it only keeps csm writers apart.
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';

export class RolloutLockedError extends Error {
  constructor(
    readonly file: string,
    readonly holderPid: number | null,
  ) {
    super(
      holderPid === null
        ? `session file ${file} is being opened by another process (lock ${file}.lock)`
        : `session file ${file} is in use by process ${holderPid}${holderPid === process.pid ? ' (this process)' : ''}; ` +
            `close that session first, or delete ${file}.lock if that process is not csm`,
    );
    this.name = 'RolloutLockedError';
  }
}

export interface RolloutLock {
  readonly path: string;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void;
}

/** A process as the lock records it. start: null where /proc cannot tell (the lock then goes by the pid alone). */
export interface LockOwner {
  pid: number;
  start: string | null;
}

export interface LockOptions {
  /** who takes the lock (default: this process) */
  owner?: LockOwner;
  /** whether the owner a lock file names is still running (default: ownerAlive) */
  isAlive?: (owner: LockOwner) => boolean;
  /** how long an empty lock file counts as "being written" (ms) */
  emptyGraceMs?: number;
}

/** A process's start time, from /proc/<pid>/stat; null when it does not exist (or /proc cannot say). */
export function processStartTime(pid: number): string | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces or parentheses itself: the
  // fields after the last ')' start at field 3, so the start time (field 22) is the 20th of them.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return /^\d+$/.test(fields[19] ?? '') ? fields[19] : null;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether the process a lock names still runs: same pid and, when recorded, the same start time. */
export function ownerAlive(owner: LockOwner): boolean {
  if (!isProcessAlive(owner.pid)) return false;
  if (owner.start === null) return true;
  const now = processStartTime(owner.pid);
  // Alive but /proc cannot tell its start: give it the benefit of the doubt.
  return now === null || now === owner.start;
}

let self: LockOwner | null = null;
/** This process, as its locks record it. */
export function currentOwner(): LockOwner {
  self ??= { pid: process.pid, start: processStartTime(process.pid) };
  return self;
}

const formatOwner = (o: LockOwner) => (o.start === null ? `${o.pid}\n` : `${o.pid} ${o.start}\n`);
const sameOwner = (a: LockOwner | null, b: LockOwner) => a !== null && a.pid === b.pid && a.start === b.start;

function readHolder(lockPath: string): { owner: LockOwner | null; ageMs: number } | null {
  try {
    const text = readFileSync(lockPath, 'utf8').trim();
    const ageMs = Date.now() - statSync(lockPath).mtimeMs;
    const m = /^(\d+)(?: (\d+))?$/.exec(text);
    const pid = m ? Number(m[1]) : 0;
    return { owner: pid > 0 ? { pid, start: m![2] ?? null } : null, ageMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** lock path → the owner written into it, for the exit hook */
const held = new Map<string, LockOwner>();
let exitHookInstalled = false;

function releaseIfOurs(lockPath: string, owner: LockOwner): void {
  held.delete(lockPath);
  const holder = readHolder(lockPath);
  if (!holder || !sameOwner(holder.owner, owner)) return;
  try {
    unlinkSync(lockPath);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

export function acquireRolloutLock(file: string, opts: LockOptions = {}): RolloutLock {
  const owner = opts.owner ?? currentOwner();
  const isAlive = opts.isAlive ?? ownerAlive;
  const grace = opts.emptyGraceMs ?? 5000;
  const lockPath = `${file}.lock`;

  for (let attempt = 0; attempt < 3; attempt++) {
    let fd: number;
    try {
      fd = openSync(lockPath, 'wx', 0o600);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = readHolder(lockPath);
      if (holder === null) continue; // released in between: try again
      if (holder.owner !== null && isAlive(holder.owner)) throw new RolloutLockedError(file, holder.owner.pid);
      if (holder.owner === null && holder.ageMs < grace) throw new RolloutLockedError(file, null);
      try {
        unlinkSync(lockPath); // stale: its owner is gone
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      continue;
    }
    try {
      writeSync(fd, formatOwner(owner));
    } finally {
      closeSync(fd);
    }
    held.set(lockPath, owner);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once('exit', () => {
        for (const [p, o] of [...held]) releaseIfOurs(p, o);
      });
    }
    let released = false;
    return {
      path: lockPath,
      release() {
        if (released) return;
        released = true;
        releaseIfOurs(lockPath, owner);
      },
    };
  }
  throw new RolloutLockedError(file, readHolder(lockPath)?.owner?.pid ?? null);
}
