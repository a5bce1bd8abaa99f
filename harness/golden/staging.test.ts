import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acceptStaged, goldenChanges, stageScenario, stagingPaths } from './staging.ts';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

function staged(files: Record<string, string>) {
  root = mkdtempSync(path.join(os.tmpdir(), 'staging-'));
  const dir = path.join(root, 'bump');
  const p = stagingPaths(dir);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(p.goldens, 'demo', rel)), { recursive: true });
    writeFileSync(path.join(p.goldens, 'demo', rel), text);
  }
  mkdirSync(path.join(p.captures, 'demo'), { recursive: true });
  writeFileSync(path.join(p.captures, 'demo', 'timings.json'), '{}\n');
  stageScenario(dir, '9.9.9', 'demo');
  const into = { goldens: path.join(root, 'goldens'), captures: path.join(root, 'captures') };
  mkdirSync(path.join(into.goldens, 'demo'), { recursive: true });
  writeFileSync(path.join(into.goldens, 'demo', 'stale.txt'), 'from the old pin\n');
  return { dir, p, into };
}

describe('accepting staged goldens', () => {
  it('replaces the pinned golden and reference capture with exactly what was recorded', () => {
    const { dir, into } = staged({ 'run.json': '{}\n', 'inv0.stdout.txt': 'hello\n' });
    acceptStaged(dir, into, ['demo']);
    expect(readFileSync(path.join(into.goldens, 'demo', 'inv0.stdout.txt'), 'utf8')).toBe('hello\n');
    expect(() => readFileSync(path.join(into.goldens, 'demo', 'stale.txt'))).toThrow();
    expect(readFileSync(path.join(into.captures, 'demo', 'timings.json'), 'utf8')).toBe('{}\n');
  });

  it('refuses, and changes nothing, when a staged file was edited after recording', () => {
    const { dir, p, into } = staged({ 'run.json': '{}\n', 'inv0.stdout.txt': 'hello\n' });
    writeFileSync(path.join(p.goldens, 'demo', 'inv0.stdout.txt'), 'hand-edited\n');
    expect(() => acceptStaged(dir, into, ['demo'])).toThrow('demo: goldens/demo/inv0.stdout.txt changed since it was recorded');
    expect(readFileSync(path.join(into.goldens, 'demo', 'stale.txt'), 'utf8')).toBe('from the old pin\n');
  });

  it('refuses a scenario that was never staged', () => {
    const { dir, into } = staged({ 'run.json': '{}\n' });
    expect(() => acceptStaged(dir, into, ['other'])).toThrow('other: not staged');
  });

  it('keeps recordings of one upstream version per directory', () => {
    const { dir } = staged({ 'run.json': '{}\n' });
    expect(() => stageScenario(dir, '1.0.0', 'demo')).toThrow('holds recordings of upstream 9.9.9');
  });
});

describe('goldenChanges', () => {
  it('names each changed file by the check component it feeds, ignoring the environment manifest', () => {
    const pinned = { 'inv0.stdout.txt': 'a\n', 'frames/idle.txt': 'x\n', 'environment.json': '{"v":1}', 'rollouts.json': '[]' };
    const next = { 'inv0.stdout.txt': 'b\n', 'frames/idle.txt': 'x\n', 'environment.json': '{"v":2}', 'frames/idle.attrs.txt': 'a\n' };
    expect(goldenChanges(pinned, next)).toEqual([
      { file: 'frames/idle.attrs.txt', component: 'frames.attrs', kind: 'added' },
      { file: 'inv0.stdout.txt', component: 'stdout#0', kind: 'changed' },
      { file: 'rollouts.json', component: 'rollouts', kind: 'removed' },
    ]);
  });
});
