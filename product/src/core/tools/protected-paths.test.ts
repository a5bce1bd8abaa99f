import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { makeWorkspace, type TestWorkspace } from '#test-support/workspace';
import { PROTECTED_NAMES, protectedLocationOf, protectedTargets, realRoot } from './protected-paths.ts';

let ws: TestWorkspace;
let outside: TestWorkspace;
beforeEach(() => {
  ws = makeWorkspace('csm-protected-');
  outside = makeWorkspace('csm-protected-out-');
});
afterEach(() => {
  ws.remove();
  outside.remove();
});

const at = (name: string) => path.join(ws.root, name);

describe('protectedTargets', () => {
  it('name .git, .agents, .codex and .aws in a root, whether they exist or not', () => {
    expect(PROTECTED_NAMES).toEqual(['.git', '.agents', '.codex', '.aws']);
    mkdirSync(at('.git'));
    mkdirSync(at('.codex'));
    expect(protectedTargets(ws.root)).toEqual([
      { kind: 'existing', path: at('.git') },
      { kind: 'missing', path: at('.agents') },
      { kind: 'existing', path: at('.codex') },
      { kind: 'missing', path: at('.aws') },
    ]);
  });

  it('add the directory a worktree .git file points to', () => {
    mkdirSync(path.join(outside.root, 'gitdir'));
    writeFileSync(at('.git'), `gitdir: ${path.join(outside.root, 'gitdir')}\n`);
    expect(protectedTargets(ws.root).slice(0, 2)).toEqual([
      { kind: 'existing', path: at('.git') },
      { kind: 'existing', path: path.join(outside.root, 'gitdir') },
    ]);
  });

  it('report a symlink with where it leads, dangling or not', () => {
    mkdirSync(at('decoy'));
    symlinkSync('decoy', at('.codex'));
    symlinkSync('not-yet', at('.aws'));
    const targets = protectedTargets(ws.root);
    expect(targets).toContainEqual({ kind: 'symlink', path: at('.codex'), target: at('decoy') });
    expect(targets).toContainEqual({ kind: 'symlink', path: at('.aws'), target: at('not-yet') });
  });
});

describe('protectedLocationOf', () => {
  it('finds the protected location a path lies in, existing or not', () => {
    mkdirSync(at('.git/hooks'), { recursive: true });
    expect(protectedLocationOf(at('.git/hooks/post-checkout'), [ws.root])).toBe(at('.git'));
    expect(protectedLocationOf(at('.git'), [ws.root])).toBe(at('.git'));
    expect(protectedLocationOf(at('.codex/config.toml'), [ws.root])).toBe(at('.codex'));
    expect(protectedLocationOf(at('.agents/skills/x.md'), [ws.root])).toBe(at('.agents'));
    expect(protectedLocationOf(at('.aws/credentials'), [ws.root])).toBe(at('.aws'));
  });

  it('leaves everything else alone, nested protected names included (only a root’s own are protected)', () => {
    expect(protectedLocationOf(at('src/main.ts'), [ws.root])).toBeNull();
    expect(protectedLocationOf(at('.github/workflows/ci.yml'), [ws.root])).toBeNull();
    expect(protectedLocationOf(at('sub/.git/config'), [ws.root])).toBeNull();
    expect(protectedLocationOf(at('.codex-notes'), [ws.root])).toBeNull();
  });

  it('protects where a protected symlink leads too', () => {
    mkdirSync(at('decoy'));
    symlinkSync('decoy', at('.codex'));
    expect(protectedLocationOf(at('decoy/config.toml'), [ws.root])).toBe(at('.codex'));
  });

  it('looks in every root it is given', () => {
    expect(protectedLocationOf(path.join(outside.root, '.aws/config'), [ws.root, outside.root])).toBe(path.join(outside.root, '.aws'));
    expect(protectedLocationOf(path.join(outside.root, '.aws/config'), [ws.root])).toBeNull();
  });
});

describe('realRoot', () => {
  it('resolves symlinks, also in front of a part that does not exist yet', () => {
    symlinkSync(ws.root, path.join(outside.root, 'link'));
    expect(realRoot(path.join(outside.root, 'link'))).toBe(ws.root);
    expect(realRoot(path.join(outside.root, 'link', 'new', 'dir'))).toBe(path.join(ws.root, 'new', 'dir'));
  });
});
