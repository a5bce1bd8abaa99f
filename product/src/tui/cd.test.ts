import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkspace, type TestWorkspace } from '#test-support/workspace';
import { resolveCd } from './cd.ts';

describe('/cd', () => {
  let ws: TestWorkspace | null = null;
  afterEach(() => ws?.remove());
  /** root/ws/sub/ and root/ws/file.txt; root stands for home */
  const tree = () => {
    ws = makeWorkspace('csm-cd-');
    ws.write('ws/sub/.keep', '');
    ws.write('ws/file.txt', 'x');
    return ws.root;
  };

  it('resolves a directory relative to the current one', () => {
    const root = tree();
    expect(resolveCd('sub', path.join(root, 'ws'), root)).toEqual({ ok: true, dir: path.join(root, 'ws', 'sub') });
    expect(resolveCd('..', path.join(root, 'ws', 'sub'), root)).toEqual({ ok: true, dir: path.join(root, 'ws') });
  });

  it('goes home with no argument or ~, and under home with ~/', () => {
    const root = tree();
    expect(resolveCd('', path.join(root, 'ws'), root)).toEqual({ ok: true, dir: root });
    expect(resolveCd('~', '/', root)).toEqual({ ok: true, dir: root });
    expect(resolveCd('~/ws/sub', '/', root)).toEqual({ ok: true, dir: path.join(root, 'ws', 'sub') });
  });

  it('takes a quoted path as the path inside the quotes', () => {
    const root = tree();
    expect(resolveCd('"sub"', path.join(root, 'ws'), root)).toEqual({ ok: true, dir: path.join(root, 'ws', 'sub') });
  });

  it('refuses a missing directory or a file with the OS error', () => {
    const root = tree();
    const ws = path.join(root, 'ws');
    expect(resolveCd('nope', ws, root)).toEqual({ ok: false, message: `Cannot access directory ${path.join(ws, 'nope')}: No such file or directory (os error 2)` });
    expect(resolveCd('file.txt', ws, root)).toEqual({ ok: false, message: `Cannot access directory ${path.join(ws, 'file.txt')}: Not a directory (os error 20)` });
  });
});
