import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireRolloutLock, RolloutLockedError } from './lock.ts';

/** A pid that certainly belonged to a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid;

describe('the rollout lock', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'csm-lock-'));
    file = path.join(dir, 'rollout.jsonl');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is <file>.lock holding the owner pid, removed on release', () => {
    const lock = acquireRolloutLock(file);
    expect(lock.path).toBe(`${file}.lock`);
    expect(readFileSync(lock.path, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it('refuses a second holder while the first is alive, naming the holder', () => {
    const first = acquireRolloutLock(file);
    expect(() => acquireRolloutLock(file)).toThrow(RolloutLockedError);
    expect(() => acquireRolloutLock(file)).toThrow(new RegExp(`in use by process ${process.pid}`));
    first.release();
    acquireRolloutLock(file).release();
  });

  it('takes over a lock left by a dead process', () => {
    writeFileSync(`${file}.lock`, `${deadPid()}\n`);
    const lock = acquireRolloutLock(file);
    expect(readFileSync(lock.path, 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
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
    writeFileSync(lock.path, '1\n'); // taken over meanwhile
    lock.release();
    expect(readFileSync(`${file}.lock`, 'utf8')).toBe('1\n');
  });
});
