import { describe, expect, it } from 'vitest';
import { emptyComposer, type Composer } from './composer.ts';
import { findTarget, leaveInsert, motionTarget, normalKey, overwrite, searchTarget, textObject, toggleVim, vimAtStart, vimState, type VimState } from './vim.ts';

const cs = (t: string) => [...t];
/** The composer holding `text` with the cursor at `cursor`. */
const at = (text: string, cursor: number): Composer => ({ ...emptyComposer(), text, cursor });
/** Types `keys` one by one in Normal mode; the resulting text, cursor and mode. */
function keys(text: string, cursor: number, typed: string, v: VimState = vimState('normal')) {
  let c = at(text, cursor);
  for (const k of typed) ({ composer: c, vim: v } = normalKey(c, v, k));
  return { text: c.text, cursor: c.cursor, mode: v.mode, vim: v };
}

describe('Vim motions', () => {
  it('h and l stay on the line, l stopping on its last character', () => {
    expect(motionTarget(cs('ab\ncd'), 3, 'left')).toBe(3);
    expect(motionTarget(cs('ab\ncd'), 1, 'right')).toBe(1);
    expect(motionTarget(cs('abc'), 0, 'right')).toBe(1);
  });

  it('w, b and e move by words, punctuation being a word of its own', () => {
    const t = cs('foo.bar  baz');
    expect(motionTarget(t, 0, 'word-forward')).toBe(3);
    expect(motionTarget(t, 3, 'word-forward')).toBe(4);
    expect(motionTarget(t, 4, 'word-forward')).toBe(9);
    expect(motionTarget(t, 9, 'word-backward')).toBe(4);
    expect(motionTarget(t, 0, 'word-end')).toBe(2);
    expect(motionTarget(t, 0, 'bigword-forward')).toBe(9);
    expect(motionTarget(t, 11, 'bigword-backward')).toBe(9);
  });

  it('0, ^ and $ go to the line start, first non-blank and last character', () => {
    const t = cs('x\n  hi there\ny');
    expect(motionTarget(t, 6, 'line-start')).toBe(2);
    expect(motionTarget(t, 6, 'first-nonblank')).toBe(4);
    expect(motionTarget(t, 6, 'line-end')).toBe(11);
  });

  it('j and k keep the column where the next line is long enough', () => {
    const t = cs('abcd\nxy\nlonger');
    expect(motionTarget(t, 3, 'down')).toBe(6);
    expect(motionTarget(t, 6, 'down')).toBe(9);
    expect(motionTarget(t, 10, 'up')).toBe(6);
    expect(motionTarget(t, 2, 'up')).toBe(2);
  });

  it('f, F, t and T find a character on the line', () => {
    const t = cs('a,b,c');
    expect(findTarget(t, 0, 'f', ',')).toBe(1);
    expect(findTarget(t, 0, 't', 'c')).toBe(3);
    expect(findTarget(t, 4, 'F', ',')).toBe(3);
    expect(findTarget(t, 4, 'T', 'a')).toBe(1);
    expect(findTarget(t, 0, 'f', 'z')).toBeNull();
  });

  it('searches wrap around the text', () => {
    expect(searchTarget(cs('one two one'), 8, 1, 'one')).toBe(0);
    expect(searchTarget(cs('one two one'), 0, -1, 'one')).toBe(8);
    expect(searchTarget(cs('abc'), 0, 1, 'zz')).toBeNull();
  });

  it('text objects cover a word, brackets or quotes', () => {
    expect(textObject(cs('say hello there'), 5, false, 'w')).toEqual([4, 9]);
    expect(textObject(cs('say hello there'), 5, true, 'w')).toEqual([4, 10]);
    expect(textObject(cs('f(a, (b))'), 3, false, '(')).toEqual([2, 8]);
    expect(textObject(cs('x "quoted" y'), 4, true, '"')).toEqual([2, 10]);
  });
});

describe('Vim Normal mode commands', () => {
  it('Esc leaves Insert one character back, as upstream does', () => {
    const { composer, vim } = leaveInsert(at('hello', 5), vimState('insert'));
    expect([composer.cursor, vim.mode]).toEqual([4, 'normal']);
    expect(leaveInsert(at('a\n', 2), vimState('insert')).composer.cursor).toBe(2);
  });

  it('dw deletes to the next word and leaves the cursor where it began', () => {
    expect(keys('hello big world', 10, 'dw')).toMatchObject({ text: 'hello big ', cursor: 10, mode: 'normal' });
    expect(keys('one two three', 0, 'dw')).toMatchObject({ text: 'two three', cursor: 0 });
    expect(keys('one two three', 0, '2dw')).toMatchObject({ text: 'three', cursor: 0 });
  });

  it('cw changes to the end of the word (not the blank after it) and enters Insert', () => {
    expect(keys('aone two', 0, 'cw')).toMatchObject({ text: ' two', cursor: 0, mode: 'insert' });
  });

  it('x deletes under the cursor; at the end the cursor stays past it, as upstream leaves it', () => {
    expect(keys('abc', 1, 'x')).toMatchObject({ text: 'ac', cursor: 1 });
    expect(keys('abc', 2, 'x')).toMatchObject({ text: 'ab', cursor: 2 });
  });

  it('dd removes the line, yy and p put it back below', () => {
    expect(keys('one\ntwo\nthree', 5, 'dd')).toMatchObject({ text: 'one\nthree', cursor: 4 });
    expect(keys('one\ntwo', 0, 'yyp')).toMatchObject({ text: 'one\none\ntwo', cursor: 4 });
    expect(keys('last', 2, 'dd')).toMatchObject({ text: '', cursor: 0 });
  });

  it('D and C take the rest of the line; d$ too', () => {
    expect(keys('abc def', 4, 'D')).toMatchObject({ text: 'abc ', mode: 'normal' });
    expect(keys('abc def', 4, 'C')).toMatchObject({ text: 'abc ', mode: 'insert' });
    expect(keys('abc def', 0, 'd$')).toMatchObject({ text: '' });
  });

  it('i, a, I, A, o and O enter Insert at their places', () => {
    expect(keys('abc', 1, 'a')).toMatchObject({ cursor: 2, mode: 'insert' });
    expect(keys('  abc', 4, 'I')).toMatchObject({ cursor: 2, mode: 'insert' });
    expect(keys('abc', 0, 'A')).toMatchObject({ cursor: 3, mode: 'insert' });
    expect(keys('ab\ncd', 0, 'o')).toMatchObject({ text: 'ab\n\ncd', cursor: 3, mode: 'insert' });
    expect(keys('ab\ncd', 3, 'O')).toMatchObject({ text: 'ab\n\ncd', cursor: 3, mode: 'insert' });
  });

  it('r replaces one character; dt and ci( use finds and text objects', () => {
    expect(keys('cat', 0, 'rb')).toMatchObject({ text: 'bat', cursor: 0 });
    expect(keys('a,b,c', 0, 'dt,')).toMatchObject({ text: ',b,c' });
    expect(keys('f(a, b)', 3, 'ci(')).toMatchObject({ text: 'f()', cursor: 2, mode: 'insert' });
  });

  it('an operator waits for its motion, and an unknown one is dropped', () => {
    expect(keys('abc', 0, 'd').vim.pending).toBe('d');
    expect(keys('abc', 0, 'dZ')).toMatchObject({ text: 'abc', vim: { pending: '' } });
  });

  it('/ opens a search that n repeats', () => {
    expect(keys('abc', 0, '/').vim.search).toEqual({ dir: 1, text: '' });
    const v = { ...vimState('normal'), lastSearch: { dir: 1 as const, text: 'b' } };
    expect(keys('ab ab', 1, 'n', v)).toMatchObject({ cursor: 4 });
    expect(keys('ab ab', 4, 'N', v)).toMatchObject({ cursor: 1 });
  });
});

describe('Vim undo, repeat and Replace mode', () => {
  it('u undoes the last change, one at a time', () => {
    expect(keys('one two three', 4, 'dwdw')).toMatchObject({ text: 'one ' });
    expect(keys('one two three', 4, 'dwdwu')).toMatchObject({ text: 'one three', cursor: 4 });
    expect(keys('one two three', 4, 'dwdwuu')).toMatchObject({ text: 'one two three' });
    expect(keys('abc', 0, 'u')).toMatchObject({ text: 'abc' });
  });

  it('. repeats the last change, with what was typed in it', () => {
    expect(keys('one two three four', 4, 'dw.')).toMatchObject({ text: 'one four', cursor: 4 });
    const typed = keys('a b', 0, 'cw');
    const c = { ...emptyComposer(), text: 'XX b', cursor: 2 };
    const done = leaveInsert(c, typed.vim);
    let v = done.vim;
    let cur = { ...done.composer, cursor: 3 };
    ({ composer: cur, vim: v } = normalKey(cur, v, '.'));
    expect(cur.text).toBe('XX XX');
  });

  it('R writes over the text in Replace mode, and . replays it', () => {
    const r = keys('one two', 0, 'R');
    expect(r.mode).toBe('replace');
    const typed = overwrite(at('one two', 0), 'XY');
    expect([typed.text, typed.cursor]).toEqual(['XYe two', 2]);
    expect(overwrite(at('ab', 1), 'XYZ').text).toBe('aXYZ');
  });

  it('xp swaps two characters, the cursor after the put one as upstream leaves it', () => {
    expect(keys('three', 0, 'xp')).toMatchObject({ text: 'htree', cursor: 2 });
  });
});

describe('/vim and vim_mode_default', () => {
  it('toggles with upstream lines, starting in Normal mode', () => {
    const on = toggleVim(null);
    expect(on).toEqual({ vim: vimState('normal'), notice: 'Vim mode enabled.' });
    expect(toggleVim(on.vim)).toEqual({ vim: null, notice: 'Vim mode disabled.' });
  });

  it('starts composers in Insert mode when configured', () => {
    expect(vimAtStart({ vim_mode_default: true })).toEqual(vimState('insert'));
    expect(vimAtStart({})).toBeNull();
  });
});
