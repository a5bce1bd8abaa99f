import { describe, expect, it } from 'vitest';
import { highlightBash, SHELL_COLOURS as C } from './highlight.ts';

const shape = (cmd: string) => highlightBash(cmd).map((s) => [s.text, s.style?.fg]);

describe('shell command colours', () => {
  it('tell programs, their arguments and operators apart', () => {
    expect(shape('echo approved > ../outside.txt && echo created')).toEqual([
      ['echo', C.program],
      [' approved ', C.text],
      ['>', C.operator],
      [' ../outside.txt ', C.text],
      ['&&', C.operator],
      [' ', C.text],
      ['echo', C.program],
      [' created', C.text],
    ]);
  });
  it('keep quoted words whole and treat a pipe as the start of a new program', () => {
    expect(shape(`grep -n 'a | b' f | wc -l`)).toEqual([
      ['grep', C.program],
      [` -n 'a | b' f `, C.text],
      ['|', C.operator],
      [' ', C.text],
      ['wc', C.program],
      [' -l', C.text],
    ]);
  });
  it('never loses text', () => {
    for (const cmd of ['FOO=1 make -j4 2>&1', 'a;b', '"unterminated', '(cd x && ls)']) expect(highlightBash(cmd).map((s) => s.text).join('')).toBe(cmd);
  });
});
