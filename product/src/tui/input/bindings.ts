// Key bindings as data: which key does what in the composer. The editing keys are upstream's
// remappable actions (`[tui.keymap.editor]`, `[tui.keymap.composer]`), so they come from the
// resolved keymap; the rest are fixed. Views with their own keys (the approval modal, popups, the
// shortcuts panel, backtrack) keep their tables next to them.
import { resolveKeymap, type ResolvedKeymap } from '../../core/config/keymap.ts';
import type { Key, KeyKind } from '../screen/keys.ts';

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

/** csm's commands that are upstream actions, in the order a key is tried (Enter submits before it breaks a line). */
export const REMAPPABLE: ReadonlyArray<[ComposerCommand, context: string, action: string]> = [
  ['submit', 'composer', 'submit'],
  ['newline', 'editor', 'insert_newline'],
  ['backspace', 'editor', 'delete_backward'],
  ['delete', 'editor', 'delete_forward'],
  ['left', 'editor', 'move_left'],
  ['right', 'editor', 'move_right'],
  ['line-start', 'editor', 'move_line_start'],
  ['line-end', 'editor', 'move_line_end'],
  ['kill-line', 'editor', 'kill_line_start'],
  ['older', 'editor', 'move_up'],
  ['newer', 'editor', 'move_down'],
];

/** Keys that are no upstream action (Esc interrupts or primes backtrack, Ctrl-C, Ctrl-D on an empty composer, paging, Shift+Tab). */
const FIXED: Readonly<Partial<Record<KeyKind, ComposerCommand>>> = {
  escape: 'escape',
  'ctrl-c': 'ctrl-c',
  'ctrl-d': 'ctrl-d',
  pageup: 'page-up',
  pagedown: 'page-down',
  backtab: 'cycle-mode',
};

const NAMED: Partial<Record<KeyKind, string[]>> = {
  enter: ['enter', 'ctrl-m'],
  newline: ['ctrl-j', 'shift-enter'],
  backspace: ['backspace', 'ctrl-h'],
  delete: ['delete'],
  escape: ['esc'],
  tab: ['tab', 'ctrl-i'],
  backtab: ['shift-tab'],
  up: ['up'],
  down: ['down'],
  left: ['left'],
  right: ['right'],
  home: ['home'],
  end: ['end'],
  pageup: ['page-up'],
  pagedown: ['page-down'],
  f2: ['f2'],
};

/** A character as a key spec's key: `-` is `minus`, a space `space`, a capital its shifted letter. */
function charSpecs(ch: string, mod = ''): string[] {
  if (ch === '-') return [`${mod}minus`];
  if (ch === ' ') return [`${mod}space`];
  if (/^[A-Z]$/.test(ch)) return [`${mod}shift-${ch.toLowerCase()}`];
  // A symbol may be written with the shift that typed it (`?` or `shift-?`); a letter or digit not.
  return /^[a-z0-9]$/.test(ch) ? [`${mod}${ch}`] : [`${mod}${ch}`, `${mod}shift-${ch}`];
}

/** The canonical specs a key csm read could have been written as (a terminal sends Ctrl-H and Backspace alike). */
export function keySpecs(k: Key): string[] {
  if (k.kind === 'text') return [...k.text].length === 1 ? charSpecs(k.text) : [];
  if (k.kind === 'alt') return k.text === '\x7f' ? ['alt-backspace'] : charSpecs(k.text, 'alt-');
  if (k.kind === 'fn') return [`f${k.n}`];
  if (k.kind.startsWith('ctrl-')) return [k.kind];
  return NAMED[k.kind] ?? [];
}

const tables = new WeakMap<ResolvedKeymap, Map<string, ComposerCommand>>();
const DEFAULT_KEYMAP = resolveKeymap();

/** spec → command for one keymap: the first command (in REMAPPABLE's order) bound to a spec has it. */
function remapped(keymap: ResolvedKeymap): Map<string, ComposerCommand> {
  let table = tables.get(keymap);
  if (!table) {
    table = new Map();
    for (const [command, context, action] of REMAPPABLE) for (const spec of keymap.bindings(context, action)) if (!table.has(spec)) table.set(spec, command);
    tables.set(keymap, table);
  }
  return table;
}

/** App-wide actions csm has as slash commands: their key runs the command from the composer. */
const APP_COMMANDS: ReadonlyArray<[action: string, line: string]> = [
  ['toggle_vim_mode', '/vim'],
  ['toggle_fast_mode', '/fast'],
  ['toggle_raw_output', '/raw'],
];

/** The slash command an app-wide key stands for under `keymap` (`[tui.keymap.global]`), if any. */
export function appCommand(k: Key, keymap: ResolvedKeymap = DEFAULT_KEYMAP): string | undefined {
  if (k.kind === 'text' || k.kind === 'paste') return undefined;
  const specs = keySpecs(k);
  return APP_COMMANDS.find(([action]) => keymap.bindings('global', action).some((b) => specs.includes(b)))?.[1];
}

/** The key interrupts a running turn (`chat.interrupt_turn`, Esc by default). */
export const interruptsTurn = (k: Key, keymap: ResolvedKeymap = DEFAULT_KEYMAP): boolean => keySpecs(k).some((spec) => keymap.bindings('chat', 'interrupt_turn').includes(spec));

/** What a key does in the composer under `keymap` (upstream's defaults when none is given). */
export function composerCommand(k: Key, keymap: ResolvedKeymap = DEFAULT_KEYMAP): ComposerCommand | undefined {
  const table = remapped(keymap);
  for (const spec of keySpecs(k)) {
    const command = table.get(spec);
    if (command) return command;
  }
  return FIXED[k.kind];
}
