import { chmodSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { applyPatch, applyPlan, planPatch, summarize } from './apply.ts';
import { parsePatch } from './parse.ts';
import { makeWorkspace, patchText, type TestWorkspace } from '#test-support/workspace';
import { PatchApplyError } from './update.ts';

let ws: TestWorkspace;
beforeEach(() => {
  ws = makeWorkspace();
});
afterEach(() => {
  ws.remove();
});

const apply = (...lines: string[]) => applyPatch(parsePatch(patchText(...lines)), { cwd: ws.root, writableRoots: [ws.root] });
const abs = (relative: string) => path.join(ws.root, relative);

describe('applying a patch', () => {
  it('adds a file, creating its directories', async () => {
    const result = await apply('*** Begin Patch', '*** Add File: src/hello.txt', '+hello', '+world', '*** End Patch');
    expect(ws.read('src/hello.txt')).toBe('hello\nworld\n');
    expect(result.changes).toEqual([{ path: abs('src/hello.txt'), kind: 'add' }]);
    expect(result.summary).toBe('Success. Updated the following files:\nA src/hello.txt\n');
  });

  it('deletes a file', async () => {
    ws.write('old.txt', 'bye\n');
    const result = await apply('*** Begin Patch', '*** Delete File: old.txt', '*** End Patch');
    expect(ws.exists('old.txt')).toBe(false);
    expect(result.changes).toEqual([{ path: abs('old.txt'), kind: 'delete' }]);
  });

  it('updates a file', async () => {
    ws.write('src.py', 'def f():\n    return 1\n');
    const result = await apply('*** Begin Patch', '*** Update File: src.py', '@@ def f():', '-    return 1', '+    return 2', '*** End Patch');
    expect(ws.read('src.py')).toBe('def f():\n    return 2\n');
    expect(result.changes).toEqual([{ path: abs('src.py'), kind: 'update' }]);
  });

  it('moves a file while updating it', async () => {
    ws.write('a.py', 'x = 1\n');
    const result = await apply('*** Begin Patch', '*** Update File: a.py', '*** Move to: pkg/b.py', '@@', '-x = 1', '+x = 2', '*** End Patch');
    expect(ws.exists('a.py')).toBe(false);
    expect(ws.read('pkg/b.py')).toBe('x = 2\n');
    expect(result.changes).toEqual([{ path: abs('a.py'), kind: 'update', move_path: abs('pkg/b.py') }]);
    expect(result.summary).toBe('Success. Updated the following files:\nM pkg/b.py\n');
  });

  it('renames a file with a Move to and no hunks', async () => {
    ws.write('a.txt', 'same\n');
    await apply('*** Begin Patch', '*** Update File: a.txt', '*** Move to: b.txt', '*** End Patch');
    expect(ws.files()).toEqual(['b.txt']);
    expect(ws.read('b.txt')).toBe('same\n');
  });

  it('applies several hunks to one file', async () => {
    ws.write('f.txt', 'a\nb\nc\nd\ne\n');
    await apply('*** Begin Patch', '*** Update File: f.txt', '@@', ' a', '-b', '+B', '@@', ' d', '-e', '+E', '*** End Patch');
    expect(ws.read('f.txt')).toBe('a\nB\nc\nd\nE\n');
  });

  it('appends at the end of the file with an End of File hunk', async () => {
    ws.write('f.txt', 'x\ny\nx\n');
    await apply('*** Begin Patch', '*** Update File: f.txt', '@@', ' x', '+z', '*** End of File', '*** End Patch');
    expect(ws.read('f.txt')).toBe('x\ny\nx\nz\n');
  });

  it('lets a later operation see an earlier one in the same patch', async () => {
    await apply('*** Begin Patch', '*** Add File: n.txt', '+one', '*** Update File: n.txt', '@@', '-one', '+two', '*** End Patch');
    expect(ws.read('n.txt')).toBe('two\n');
  });

  it('keeps the permission bits of an updated file', async () => {
    ws.write('run.sh', 'echo a\n');
    chmodSync(abs('run.sh'), 0o750);
    await apply('*** Begin Patch', '*** Update File: run.sh', '-echo a', '+echo b', '*** End Patch');
    expect(statSync(abs('run.sh')).mode & 0o777).toBe(0o750);
  });

  it('writes through a symlink that stays inside the workspace, keeping the link', async () => {
    ws.write('real.txt', 'a\n');
    symlinkSync('real.txt', abs('alias.txt'));
    await apply('*** Begin Patch', '*** Update File: alias.txt', '-a', '+b', '*** End Patch');
    expect(ws.read('real.txt')).toBe('b\n');
    expect(statSync(abs('alias.txt')).isFile()).toBe(true);
  });
});

describe('the summary text', () => {
  it('lists added, then modified, then deleted files, by the paths the patch used', async () => {
    ws.write('src.py', 'a\n');
    ws.write('old.txt', 'b\n');
    const result = await apply(
      '*** Begin Patch',
      '*** Delete File: old.txt',
      '*** Update File: src.py',
      '-a',
      '+A',
      '*** Add File: hello.txt',
      '+hi',
      '*** End Patch',
    );
    expect(result.summary).toBe('Success. Updated the following files:\nA hello.txt\nM src.py\nD old.txt\n');
  });

  it('is built by summarize()', () => {
    expect(summarize(['a'], [], ['d'])).toBe('Success. Updated the following files:\nA a\nD d\n');
  });
});

describe('a patch that cannot be applied changes nothing', () => {
  it('leaves every file alone when a later hunk does not match', async () => {
    ws.write('keep.txt', 'k\n');
    ws.write('f.txt', 'a\nb\n');
    const run = apply(
      '*** Begin Patch',
      '*** Add File: new.txt',
      '+new',
      '*** Delete File: keep.txt',
      '*** Update File: f.txt',
      '@@',
      ' a',
      '-not in the file',
      '+c',
      '*** End Patch',
    );
    await expect(run).rejects.toThrow('Failed to find expected lines in f.txt (hunk at patch line 6):\na\nnot in the file');
    expect(ws.files()).toEqual(['f.txt', 'keep.txt']);
    expect(ws.read('f.txt')).toBe('a\nb\n');
    expect(ws.read('keep.txt')).toBe('k\n');
  });

  it('fails to update a file that does not exist', async () => {
    await expect(apply('*** Begin Patch', '*** Update File: nope.txt', '-a', '+b', '*** End Patch')).rejects.toThrow(
      'Failed to read file to update nope.txt: No such file or directory',
    );
  });

  it('fails to delete a file that does not exist', async () => {
    await expect(apply('*** Begin Patch', '*** Delete File: nope.txt', '*** End Patch')).rejects.toThrow(
      'Failed to delete file nope.txt: No such file or directory',
    );
  });

  it('fails on a patch with no operations', async () => {
    await expect(apply('*** Begin Patch', '*** End Patch')).rejects.toThrow('No files were modified.');
  });

  it('fails to add a file where a directory is', async () => {
    ws.write('dir/inner.txt', 'x');
    await expect(apply('*** Begin Patch', '*** Add File: dir', '+x', '*** End Patch')).rejects.toThrow(
      'Failed to write file dir: it is a directory',
    );
  });
});

describe('paths outside the writable roots are refused before anything is written', () => {
  it.each([
    ['../escape.txt', 'a `..` path'],
    ['/tmp/csm-apply-patch-escape.txt', 'an absolute path outside'],
  ])('refuses %s (%s)', async (target) => {
    const run = apply('*** Begin Patch', '*** Add File: fine.txt', '+ok', `*** Add File: ${target}`, '+bad', '*** End Patch');
    await expect(run).rejects.toThrow(PatchApplyError);
    await expect(run).rejects.toThrow(/path escapes the workspace/);
    expect(ws.files()).toEqual([]);
  });

  it('refuses a Move to outside the workspace', async () => {
    ws.write('a.txt', 'a\n');
    await expect(apply('*** Begin Patch', '*** Update File: a.txt', '*** Move to: ../a.txt', '*** End Patch')).rejects.toThrow(
      /path escapes the workspace: \.\.\/a\.txt/,
    );
    expect(ws.files()).toEqual(['a.txt']);
  });

  it('refuses to write through a symlink pointing outside', async () => {
    const outside = makeWorkspace('csm-outside-');
    try {
      outside.write('target.txt', 'original\n');
      symlinkSync(path.join(outside.root, 'target.txt'), abs('link.txt'));
      await expect(apply('*** Begin Patch', '*** Update File: link.txt', '-original', '+owned', '*** End Patch')).rejects.toThrow(
        /path escapes the workspace: link\.txt/,
      );
      expect(outside.read('target.txt')).toBe('original\n');
    } finally {
      outside.remove();
    }
  });
});

describe('writing', () => {
  it('leaves no temporary file behind', async () => {
    ws.write('f.txt', 'a\n');
    await apply('*** Begin Patch', '*** Update File: f.txt', '-a', '+b', '*** Add File: g/h.txt', '+h', '*** End Patch');
    expect(ws.files()).toEqual(['f.txt', 'g/h.txt']);
  });

  it('computes the plan without touching the disk', async () => {
    ws.write('f.txt', 'a\n');
    const plan = await planPatch(parsePatch(patchText('*** Begin Patch', '*** Update File: f.txt', '-a', '+b', '*** End Patch')), {
      cwd: ws.root,
      writableRoots: [ws.root],
    });
    expect(plan.files).toEqual([{ target: abs('f.txt'), content: 'b\n', mode: statSync(abs('f.txt')).mode & 0o7777 }]);
    expect(ws.read('f.txt')).toBe('a\n');
    await applyPlan(plan);
    expect(ws.read('f.txt')).toBe('b\n');
  });

  it('writes nothing when one of the new files cannot be written', async () => {
    ws.write('blocker', 'a file, not a directory\n');
    const plan = await planPatch(
      parsePatch(patchText('*** Begin Patch', '*** Add File: ok.txt', '+ok', '*** Add File: blocker/x.txt', '+x', '*** End Patch')),
      { cwd: ws.root, writableRoots: [ws.root] },
    );
    await expect(applyPlan(plan)).rejects.toThrow(/^Failed to write file .*blocker\/x\.txt/);
    expect(ws.files()).toEqual(['blocker']);
  });
});
