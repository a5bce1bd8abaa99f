// Which view gets a key: the approval modal while one is open, else backtrack, the slash popup, the
// shortcuts panel, and finally the composer, each in turn until one takes it. Pure: state and key
// in, reducer actions and effects out.
import type { Key } from '../screen/keys.ts';
import type { ChatState } from '../state.ts';
import { approvalKey } from '../views/approval.ts';
import { backtrackKey } from '../views/backtrack.ts';
import { listKey } from '../views/list.ts';
import { multiSelectKey } from '../views/multi-select.ts';
import { themePickerKey } from '../views/theme-picker.ts';
import { copyKey } from '../copy-mode.ts';
import { pagerKey } from '../views/pager.ts';
import { composerKey, type ComposerContext } from '../views/composer-keys.ts';
import { shortcutsKey } from '../views/shortcuts.ts';
import { slashPopupKey } from '../views/slash-popup.ts';
import { mentionsKey } from '../views/mentions.ts';
import { vimKey } from '../views/vim-keys.ts';
import { configPanelKey } from '../views/config-panel.ts';
import { keymapKey } from '../views/keymap.ts';
import { routed, type Routed } from './effects.ts';
import { APPROVAL_ACTIONS, LIST_ACTIONS, PAGER_ACTIONS, remapKey, type ViewActions } from './remap.ts';

export function routeKey(s: ChatState, k: Key, ctx: ComposerContext): Routed {
  if (k.kind === 'focus') return routed();
  if (k.kind === 'background') return routed([{ type: 'terminal-background', rgb: k.rgb }]);
  // The pager, lists and the approval modal read their keys through [tui.keymap].
  const remapped = (view: ViewActions, then: (key: Key) => Routed) => {
    const key = remapKey(k, view, ctx.keymap);
    return key ? then(key) : routed();
  };
  // /keymap reads every key first: a capture takes F2 like any other.
  if (s.keymapView && !s.approval) return keymapKey(s, k, ctx.rows)!;
  // F2 opens the session's warnings wherever the composer is (not over another view).
  if (k.kind === 'f2') return s.pager || s.approval || s.list || s.multi || s.themePicker ? routed() : routed([], [{ kind: 'slash', line: '/warnings' }]);
  if (s.pager) return remapped(PAGER_ACTIONS, (key) => pagerKey(s, key, ctx.rows)!);
  if (s.approval) return s.approval.request.mcp ? approvalKey(s, k) : remapped(APPROVAL_ACTIONS, (key) => approvalKey(s, key));
  // A list's own letters (the warnings' `k` for the next one) stay its own.
  if (s.list) return k.kind === 'text' && s.list.letters?.includes(k.text) ? listKey(s, k)! : remapped(LIST_ACTIONS, (key) => listKey(s, key)!);
  if (s.multi) return multiSelectKey(s, k)!;
  if (s.themePicker) return themePickerKey(s, k)!;
  if (s.configPanel) return configPanelKey(s, k)!;
  if (s.copy) return copyKey(s, k)!;
  const bt = backtrackKey(s, k);
  if (bt) return bt;
  // A key that backtrack did not take ends it.
  const leave = s.backtrack ? [{ type: 'backtrack' as const, to: null }] : [];
  const panel = shortcutsKey(s, k);
  if (panel) return { ...panel, actions: [...leave, ...panel.actions] };
  const close = s.help ? [{ type: 'help' as const, open: false }] : [];
  // Vim's Normal mode (and its search line) reads typed keys before any popup; in Insert mode Esc
  // returns to Normal once the popups have had their turn.
  const vimFirst = s.vim && (s.vim.mode !== 'insert' || s.vim.search) ? vimKey(s, k, ctx.keymap) : null;
  const r = vimFirst ?? mentionsKey(s, k) ?? slashPopupKey(s, k) ?? vimKey(s, k, ctx.keymap) ?? composerKey(s, k, ctx);
  return { ...r, actions: [...leave, ...close, ...r.actions] };
}
