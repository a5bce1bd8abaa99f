import { describe, expect, it } from 'vitest';
import { routeKey } from '../input/route.ts';
import type { Key } from '../screen/keys.ts';
import { initialState, reduce, type ChatAction, type ChatState } from '../state.ts';
import { drawChat } from '../view.ts';
import { vimState } from '../vim.ts';

const start = (mode: 'normal' | 'insert' = 'normal'): ChatState => ({ ...initialState({ product: 'csm', version: '0.1.0', cwdLabel: '~/ws', model: 'gpt-5.5', effort: null }), vim: vimState(mode) });
const text = (t: string): Key => ({ kind: 'text', text: t });
function press(s: ChatState, ...keys: Key[]) {
  const effects = [];
  for (const k of keys) {
    const r = routeKey(s, k, { page: 10, rows: 30 });
    s = r.actions.reduce((acc: ChatState, a: ChatAction) => reduce(acc, a), s);
    effects.push(...r.effects);
  }
  return { s, effects };
}
const lastRow = (s: ChatState) => drawChat(s, 100, 30, 0).rowText(29);

describe('keys in Vim mode', () => {
  it('Normal mode takes typed letters as commands, not text', () => {
    const { s } = press(start(), text('x'), text('l'));
    expect(s.composer.text).toBe('');
  });

  it('i then text types; Esc returns to Normal; b and dw edit, as one read or key by key', () => {
    const typed = press(start(), text('i'), text('hello big world'), { kind: 'escape' }).s;
    expect([typed.composer.text, typed.composer.cursor, typed.vim?.mode]).toEqual(['hello big world', 14, 'normal']);
    const edited = press(typed, text('bdw')).s;
    expect([edited.composer.text, edited.composer.cursor]).toEqual(['hello big ', 10]);
    // `ihi` in one read: the `i` switches modes and the rest is typed.
    expect(press(start(), text('ihi')).s.composer.text).toBe('hi');
  });

  it('Enter still sends from Normal mode, and Esc there still primes nothing on an empty composer', () => {
    const typed = press(start(), text('ihi'), { kind: 'escape' }).s;
    expect(press(typed, { kind: 'enter' }).effects).toEqual([{ kind: 'submit', text: 'hi' }]);
  });

  it('a sent prompt leaves the fresh composer in Insert mode, as upstream does', () => {
    const typed = press(start(), text('ihi'), { kind: 'escape' }).s;
    const sent = reduce(typed, { type: 'submitted', text: 'hi', at: 0 });
    expect(sent.vim?.mode).toBe('insert');
  });

  it('k and j on the first and last line go through earlier prompts, the cursor on the last character', () => {
    let s = start('insert');
    s = reduce(s, { type: 'submitted', text: 'first prompt', at: 0 });
    s = reduce(s, { type: 'turn-ended', at: 1, now: new Date(0) });
    const older = press(s, { kind: 'escape' }, text('k')).s;
    expect([older.composer.text, older.composer.cursor, older.vim?.mode]).toEqual(['first prompt', 11, 'normal']);
    expect(press(older, text('j')).s.composer.text).toBe('');
  });

  it('with Plan mode on too, the footer shows both, the Vim mode first', () => {
    const s = { ...start('insert'), plan: { effortBefore: null } };
    expect(lastRow(s)).toMatch(/ {3,}Vim: Insert · Plan mode \(shift\+tab to cycle\)$/);
  });

  it('the footer names the mode at its right edge, and shows a search while it is typed', () => {
    expect(lastRow(start())).toMatch(/ {3,}Vim: Normal$/);
    expect(lastRow(start('insert'))).toMatch(/Vim: Insert$/);
    const searching = press(start(), text('/ab')).s;
    expect(lastRow(searching)).toBe('  /ab');
    expect(press(searching, { kind: 'escape' }).s.vim?.search).toBeNull();
  });

  it('marks where the search matches in the composer, while typed and after Enter', () => {
    const typed = press(start(), text('ione big two big'), { kind: 'escape' }, text('0/big')).s;
    const marked = (s: ChatState) => drawChat(s, 100, 30, 0).cells[26].flatMap((cell, x) => (cell.style.reverse ? [x] : []));
    expect(marked(typed)).toEqual([6, 7, 8, 14, 15, 16]);
    const found = press(typed, { kind: 'enter' }).s;
    expect([found.composer.cursor, marked(found)]).toEqual([4, [6, 7, 8, 14, 15, 16]]);
  });

  it('a slash command typed in Insert mode still opens the popup and runs', () => {
    const { effects } = press(start('insert'), text('/vim'), { kind: 'enter' });
    expect(effects).toEqual([{ kind: 'slash', line: '/vim' }]);
  });
});
