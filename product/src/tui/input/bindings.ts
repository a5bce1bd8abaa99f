// Key bindings as data: which key does what in the composer. Views with their own keys (the
// approval modal, popups, the shortcuts panel, backtrack) keep their tables next to them.
import type { KeyKind } from '../screen/keys.ts';

export type ComposerCommand =
  | 'submit'
  | 'newline'
  | 'backspace'
  | 'delete'
  | 'left'
  | 'right'
  | 'line-start'
  | 'line-end'
  | 'kill-line'
  | 'older'
  | 'newer'
  | 'escape'
  | 'ctrl-c'
  | 'ctrl-d'
  | 'page-up'
  | 'page-down'
  | 'cycle-mode';

export const COMPOSER_BINDINGS: Readonly<Partial<Record<KeyKind, ComposerCommand>>> = {
  enter: 'submit',
  newline: 'newline',
  backspace: 'backspace',
  delete: 'delete',
  left: 'left',
  right: 'right',
  home: 'line-start',
  'ctrl-a': 'line-start',
  end: 'line-end',
  'ctrl-e': 'line-end',
  'ctrl-u': 'kill-line',
  up: 'older',
  down: 'newer',
  escape: 'escape',
  'ctrl-c': 'ctrl-c',
  'ctrl-d': 'ctrl-d',
  pageup: 'page-up',
  pagedown: 'page-down',
  backtab: 'cycle-mode',
};
