import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireRolloutLock, currentOwner, processStartTime, RolloutLockedError } from './lock.ts';

/** A pid that certainly belonged to a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid;

describe('the rollout lock', () => {
  let dir: string;
  let file: string;
  let other: ChildProcess | null = null;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'csm-lock-'));
    file = path.join(dir, 'rollout.jsonl');
  });
  afterEach(() => {
    other?.kill('SIGKILL');
    other = null;
    rmSync(dir, { recursive: true, force: true });
  });

  /** Another live process (a sleeping child) and its start time. */
  const liveOther = () => {
    other = spawn('sleep', ['30'], { stdio: 'ignore' });
    const pid = other.pid!;
    return { pid, start: processStartTime(pid)! };
  };

  it('is <file>.lock holding the owner pid and start time, removed on release', () => {
    const lock = acquireRolloutLock(file);
    expect(lock.path).toBe(`${file}.lock`);
    const start = processStartTime(process.pid);
    expect(start).toMatch(/^\d+$/);
    expect(readFileSync(lock.path, 'utf8')).toBe(`${process.pid} ${start}\n`);
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it('reads the start time past a command name holding spaces and parentheses', () => {
    const odd = path.join(dir, 'a) (b c');
    copyFileSync('/bin/sleep', odd);
    chmodSync(odd, 0o755);
    other = spawn(odd, ['30'], { stdio: 'ignore' });
    expect(readFileSync(`/proc/${other.pid}/stat`, 'utf8')).toContain('(a) (b c)');
    const start = processStartTime(other.pid!);
    // Started after this process: a later (or equal) tick count since boot.
    expect(Number(start)).toBeGreaterThanOrEqual(Number(processStartTime(process.pid)));
    expect(currentOwner()).toEqual({ pid: process.pid, start: processStartTime(process.pid) });
    expect(processStartTime(deadPid())).toBeNull();
  });

  it('refuses a second holder while the first is alive, naming the holder', () => {
    const first = acquireRolloutLock(file);
    expect(() => acquireRolloutLock(file)).toThrow(RolloutLockedError);
    expect(() => acquireRolloutLock(file)).toThrow(new RegExp(`in use by process ${process.pid}`));
    first.release();
    acquireRolloutLock(file).release();
  });

  it('refuses a lock held by another live process', () => {
    const { pid, start } = liveOther();
    writeFileSync(`${file}.lock`, `${pid} ${start}\n`);
    expect(() => acquireRolloutLock(file)).toThrow(new RegExp(`in use by process ${pid}`));
  });

  it('takes over a lock left by a dead process', () => {
    writeFileSync(`${file}.lock`, `${deadPid()} 12345\n`);
    const lock = acquireRolloutLock(file);
    expect(readFileSync(lock.path, 'utf8')).toBe(`${process.pid} ${processStartTime(process.pid)}\n`);
    lock.release();
  });

  it('takes over a lock whose pid now belongs to another process (pid reused: the start time differs)', () => {
    const { pid, start } = liveOther();
    writeFileSync(`${file}.lock`, `${pid} ${Number(start) - 1}\n`);
    const lock = acquireRolloutLock(file);
    expect(readFileSync(lock.path, 'utf8').split(' ')[0]).toBe(String(process.pid));
    lock.release();
  });

  it('goes by the pid alone for a lock written without a start time (older csm)', () => {
    const { pid } = liveOther();
    writeFileSync(`${file}.lock`, `${pid}\n`);
    expect(() => acquireRolloutLock(file)).toThrow(RolloutLockedError);
    writeFileSync(`${file}.lock`, `${deadPid()}\n`);
    acquireRolloutLock(file).release();
  });

  it('treats a fresh empty lock as being created, and an old empty one as stale', () => {
    writeFileSync(`${file}.lock`, '');
    expect(() => acquireRolloutLock(file)).toThrow(/being opened by another process/);
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lock`, old, old);
    acquireRolloutLock(file).release();
  });

  it('release leaves alone a lock that someone else now holds', () => {
    const lock = acquireRolloutLock(file);
    writeFileSync(lock.path, '1 7\n'); // taken over meanwhile
    lock.release();
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe('1 7\n');
  });
});
