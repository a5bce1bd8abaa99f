import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { isWithin, realPath, resolveInsideRoots } from './paths.ts';
import { makeWorkspace, type TestWorkspace } from '#test-support/workspace';

let ws: TestWorkspace;
let outside: TestWorkspace;
beforeEach(() => {
  ws = makeWorkspace();
  outside = makeWorkspace('csm-outside-');
});
afterEach(() => {
  ws.remove();
  outside.remove();
});

const resolveIn = (given: string) => resolveInsideRoots(given, ws.root, [ws.root]);

describe('resolveInsideRoots', () => {
  it('resolves a relative path against cwd', () => {
    expect(resolveIn('src/a.ts')).toEqual({
      given: 'src/a.ts',
      absolute: path.join(ws.root, 'src/a.ts'),
      real: path.join(ws.root, 'src/a.ts'),
      entry: path.join(ws.root, 'src/a.ts'),
    });
  });

  it('accepts an absolute path inside the workspace', () => {
    expect(resolveIn(path.join(ws.root, 'a.txt')).real).toBe(path.join(ws.root, 'a.txt'));
  });

  it('accepts `..` that stays inside the workspace', () => {
    expect(resolveIn('src/../a.txt').real).toBe(path.join(ws.root, 'a.txt'));
  });

  it('refuses `..` that leaves the workspace', () => {
    expect(() => resolveIn('../evil.txt')).toThrow(/^path escapes the workspace: \.\.\/evil\.txt/);
  });

  it('refuses an absolute path outside the workspace', () => {
    expect(() => resolveIn('/etc/passwd')).toThrow(/^path escapes the workspace: \/etc\/passwd/);
  });

  it('refuses a sibling directory whose name starts with the root name', () => {
    expect(() => resolveIn(`${ws.root}-sibling/x`)).toThrow(/path escapes the workspace/);
  });

  it('refuses a symlinked file that points outside', () => {
    outside.write('secret.txt', 'x');
    symlinkSync(path.join(outside.root, 'secret.txt'), path.join(ws.root, 'link.txt'));
    expect(() => resolveIn('link.txt')).toThrow(/path escapes the workspace: link\.txt/);
  });

  it('refuses a new file under a symlinked directory that points outside', () => {
    symlinkSync(outside.root, path.join(ws.root, 'out'));
    expect(() => resolveIn('out/new.txt')).toThrow(/path escapes the workspace: out\/new\.txt/);
  });

  it('refuses a dangling symlink that points outside', () => {
    symlinkSync(path.join(outside.root, 'not-yet.txt'), path.join(ws.root, 'dangling.txt'));
    expect(() => resolveIn('dangling.txt')).toThrow(/path escapes the workspace/);
  });

  it('follows a symlink that stays inside to its target', () => {
    ws.write('real/target.txt', 'x');
    symlinkSync('real/target.txt', path.join(ws.root, 'alias.txt'));
    const resolved = resolveIn('alias.txt');
    expect(resolved.real).toBe(path.join(ws.root, 'real/target.txt'));
    expect(resolved.entry).toBe(path.join(ws.root, 'alias.txt'));
  });

  it('accepts any of several writable roots', () => {
    expect(resolveInsideRoots(path.join(outside.root, 'ok.txt'), ws.root, [ws.root, outside.root]).real).toBe(
      path.join(outside.root, 'ok.txt'),
    );
  });

  it('refuses everything when there are no writable roots', () => {
    expect(() => resolveInsideRoots('a.txt', ws.root, [])).toThrow(/path escapes the workspace/);
  });
});

describe('realPath', () => {
  it('resolves the existing part of a path that does not exist yet', () => {
    mkdirSync(path.join(ws.root, 'd'));
    symlinkSync(path.join(ws.root, 'd'), path.join(ws.root, 'link'));
    expect(realPath(path.join(ws.root, 'link/new/file.txt'))).toBe(path.join(ws.root, 'd/new/file.txt'));
  });
});

describe('isWithin', () => {
  it.each([
    ['/a', '/a', true],
    ['/a', '/a/b', true],
    ['/a', '/ab', false],
    ['/a', '/', false],
    ['/a/b', '/a/..b', false],
    ['/a', '/a/..b', true],
  ])('isWithin(%s, %s) is %s', (root, candidate, expected) => {
    expect(isWithin(root, candidate)).toBe(expected);
  });
});
