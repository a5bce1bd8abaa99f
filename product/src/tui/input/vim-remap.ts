// Vim mode under `[tui.keymap.vim_*]`: csm's Vim (../vim.ts) reads Vim's own letters, so a key the
// person bound to a Vim action is handed to it as that action's default letter, and a default
// letter moved elsewhere does nothing. Which context a key belongs to follows what is pending:
// nothing (Normal and its searches), an operator (its motions), an operator and i/a (text objects).
// The character after f/F/t/T/r and a count's digits are never remapped.
import { KEYMAP_ACTIONS, resolveKeymap, type ResolvedKeymap } from '../../core/config/keymap.ts';
import type { Key } from '../screen/keys.ts';
import { keySpecs } from './bindings.ts';

type Scope = 'normal' | 'operator' | 'text_object' | 'raw';

const CONTEXTS: Record<Exclude<Scope, 'raw'>, string[]> = { normal: ['vim_normal', 'vim_search'], operator: ['vim_operator', 'vim_search'], text_object: ['vim_text_object'] };

/** What a key after `pending` is read as. */
export function vimScope(pending: string, key: Key): Scope {
  const digit = key.kind === 'text' && /^\d$/.test(key.text);
  const counted = /^(?:[1-9]\d*)?/.exec(pending)![0];
  const body = pending.slice(counted.length);
  if (!body) return digit && (counted || key.text !== '0') ? 'raw' : 'normal';
  const op = /^[dcy](\d*)(.*)$/.exec(body);
  if (!op) return 'raw';
  if (!op[2]) return digit && (op[1] || key.text !== '0') ? 'raw' : 'operator';
  return op[2] === 'i' || op[2] === 'a' ? 'text_object' : 'raw';
}

/** The character Vim reads for an action: its first default written as one character. */
function letterOf(specs: readonly string[]): string | null {
  for (const spec of specs) {
    if (spec.includes(' ')) continue;
    if (spec === 'minus') return '-';
    if (spec === 'space') return ' ';
    if ([...spec].length === 1) return spec;
    const shifted = /^shift-(.)$/u.exec(spec);
    if (shifted) return /[a-z]/.test(shifted[1]) ? shifted[1].toUpperCase() : shifted[1];
  }
  return null;
}

const DEFAULT_KEYMAP = resolveKeymap();

/** The character Vim should read for `key` after `pending` (the key itself when nothing is bound), or null: moved away. */
export function vimChar(key: Key, pending: string, keymap: ResolvedKeymap = DEFAULT_KEYMAP): string | null {
  const own = key.kind === 'text' ? key.text : null;
  const scope = vimScope(pending, key);
  if (scope === 'raw') return own;
  const specs = keySpecs(key);
  const actions = KEYMAP_ACTIONS.filter((a) => CONTEXTS[scope].includes(a.context));
  for (const a of actions) {
    const letter = letterOf(a.defaults);
    if (letter && keymap.bindings(a.context, a.action).some((b) => specs.includes(b))) return letter;
  }
  return actions.some((a) => letterOf(a.defaults) && a.defaults.some((d) => specs.includes(d))) ? null : own;
}

const VIM_DEFAULTS = new Set(KEYMAP_ACTIONS.filter((a) => a.context.startsWith('vim_')).flatMap((a) => a.defaults));

/** The key is one of Vim's by default (arrows, Esc, Ctrl-R…): it keeps the way csm reads it. */
export const vimDefaultKey = (key: Key): boolean => keySpecs(key).some((s) => VIM_DEFAULTS.has(s));
