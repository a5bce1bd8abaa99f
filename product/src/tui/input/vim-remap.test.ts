import { describe, expect, it } from 'vitest';
import { readKeymapConfig, resolveKeymap } from '../../core/config/keymap.ts';
import { KEYMAP_ACTIONS } from '../../core/config/keymap.ts';
import type { Key } from '../screen/keys.ts';
import { vimChar, vimScope } from './vim-remap.ts';

const t = (text: string): Key => ({ kind: 'text', text });
const keymapOf = (raw: unknown) => resolveKeymap(readKeymapConfig(raw).config);

describe('Vim keys under [tui.keymap]', () => {
  it('reads a key by what is pending: Normal, an operator, a text object, or the raw character', () => {
    expect(vimScope('', t('w'))).toBe('normal');
    expect(vimScope('', t('0'))).toBe('normal');
    expect(vimScope('1', t('0'))).toBe('raw');
    expect(vimScope('d', t('w'))).toBe('operator');
    expect(vimScope('2d3', t('w'))).toBe('operator');
    expect(vimScope('di', t('w'))).toBe('text_object');
    expect(vimScope('f', t('x'))).toBe('raw');
    expect(vimScope('dt', t('x'))).toBe('raw');
  });

  it("leaves every default key as it is", () => {
    for (const a of KEYMAP_ACTIONS.filter((x) => x.context.startsWith('vim_')))
      for (const spec of a.defaults.filter((s) => [...s].length === 1)) {
        const pending = a.context === 'vim_operator' ? 'd' : a.context === 'vim_text_object' ? 'di' : '';
        expect(vimChar(t(spec), pending), `${a.context}.${a.action} ${spec}`).not.toBeNull();
      }
    expect(vimChar(t('A'), '')).toBe('A');
    expect(vimChar(t('d'), '')).toBe('d');
    expect(vimChar(t('D'), '')).toBe('D');
    expect(vimChar(t('x'), 'f')).toBe('x');
  });

  it('hands a remapped key to Vim as its action, and drops the default it replaced', () => {
    const keymap = keymapOf({ vim_normal: { move_left: 'q', delete_char: 'ctrl-x' } });
    expect(vimChar(t('q'), '', keymap)).toBe('h');
    expect(vimChar(t('h'), '', keymap)).toBeNull();
    expect(vimChar({ kind: 'ctrl-x' }, '', keymap)).toBe('x');
    expect(vimChar(t('x'), '', keymap)).toBeNull();
    // After f, the character is the one to find, whatever it is bound to.
    expect(vimChar(t('q'), 'f', keymap)).toBe('q');
  });

  it('remaps operator motions and text objects in their own contexts', () => {
    const keymap = keymapOf({ vim_operator: { motion_word_forward: 'shift-w' }, vim_text_object: { double_quote: 'q' } });
    expect(vimChar(t('W'), 'd', keymap)).toBe('w');
    expect(vimChar(t('W'), '', keymap)).toBe('W');
    expect(vimChar(t('q'), 'di', keymap)).toBe('"');
  });

  it('moves the cursor in Normal mode with a remapped key, through the view', async () => {
    const { initialState, reduce } = await import('../state.ts');
    const { routeKey } = await import('./route.ts');
    const { vimState } = await import('../vim.ts');
    const keymap = keymapOf({ vim_normal: { move_left: 'ctrl-o' } });
    let s: import('../state.ts').ChatState = { ...reduce(initialState({ product: 'csm', version: '0', cwdLabel: '~', model: 'm', effort: null }), { type: 'set-composer', text: 'abc' }), vim: vimState('normal') };
    for (const k of [{ kind: 'ctrl-o' }, t('i'), t('X')] as Key[]) s = routeKey(s, k, { page: 10, rows: 30, keymap }).actions.reduce(reduce, s);
    expect(s.composer.text).toBe('abXc'); // without the keymap, Ctrl-O does nothing here: abcX
  });
});
