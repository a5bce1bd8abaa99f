// The composer's keys, looked up in the bindings (../input/bindings.ts: the keymap's, else fixed): editing, ↑/↓ through earlier prompts,
// Enter (send, steer into a running turn, run a `!` command or a slash command), Esc (interrupt,
// or prime backtrack), Ctrl-C / Ctrl-D (interrupt, clear, quit).
import { expandPastes } from '../composer.ts';
import { appCommand, composerCommand, interruptsTurn } from '../input/bindings.ts';
import type { ResolvedKeymap } from '../../core/config/keymap.ts';
import { routed, type Routed } from '../input/effects.ts';
import type { Key } from '../screen/keys.ts';
import { parseSlash } from '../slash.ts';
import type { ChatAction, ChatState } from '../state.ts';
import { canBacktrack } from './backtrack.ts';

export interface ComposerContext {
  /** rows PageUp/PageDown scroll the transcript by */
  page: number;
  /** the screen's height (the /diff pager pages by it) */
  rows: number;
  /** `[tui.keymap]` resolved (upstream's defaults when absent) */
  keymap?: ResolvedKeymap;
}

const EDITS: Partial<Record<string, ChatAction>> = {
  newline: { type: 'type', text: '\n' },
  delete: { type: 'delete' },
  left: { type: 'move', delta: -1 },
  right: { type: 'move', delta: 1 },
  'line-start': { type: 'line-edge', edge: 'start' },
  'line-end': { type: 'line-edge', edge: 'end' },
  'kill-line': { type: 'kill-line' },
  older: { type: 'recall', dir: -1 },
  newer: { type: 'recall', dir: 1 },
};

export function composerKey(s: ChatState, k: Key, ctx: ComposerContext): Routed {
  const text = s.composer.text;
  const idle = s.runningSince === null;
  if (k.kind === 'text') {
    // `!` first on an empty composer switches to shell mode; `?` there shows the shortcuts.
    if (!text && !s.shell && k.text.startsWith('!')) return routed([{ type: 'shell-mode', on: true }, ...(k.text.length > 1 ? [{ type: 'type' as const, text: k.text.slice(1) }] : [])]);
    if (!text && !s.shell && k.text === '?') return routed([{ type: 'help', open: true }]);
    return routed([{ type: 'type', text: k.text }]);
  }
  if (k.kind === 'paste') return routed([{ type: 'paste', text: k.text }]);
  // Ctrl-D leaves an empty, idle composer whatever it is bound to (upstream's quit), else it edits.
  if (k.kind === 'ctrl-d' && !text && idle) return routed([], [{ kind: 'quit' }]);
  // [tui.keymap]: the key that interrupts a running turn, and app-wide toggles csm has as commands.
  const interrupt = interruptsTurn(k, ctx.keymap);
  if (interrupt && !idle) return routed([], [{ kind: 'interrupt' }]);
  const app = appCommand(k, ctx.keymap);
  if (app) return routed([], [{ kind: 'slash', line: app }]);
  const command = composerCommand(k, ctx.keymap);
  if (!command) return routed();
  const edit = EDITS[command];
  if (command === 'left' && !text && !s.shell) {
    // The footer's "← for agents" is upstream's; csm has no agents view to open.
    return routed([{ type: 'info', text: 'csm has no agents view yet.' }]);
  }
  if (edit) return routed([edit]);
  switch (command) {
    case 'backspace':
      // Backspace on an empty shell-mode composer leaves shell mode.
      return !text && s.shell ? routed([{ type: 'shell-mode', on: false }]) : routed([{ type: 'backspace' }]);
    case 'submit': {
      const prompt = expandPastes(s.composer);
      if (s.shell) return prompt.trim() && idle ? routed([], [{ kind: 'shell', command: prompt.trim() }]) : routed();
      if (!prompt.trim()) return routed();
      if (!idle) return routed([], [{ kind: 'steer', text: prompt }]);
      return routed([], [parseSlash(prompt) ? { kind: 'slash', line: prompt } : { kind: 'submit', text: prompt }]);
    }
    case 'escape':
      // Esc interrupts only while it is chat.interrupt_turn's key (taken above).
      if (!idle) return routed();
      if (s.shell && !text) return routed([{ type: 'shell-mode', on: false }]);
      return canBacktrack(s) ? routed([{ type: 'backtrack', to: { stage: 'primed' } }]) : routed();
    case 'page-up':
    case 'page-down':
      return routed([{ type: 'scroll', delta: command === 'page-up' ? ctx.page : -ctx.page }]);
    case 'ctrl-c':
      if (!idle) return routed([], [{ kind: 'interrupt' }]);
      if (text || s.shell) return routed([{ type: 'clear-composer' }, { type: 'shell-mode', on: false }]);
      return routed([], [{ kind: 'quit' }]);
    case 'ctrl-d':
      return routed();
    case 'cycle-mode':
      return idle ? routed([], [{ kind: 'cycle-mode' }]) : routed();
    default:
      return routed();
  }
}
