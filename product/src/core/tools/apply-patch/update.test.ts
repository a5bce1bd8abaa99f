import { describe, expect, it } from 'vitest';

import { parsePatch, type UpdateHunk } from './parse.ts';
import { applyHunks, PatchApplyError } from './update.ts';

/** The hunks of a one-file update patch written as its body lines. */
function hunks(...body: string[]): readonly UpdateHunk[] {
  const [op] = parsePatch(['*** Begin Patch', '*** Update File: f', ...body, '*** End Patch'].join('\n'));
  if (op?.kind !== 'update') throw new Error('expected an update');
  return op.hunks;
}

const lines = (...l: string[]) => l.map((x) => `${x}\n`).join('');

describe('applyHunks', () => {
  it('replaces removed lines with added lines between the context', () => {
    expect(applyHunks(lines('a', 'b', 'c'), hunks('@@', ' a', '-b', '+B', ' c'), 'f')).toBe(lines('a', 'B', 'c'));
  });

  it('applies several hunks, each searched for after the previous one', () => {
    const original = lines('x', 'one', 'x', 'two', 'x');
    const result = applyHunks(original, hunks('@@', '-x', '+first', '@@', '-x', '+second'), 'f');
    expect(result).toBe(lines('first', 'one', 'second', 'two', 'x'));
  });

  it('uses an @@ header to narrow the search to after the matching line', () => {
    const original = lines('def a():', '    return 0', 'def b():', '    return 0');
    const result = applyHunks(original, hunks('@@ def b():', '-    return 0', '+    return 2'), 'f');
    expect(result).toBe(lines('def a():', '    return 0', 'def b():', '    return 2'));
  });

  it('accepts a hunk that repeats its @@ header line as context', () => {
    const original = lines('def a():', '    pass', 'def b():', '    pass');
    const result = applyHunks(original, hunks('@@ def b():', ' def b():', '-    pass', '+    return 1'), 'f');
    expect(result).toBe(lines('def a():', '    pass', 'def b():', '    return 1'));
  });

  it('anchors an `*** End of File` hunk at the end of the file', () => {
    const original = lines('end', 'middle', 'end');
    const result = applyHunks(original, hunks('@@', ' end', '+after', '*** End of File'), 'f');
    expect(result).toBe(lines('end', 'middle', 'end', 'after'));
  });

  it('appends a hunk with only added lines at the end of the file', () => {
    expect(applyHunks(lines('a'), hunks('@@', '+b', '+c'), 'f')).toBe(lines('a', 'b', 'c'));
  });

  it('tolerates whitespace differences between the patch and the file', () => {
    const original = lines('  if (x) {  ', '\treturn 1;', '  }');
    const result = applyHunks(original, hunks('@@', ' if (x) {', '-    return 1;', '+\treturn 2;', ' }'), 'f');
    expect(result).toBe(lines('  if (x) {  ', '\treturn 2;', '  }'));
  });

  it('keeps the file\'s own text for context lines that matched loosely', () => {
    const original = lines('say “hi”', 'old');
    const result = applyHunks(original, hunks('@@', ' say "hi"', '-old', '+new'), 'f');
    expect(result).toBe(lines('say “hi”', 'new'));
  });

  it('ignores a blank line closing a hunk when the file has none there', () => {
    const result = applyHunks(lines('a', 'b'), hunks('@@', '-b', '+c', ''), 'f');
    expect(result).toBe(lines('a', 'c'));
  });

  it('gives the result a final newline', () => {
    expect(applyHunks('a\nb', hunks('@@', ' a', '-b', '+c'), 'f')).toBe('a\nc\n');
  });

  it('keeps CRLF line endings in a CRLF file', () => {
    expect(applyHunks('a\r\nb\r\n', hunks('@@', ' a', '-b', '+c'), 'f')).toBe('a\r\nc\r\n');
  });

  it('can remove every line', () => {
    expect(applyHunks(lines('a', 'b'), hunks('@@', '-a', '-b'), 'f')).toBe('');
  });

  it('fails with the file, the patch line and the lines it looked for', () => {
    const run = () => applyHunks(lines('a', 'b'), hunks('@@', ' a', '-nope', '+c'), 'src/f.py');
    expect(run).toThrow(PatchApplyError);
    expect(run).toThrow('Failed to find expected lines in src/f.py (hunk at patch line 3):\na\nnope');
  });

  it('fails when the @@ header is not in the file', () => {
    expect(() => applyHunks(lines('a'), hunks('@@ def missing():', '-a'), 'f.py')).toThrow(
      "Failed to find context 'def missing():' in f.py",
    );
  });

  it('does not match a hunk before the previous one', () => {
    const run = () => applyHunks(lines('a', 'b'), hunks('@@', '-b', '+B', '@@', '-a', '+A'), 'f');
    expect(run).toThrow(/Failed to find expected lines in f/);
  });
});
