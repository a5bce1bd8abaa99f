import { describe, expect, it } from 'vitest';

import { findLines, normalizePunctuation } from './match.ts';

describe('findLines', () => {
  const file = ['alpha', 'beta', 'gamma', 'beta', 'delta'];

  it('finds an exact run of lines', () => {
    expect(findLines(file, ['beta', 'gamma'], 0)).toBe(1);
  });

  it('searches only from the start index onward', () => {
    expect(findLines(file, ['beta'], 2)).toBe(3);
    expect(findLines(file, ['alpha'], 1)).toBeUndefined();
  });

  it('returns the start index for an empty pattern', () => {
    expect(findLines(file, [], 3)).toBe(3);
  });

  it('returns undefined when the pattern is longer than what is left', () => {
    expect(findLines(['a'], ['a', 'b'], 0)).toBeUndefined();
  });

  it('prefers a match ending on the last line when anchored at the end', () => {
    expect(findLines(['x', 'end', 'x', 'end'], ['x', 'end'], 0, true)).toBe(2);
  });

  it('falls back to the first match when the end does not match', () => {
    expect(findLines(['x', 'end', 'y'], ['x', 'end'], 0, true)).toBe(0);
  });

  it('ignores trailing whitespace', () => {
    expect(findLines(['a  ', 'b\t'], ['a', 'b'], 0)).toBe(0);
  });

  it('ignores indentation', () => {
    expect(findLines(['    return x'], ['return x'], 0)).toBe(0);
  });

  it('treats typographic quotes, dashes and spaces as their ASCII look-alikes', () => {
    expect(findLines(['say “hi” — it’s\u00A0fine'], ['say "hi" - it\'s fine'], 0)).toBe(0);
  });

  it('prefers an exact match over an earlier loose one', () => {
    expect(findLines(['  x', 'x'], ['x'], 0)).toBe(1);
  });
});

describe('normalizePunctuation', () => {
  it('maps dashes, quotes and odd spaces to ASCII', () => {
    expect(normalizePunctuation('a\u2013b\u2014c \u2018d\u2019 \u201Ce\u201D\u202Ff')).toBe('a-b-c \'d\' "e" f');
  });
});
