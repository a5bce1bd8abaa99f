import { describe, expect, it } from 'vitest';

import { parsePatch, PatchParseError } from './parse.ts';
import { patchText } from '#test-support/workspace';

function parseError(text: string): PatchParseError {
  try {
    parsePatch(text);
  } catch (error) {
    if (error instanceof PatchParseError) return error;
    throw error;
  }
  throw new Error('expected the patch to be rejected');
}

describe('parsePatch: file operations', () => {
  it('reads an added file as its + lines, each ending in a newline', () => {
    const patch = parsePatch(patchText('*** Begin Patch', '*** Add File: dir/new.txt', '+line one', '+', '+line three', '*** End Patch'));
    expect(patch).toEqual([{ kind: 'add', path: 'dir/new.txt', content: 'line one\n\nline three\n' }]);
  });

  it('reads an added file with no lines as an empty file', () => {
    const patch = parsePatch(patchText('*** Begin Patch', '*** Add File: empty.txt', '*** End Patch'));
    expect(patch).toEqual([{ kind: 'add', path: 'empty.txt', content: '' }]);
  });

  it('reads a deleted file', () => {
    expect(parsePatch(patchText('*** Begin Patch', '*** Delete File: old.txt', '*** End Patch'))).toEqual([
      { kind: 'delete', path: 'old.txt' },
    ]);
  });

  it('reads an update as context and removed lines (old) and context and added lines (new)', () => {
    const patch = parsePatch(
      patchText('*** Begin Patch', '*** Update File: src.py', '@@', ' keep', '-old', '+new', ' tail', '*** End Patch'),
    );
    expect(patch).toEqual([
      {
        kind: 'update',
        path: 'src.py',
        hunks: [
          {
            lines: [
              { op: ' ', text: 'keep' },
              { op: '-', text: 'old' },
              { op: '+', text: 'new' },
              { op: ' ', text: 'tail' },
            ],
            oldLines: ['keep', 'old', 'tail'],
            newLines: ['keep', 'new', 'tail'],
            isEndOfFile: false,
            line: 3,
          },
        ],
      },
    ]);
  });

  it('reads `*** Move to:` right after the update header', () => {
    const [op] = parsePatch(
      patchText('*** Begin Patch', '*** Update File: a.py', '*** Move to: b/a.py', '@@', '-x', '+y', '*** End Patch'),
    );
    expect(op).toMatchObject({ kind: 'update', path: 'a.py', moveTo: 'b/a.py' });
  });

  it('accepts a pure rename (Move to with no hunks)', () => {
    const [op] = parsePatch(patchText('*** Begin Patch', '*** Update File: a.py', '*** Move to: b.py', '*** End Patch'));
    expect(op).toEqual({ kind: 'update', path: 'a.py', moveTo: 'b.py', hunks: [] });
  });

  it('reads several operations in order', () => {
    const patch = parsePatch(
      patchText(
        '*** Begin Patch',
        '*** Add File: a.txt',
        '+a',
        '*** Delete File: b.txt',
        '*** Update File: c.txt',
        '-c',
        '+C',
        '*** End Patch',
      ),
    );
    expect(patch.map((op) => `${op.kind} ${op.path}`)).toEqual(['add a.txt', 'delete b.txt', 'update c.txt']);
  });
});

describe('parsePatch: hunks', () => {
  it('splits hunks at each @@ and keeps the header text', () => {
    const [op] = parsePatch(
      patchText('*** Begin Patch', '*** Update File: f.py', '@@ def a():', '-  x', '+  y', '@@ def b():', '-  z', '+  w', '*** End Patch'),
    );
    expect(op?.kind === 'update' && op.hunks.map((h) => ({ header: h.header, line: h.line }))).toEqual([
      { header: 'def a():', line: 3 },
      { header: 'def b():', line: 6 },
    ]);
  });

  it('lets the first hunk leave out its @@ line', () => {
    const [op] = parsePatch(patchText('*** Begin Patch', '*** Update File: f', ' a', '-b', '+c', '*** End Patch'));
    expect(op?.kind === 'update' && op.hunks[0]).toMatchObject({ oldLines: ['a', 'b'], newLines: ['a', 'c'] });
  });

  it('marks a hunk closed by `*** End of File` as anchored at the end', () => {
    const [op] = parsePatch(
      patchText('*** Begin Patch', '*** Update File: f', '@@', ' last', '+appended', '*** End of File', '*** End Patch'),
    );
    expect(op?.kind === 'update' && op.hunks[0]?.isEndOfFile).toBe(true);
  });

  it('reads an empty line inside a hunk as an empty context line', () => {
    const [op] = parsePatch(patchText('*** Begin Patch', '*** Update File: f', '@@', ' a', '', '-b', '*** End Patch'));
    expect(op?.kind === 'update' && op.hunks[0]?.oldLines).toEqual(['a', '', 'b']);
  });
});

describe('parsePatch: leniency', () => {
  it('ignores whitespace around the patch and around the markers', () => {
    const patch = parsePatch('\n\n  *** Begin Patch  \n*** Delete File: x\n  *** End Patch\t\n\n');
    expect(patch).toEqual([{ kind: 'delete', path: 'x' }]);
  });

  it('accepts CRLF line endings', () => {
    const patch = parsePatch('*** Begin Patch\r\n*** Add File: a\r\n+hi\r\n*** End Patch\r\n');
    expect(patch).toEqual([{ kind: 'add', path: 'a', content: 'hi\n' }]);
  });

  it.each([
    ["<<'EOF'", 'EOF'],
    ['<<"EOF"', 'EOF'],
    ['<<EOF', 'EOF'],
    ["apply_patch <<'PATCH'", 'PATCH'],
  ])('unwraps a heredoc %s … %s around the patch', (open, close) => {
    const patch = parsePatch(patchText(open, '*** Begin Patch', '*** Delete File: x', '*** End Patch', close));
    expect(patch).toEqual([{ kind: 'delete', path: 'x' }]);
  });

  it('accepts a patch with no operations (applying it is what fails)', () => {
    expect(parsePatch(patchText('*** Begin Patch', '*** End Patch'))).toEqual([]);
  });
});

describe('parsePatch: errors name the line and say why', () => {
  it('rejects a patch that does not start with *** Begin Patch', () => {
    const error = parseError(patchText('*** Add File: a', '+x', '*** End Patch'));
    expect(error.message).toBe(
      "invalid patch: the first line of the patch must be '*** Begin Patch' (line 1 is '*** Add File: a')",
    );
    expect(error.line).toBe(1);
  });

  it('rejects a patch that does not end with *** End Patch', () => {
    const error = parseError(patchText('*** Begin Patch', '*** Add File: a', '+x'));
    expect(error.message).toBe("invalid patch: the last line of the patch must be '*** End Patch' (line 3 is '+x')");
    expect(error.line).toBe(3);
  });

  it('rejects an unknown file header', () => {
    const error = parseError(patchText('*** Begin Patch', '*** Frobnicate File: a', '*** End Patch'));
    expect(error.message).toBe(
      "invalid hunk at line 2, '*** Frobnicate File: a' is not a valid hunk header. " +
        "Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'",
    );
    expect(error.line).toBe(2);
  });

  it('rejects a stray line after an added file', () => {
    const error = parseError(patchText('*** Begin Patch', '*** Add File: a', '+x', 'y', '*** End Patch'));
    expect(error.message).toMatch(/^invalid hunk at line 4, 'y' is not a valid hunk header/);
  });

  it('rejects an update with no hunks', () => {
    const error = parseError(patchText('*** Begin Patch', '*** Update File: a.py', '*** End Patch'));
    expect(error.message).toBe("invalid hunk at line 2, Update file hunk for path 'a.py' is empty");
  });

  it('rejects a hunk line without a space, - or + prefix', () => {
    const error = parseError(patchText('*** Begin Patch', '*** Update File: a', '@@', 'oops', '*** End Patch'));
    expect(error.message).toBe(
      "invalid hunk at line 4, Unexpected line found in update hunk: 'oops'. " +
        "Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)",
    );
    expect(error.line).toBe(4);
  });

  it('rejects a second hunk that does not start with @@', () => {
    const error = parseError(
      patchText('*** Begin Patch', '*** Update File: a', '@@', '-x', '+y', '*** Delete File: b', 'junk', '*** End Patch'),
    );
    expect(error.message).toMatch(/^invalid hunk at line 7, 'junk' is not a valid hunk header/);
  });

  it('rejects an @@ with no lines under it', () => {
    const error = parseError(patchText('*** Begin Patch', '*** Update File: a', '@@ def f():', '*** End Patch'));
    expect(error.message).toBe('invalid hunk at line 3, update hunk does not contain any lines');
  });

  it('counts lines from the start of the text, heredoc line included', () => {
    const error = parseError(patchText("<<'EOF'", '*** Begin Patch', '*** Nope', '*** End Patch', 'EOF'));
    expect(error.line).toBe(3);
  });
});
