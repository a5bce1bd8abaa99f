// Placeholders the sandbox makes for protected paths that do not exist: bwrap has to create an empty
// directory in the writable root to mount a read-only tmpfs on, and that directory is visible on the
// host while the command runs. Each sandboxed command claims the placeholders it uses; the last one
// to finish (across every csm process, told apart by a marker file per claim) removes them again,
// if they are still empty directories.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

let claims = 0;
let swept = false;

const markerRoot = () => path.join(tmpdir(), 'csm-bwrap-mountpoints');

function markerDir(mountPoint: string): string {
  const key = createHash('sha256').update(mountPoint).digest('hex').slice(0, 20);
  return path.join(markerRoot(), key);
}

/** Whether `dir` is an empty directory left by an earlier sandbox (a csm that died before cleaning up). */
export function isPlaceholder(dir: string): boolean {
  return existsSync(markerDir(dir)) && isEmptyDirectory(dir);
}

/**
 * Registers this process's use of `mountPoints` (absolute paths) for one command. Returns the
 * release to call once the command has exited: it removes each placeholder that no live claim
 * still uses and that is still an empty directory.
 */
export function claimMountPoints(mountPoints: readonly string[]): () => void {
  if (mountPoints.length === 0) return () => undefined;
  if (!swept) {
    swept = true;
    sweepDeadClaims();
  }
  const marker = `${process.pid}-${++claims}`;
  const held: { mountPoint: string; dir: string }[] = [];
  for (const mountPoint of new Set(mountPoints)) {
    const dir = markerDir(mountPoint);
    try {
      withLock(dir, () => {
        mkdirSync(dir, { recursive: true });
        writeFileSync(path.join(dir, marker), mountPoint);
      });
      held.push({ mountPoint, dir });
    } catch {
      // Without a marker the placeholder is simply left in place: safe, only untidy.
    }
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const { mountPoint, dir } of held) {
      // Under the lock, so a claim made meanwhile is either seen here or made after the removal (its
      // bwrap then creates the placeholder again): a mount in use is never pulled from under it.
      withLock(dir, () => {
        rmSync(path.join(dir, marker), { force: true });
        if (!hasLiveClaims(dir)) removePlaceholder(mountPoint, dir);
      });
    }
  };
}

/** Removes the placeholder (if still an empty directory) and its marker directory. Call under the lock. */
function removePlaceholder(mountPoint: string, dir: string): void {
  if (isEmptyDirectory(mountPoint)) {
    try {
      rmdirSync(mountPoint);
    } catch {
      // Not ours to remove any more.
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Cleans up after csm processes that died while a command ran (killed, crashed): their claims are
 * dropped and placeholders nobody else uses removed. Done once per process, at its first claim.
 */
function sweepDeadClaims(): void {
  for (const name of readdirSafe(markerRoot())) {
    if (name.endsWith('.lock')) continue;
    const dir = path.join(markerRoot(), name);
    try {
      withLock(dir, () => {
        const mountPoint = readdirSafe(dir)
          .map((entry) => readFileOrNull(path.join(dir, entry)))
          .find((text): text is string => !!text);
        if (!hasLiveClaims(dir) && mountPoint) removePlaceholder(mountPoint, dir);
        else if (readdirSafe(dir).length === 0) rmSync(dir, { recursive: true, force: true });
      });
    } catch {
      // Someone else's, or gone meanwhile.
    }
  }
}

function readFileOrNull(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

const LOCK_STALE_MS = 10_000;
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Runs `fn` holding `<dir>.lock` (a directory: created atomically); a lock older than 10 s is taken over. */
function withLock(dir: string, fn: () => void): void {
  const lock = `${dir}.lock`;
  mkdirSync(path.dirname(dir), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const age = Date.now() - (statOrNull(lock)?.mtimeMs ?? Date.now());
      if (age > LOCK_STALE_MS || attempt > 2_000) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      Atomics.wait(pause, 0, 0, 1);
    }
  }
  try {
    fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function statOrNull(file: string) {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

/** True when a marker in `dir` belongs to a running process; markers of dead processes are removed. */
function hasLiveClaims(dir: string): boolean {
  let live = false;
  for (const entry of readdirSafe(dir)) {
    const pid = Number(entry.split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) live = true;
    else rmSync(path.join(dir, entry), { force: true });
  }
  return live;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function isEmptyDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory() && readdirSync(dir).length === 0;
  } catch {
    return false;
  }
}
