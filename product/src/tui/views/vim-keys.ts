// The composer's keys while Vim mode is on. Normal mode takes every typed character (motions,
// operators, `/` and `?` searches typed in the footer); Esc in Insert mode returns to Normal. Keys
// it does not take (Enter, arrows, Ctrl-C, Esc in Normal mode) go on to the composer as usual.
import { routed, type Routed } from '../input/effects.ts';
import type { Key } from '../screen/keys.ts';
import type { ChatState } from '../state.ts';
import { finishSearch, leaveInsert, normalKey, overwrite, type VimState } from '../vim.ts';
import type { Composer } from '../composer.ts';
import { graphemes } from '../screen/canvas.ts';
import type { ResolvedKeymap } from '../../core/config/keymap.ts';
import { vimChar, vimDefaultKey } from '../input/vim-remap.ts';

const apply = (composer: Composer, vim: VimState): Routed => routed([{ type: 'vim', vim, composer }]);

export function vimKey(s: ChatState, k: Key, keymap?: ResolvedKeymap): Routed | null {
  const v = s.vim;
  if (!v || s.shell) return null;
  if (v.search) {
    // The search line in the footer takes the keys until Enter or Esc.
    const search = v.search;
    if (k.kind === 'text' || k.kind === 'paste') return apply(s.composer, { ...v, search: { ...search, text: search.text + k.text.replace(/\n/g, ' ') } });
    if (k.kind === 'backspace') {
      const cs = [...graphemes(search.text)];
      return apply(s.composer, { ...v, search: cs.length ? { ...search, text: cs.slice(0, -1).join('') } : null });
    }
    if (k.kind === 'enter') {
      const done = finishSearch(s.composer, v);
      return apply(done.composer, done.vim);
    }
    if (k.kind === 'escape' || k.kind === 'ctrl-c') return apply(s.composer, { ...v, search: null });
    return routed();
  }
  if (v.mode === 'replace') {
    // Replace mode writes over the text; Esc ends it, and other keys work as in Insert mode.
    if (k.kind === 'text' || k.kind === 'paste') return apply(overwrite(s.composer, k.text), v);
    if (k.kind === 'backspace') return routed([{ type: 'move', delta: -1 }]);
    if (k.kind !== 'escape') return null;
    const done = leaveInsert(s.composer, v);
    return apply(done.composer, done.vim);
  }
  if (v.mode === 'insert') {
    if (k.kind !== 'escape') return null;
    const done = leaveInsert(s.composer, v);
    return apply(done.composer, done.vim);
  }
  if (k.kind === 'escape' && v.pending) return apply(s.composer, { ...v, pending: '' });
  // A key that is no Vim key by default but the keymap binds to a Vim action (`[tui.keymap.vim_*]`).
  if (k.kind !== 'text') {
    const ch = vimDefaultKey(k) ? null : vimChar(k, v.pending, keymap);
    if (ch === null) return null;
    const done = normalKey(s.composer, v, ch);
    return apply(done.composer, done.vim);
  }
  // Several characters can arrive in one read: each is a key of its own, and one that starts
  // Insert mode leaves the rest to be typed.
  let composer = s.composer;
  let vim = v;
  const keys = [...graphemes(k.text)];
  for (let n = 0; n < keys.length; n++) {
    if (vim.mode === 'insert') {
      const rest = keys.slice(n).join('');
      return routed([{ type: 'vim', vim, composer }, { type: 'type', text: rest }]);
    }
    if (vim.mode === 'replace') {
      composer = overwrite(composer, keys.slice(n).join(''));
      break;
    }
    if (vim.search) {
      vim = { ...vim, search: { ...vim.search, text: vim.search.text + keys[n] } };
      continue;
    }
    // The keymap may have moved the key (to another action, or away: then it does nothing).
    const ch = vimChar({ kind: 'text', text: keys[n] }, vim.pending, keymap);
    if (ch !== null) ({ composer, vim } = normalKey(composer, vim, ch));
  }
  return apply(composer, vim);
}
