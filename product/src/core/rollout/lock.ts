// An advisory lock so two csm processes never append to the same rollout at once:
// `<rollout>.lock`, created with O_EXCL, holding the owner's pid.
//
// - A lock whose pid is dead is stale (a crash, a kill -9) and is taken over.
// - A lock whose pid is alive, this process included, is a conflict: RolloutLockedError.
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

export interface LockOptions {
  pid?: number;
  isAlive?: (pid: number) => boolean;
  /** how long an empty lock file counts as "being written" (ms) */
  emptyGraceMs?: number;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(lockPath: string): { pid: number | null; ageMs: number } | null {
  try {
    const text = readFileSync(lockPath, 'utf8').trim();
    const ageMs = Date.now() - statSync(lockPath).mtimeMs;
    const pid = /^\d+$/.test(text) ? Number(text) : null;
    return { pid: pid && pid > 0 ? pid : null, ageMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** lock path → the pid written into it, for the exit hook */
const held = new Map<string, number>();
let exitHookInstalled = false;

function releaseIfOurs(lockPath: string, pid: number): void {
  held.delete(lockPath);
  const holder = readHolder(lockPath);
  if (holder?.pid !== pid) return;
  try {
    unlinkSync(lockPath);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
}

export function acquireRolloutLock(file: string, opts: LockOptions = {}): RolloutLock {
  const pid = opts.pid ?? process.pid;
  const isAlive = opts.isAlive ?? isProcessAlive;
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
      if (holder.pid !== null && isAlive(holder.pid)) throw new RolloutLockedError(file, holder.pid);
      if (holder.pid === null && holder.ageMs < grace) throw new RolloutLockedError(file, null);
      try {
        unlinkSync(lockPath); // stale: its owner is gone
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
      continue;
    }
    try {
      writeSync(fd, `${pid}\n`);
    } finally {
      closeSync(fd);
    }
    held.set(lockPath, pid);
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.once('exit', () => {
        for (const [p, owner] of [...held]) releaseIfOurs(p, owner);
      });
    }
    let released = false;
    return {
      path: lockPath,
      release() {
        if (released) return;
        released = true;
        releaseIfOurs(lockPath, pid);
      },
    };
  }
  throw new RolloutLockedError(file, readHolder(lockPath)?.pid ?? null);
}
