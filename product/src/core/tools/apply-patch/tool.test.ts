import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { applyPatchToolSpec, formatToolOutput, PATCH_REJECTED, runApplyPatch } from './tool.ts';
import { makeWorkspace, patchText, type TestWorkspace } from '#test-support/workspace';

let ws: TestWorkspace;
beforeEach(() => {
  ws = makeWorkspace();
});
afterEach(() => {
  ws.remove();
});

/** A clock that never advances, so `Wall time` is always 0. */
const frozen = () => 1_000;
const run = (input: string) => runApplyPatch(input, { cwd: ws.root, writableRoots: [ws.root], now: frozen });

describe('runApplyPatch', () => {
  it('answers a successful patch with the text upstream sends back', async () => {
    const result = await run('*** Begin Patch\n*** Add File: hello.txt\n+hello from the patch\n*** End Patch\n');
    expect(result.output).toBe(
      'Exit code: 0\nWall time: 0 seconds\nOutput:\nSuccess. Updated the following files:\nA hello.txt\n',
    );
    expect(result.success).toBe(true);
    expect(result.changes).toEqual([{ path: path.join(ws.root, 'hello.txt'), kind: 'add' }]);
    expect(ws.read('hello.txt')).toBe('hello from the patch\n');
  });

  it('answers a patch that does not parse with exit code 1 and the line at fault', async () => {
    const result = await run(patchText('*** Begin Patch', '*** Update File: a.py', '@@', 'oops', '*** End Patch'));
    expect(result.success).toBe(false);
    expect(result.changes).toEqual([]);
    expect(result.output).toMatch(/^Exit code: 1\nWall time: 0 seconds\nOutput:\ninvalid hunk at line 4, Unexpected line/);
    expect(result.output.endsWith('\n')).toBe(true);
  });

  it('answers a hunk that does not match with exit code 1, still naming the files it meant to change', async () => {
    ws.write('a.txt', 'a\n');
    const result = await run(patchText('*** Begin Patch', '*** Add File: b.txt', '+b', '*** Update File: a.txt', '-zzz', '+y', '*** End Patch'));
    expect(result.success).toBe(false);
    expect(result.output).toBe(
      'Exit code: 1\nWall time: 0 seconds\nOutput:\nFailed to find expected lines in a.txt (hunk at patch line 5):\nzzz\n',
    );
    expect(result.changes).toEqual([
      { path: path.join(ws.root, 'b.txt'), kind: 'add' },
      { path: path.join(ws.root, 'a.txt'), kind: 'update' },
    ]);
    expect(ws.files()).toEqual(['a.txt']);
  });

  it('rejects a path outside the workspace in upstream’s words, reporting no file change and writing nothing', async () => {
    const result = await run(patchText('*** Begin Patch', '*** Add File: ok.txt', '+ok', '*** Add File: ../x.txt', '+x', '*** End Patch'));
    expect(result).toMatchObject({ success: false, output: PATCH_REJECTED, changes: [] });
    expect(result.rejected?.reason).toMatch(/^path escapes the workspace: \.\.\/x\.txt/);
    expect(ws.files()).toEqual([]);
  });

  it('accepts the patch wrapped in a heredoc', async () => {
    const result = await run(patchText("<<'EOF'", '*** Begin Patch', '*** Add File: h.txt', '+h', '*** End Patch', 'EOF'));
    expect(result.success).toBe(true);
  });
});

describe('formatToolOutput', () => {
  it.each([
    [0, '0'],
    [49, '0'],
    [120, '0.1'],
    [1_000, '1'],
    [2_345, '2.3'],
  ])('writes %d ms as "%s seconds"', (ms, seconds) => {
    expect(formatToolOutput(0, ms, 'x\n')).toBe(`Exit code: 0\nWall time: ${seconds} seconds\nOutput:\nx\n`);
  });

  it('ends the output with a newline', () => {
    expect(formatToolOutput(1, 0, 'boom')).toBe('Exit code: 1\nWall time: 0 seconds\nOutput:\nboom\n');
  });
});

describe('applyPatchToolSpec', () => {
  const capture = path.resolve(
    path.dirname(fileURLToPath(import.meta.url)),
    '../../../../../reference-captures/exec-apply-patch/requests.full.json',
  );
  const upstream = (JSON.parse(readFileSync(capture, 'utf8')) as Array<{ body: { tools: Array<Record<string, unknown>> } }>)[0]!
    .body.tools.find((tool) => tool.name === 'apply_patch')!;

  /** The shape of a JSON value: its keys and the types of its leaves. */
  const shape = (value: unknown): unknown =>
    value !== null && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]).sort())
      : typeof value;

  it('has the same shape as the tool upstream advertises', () => {
    expect(shape(applyPatchToolSpec)).toEqual(shape(upstream));
  });

  it('is a custom tool named apply_patch with a Lark grammar', () => {
    expect(applyPatchToolSpec).toMatchObject({
      type: 'custom',
      name: 'apply_patch',
      format: { type: 'grammar', syntax: 'lark' },
    });
  });

  it('has its own description text', () => {
    expect(applyPatchToolSpec.description).not.toBe(upstream.description);
  });

  it('has a grammar naming every marker of the patch format', () => {
    for (const marker of ['*** Begin Patch', '*** End Patch', '*** Add File: ', '*** Delete File: ', '*** Update File: ', '*** Move to: ', '*** End of File', '@@']) {
      expect(applyPatchToolSpec.format.definition).toContain(`"${marker}`);
    }
  });
});
