import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { makeWorkspace, type TestWorkspace } from '#test-support/workspace';
import { claimMountPoints, isPlaceholder } from './mount-points.ts';

let ws: TestWorkspace;
beforeEach(() => {
  ws = makeWorkspace('csm-mountpoints-');
});
afterEach(() => ws.remove());

const dir = (name: string) => {
  mkdirSync(path.join(ws.root, name));
  return path.join(ws.root, name);
};

describe('claimMountPoints', () => {
  it('removes an empty placeholder once its only claim is released', () => {
    const placeholder = dir('.codex');
    const release = claimMountPoints([placeholder]);
    expect(isPlaceholder(placeholder)).toBe(true);
    release();
    expect(ws.exists('.codex')).toBe(false);
    expect(isPlaceholder(placeholder)).toBe(false);
  });

  it('keeps a placeholder while another claim on it is live, and removes it after the last', () => {
    const placeholder = dir('.aws');
    const first = claimMountPoints([placeholder]);
    const second = claimMountPoints([placeholder]);
    first();
    expect(ws.exists('.aws')).toBe(true);
    second();
    expect(ws.exists('.aws')).toBe(false);
  });

  it('never removes a directory that is no longer empty, nor a file', () => {
    const full = dir('.agents');
    writeFileSync(path.join(full, 'skill.md'), 'mine');
    writeFileSync(path.join(ws.root, '.git'), 'gitdir: elsewhere\n');
    claimMountPoints([full, path.join(ws.root, '.git')])();
    expect(ws.files()).toEqual(['.agents/skill.md', '.git']);
  });

  /** Runs `claimMountPoints(paths)` in a separate process that exits without releasing (as a killed csm would). */
  async function claimAndDie(paths: string[]) {
    const module = JSON.stringify(path.join(import.meta.dirname, 'mount-points.ts'));
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', `const { claimMountPoints } = await import(${module}); claimMountPoints(${JSON.stringify(paths)});`], {
      stdio: 'ignore',
    });
    expect(await new Promise((resolve) => child.on('exit', resolve))).toBe(0);
  }

  it('treats claims of processes that have died as gone', async () => {
    const placeholder = dir('.codex');
    await claimAndDie([placeholder]);
    expect(isPlaceholder(placeholder)).toBe(true);
    claimMountPoints([placeholder])();
    expect(ws.exists('.codex')).toBe(false);
  });

  it('a new process cleans up after one that died, even for paths it never uses itself', async () => {
    const left = dir('.aws');
    await claimAndDie([left]);
    await claimAndDie([path.join(ws.root, 'unrelated')]); // its first claim sweeps
    expect(ws.exists('.aws')).toBe(false);
    expect(isPlaceholder(left)).toBe(false);
  });
});
