// Views whose keys are upstream actions of one `[tui.keymap]` context (lists, the approval modal,
// the pager) read the keys they always have; a key the person bound to one of those actions is
// handed to them as that action's own key, and a default key they moved elsewhere does nothing.
import { keymapAction, resolveKeymap, type ResolvedKeymap } from '../../core/config/keymap.ts';
import type { Key } from '../screen/keys.ts';
import { keySpecs } from './bindings.ts';

/** A view's actions: context, and for each action csm has, the key the view reads for it. */
export interface ViewActions {
  context: string;
  keys: Readonly<Record<string, Key>>;
}

export const LIST_ACTIONS: ViewActions = {
  context: 'list',
  keys: { move_up: { kind: 'up' }, move_down: { kind: 'down' }, move_left: { kind: 'left' }, move_right: { kind: 'right' }, accept: { kind: 'enter' }, cancel: { kind: 'escape' } },
};

export const PAGER_ACTIONS: ViewActions = {
  context: 'pager',
  keys: { scroll_up: { kind: 'up' }, scroll_down: { kind: 'down' }, page_up: { kind: 'pageup' }, page_down: { kind: 'pagedown' }, jump_top: { kind: 'home' }, jump_bottom: { kind: 'end' }, close: { kind: 'escape' } },
};

/** csm's approval letters: `y` runs it, `p` runs it and keeps its prefix (upstream's approve_for_prefix), Esc declines. */
export const APPROVAL_ACTIONS: ViewActions = {
  context: 'approval',
  keys: { approve: { kind: 'text', text: 'y' }, approve_for_prefix: { kind: 'text', text: 'p' }, decline: { kind: 'escape' } },
};

const DEFAULT_KEYMAP = resolveKeymap();

/** The key the view should read for `k` under `keymap`, or null when `k` is a default key no longer bound. */
export function remapKey(k: Key, view: ViewActions, keymap: ResolvedKeymap = DEFAULT_KEYMAP): Key | null {
  const specs = keySpecs(k);
  if (!specs.length) return k;
  for (const [action, key] of Object.entries(view.keys)) if (keymap.bindings(view.context, action).some((b) => specs.includes(b))) return key;
  const byDefault = Object.keys(view.keys).some((action) => keymapAction(view.context, action)?.defaults.some((b) => specs.includes(b)));
  return byDefault ? null : k;
}
