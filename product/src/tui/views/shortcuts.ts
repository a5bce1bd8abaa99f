// The keyboard shortcuts panel (`?` on an empty composer), laid out as upstream's: a title, two
// columns (Compose, Session) of key and what it does, and a footer hint. It closes on `?` or Esc;
// any other key closes it and then does what it does.
import type { Key } from '../screen/keys.ts';
import { routed, type Routed } from '../input/effects.ts';
import type { ChatState } from '../state.ts';
import type { Span, Style } from '../screen/canvas.ts';

const KEY: Style = { fg: '#63a8f8' };
const BOLD: Style = { bold: true };
const DIM: Style = { dim: true };

/** Upstream's panel, column by column: [key, what it does]. */
export const COMPOSE_SHORTCUTS: ReadonlyArray<[string, string]> = [
  ['/', 'Commands'],
  ['@', 'Mention files'],
  ['!', 'Shell command'],
  ['^j', 'New line'],
  ['^v', 'Paste image'],
  ['^g', 'External editor'],
  ['^r', 'Search history'],
  ['esc esc', 'Edit last message'],
];
export const SESSION_SHORTCUTS: ReadonlyArray<[string, string]> = [
  ['tab', 'Send message'],
  ['shift+tab', 'Change mode'],
  ['alt+,', 'Less reasoning'],
  ['alt+.', 'More reasoning'],
  ['f8', 'Voice'],
  ['←', 'Agents (empty prompt)'],
  ['alt+← / alt+→', 'Subagents (empty prompt)'],
  ['f4', 'Inspect activity'],
  ['^c', 'Quit'],
  // Below what a 30-row terminal shows (upstream cuts its list there too).
  ['^t', 'Transcript'],
];

const LEFT_KEY = 2;
const LEFT_TEXT = 11;
const RIGHT_KEY = 32;
const RIGHT_TEXT = 47;

export interface PanelRow {
  spans: Array<Span & { x: number }>;
}

const at = (x: number, text: string, style: Style = {}) => ({ x, text, style });

/** The panel's rows, at most `height` of them (a hint says when the list is cut). */
export function shortcutRows(height: number): PanelRow[] {
  const n = Math.max(COMPOSE_SHORTCUTS.length, SESSION_SHORTCUTS.length);
  const items: PanelRow[] = Array.from({ length: n }, (_, i) => {
    const spans: PanelRow['spans'] = [];
    const l = COMPOSE_SHORTCUTS[i];
    const r = SESSION_SHORTCUTS[i];
    if (l) spans.push(at(LEFT_KEY, l[0], KEY), at(LEFT_TEXT, l[1]));
    if (r) spans.push(at(RIGHT_KEY, r[0], KEY), at(RIGHT_TEXT, r[1]));
    return { spans };
  });
  const head: PanelRow[] = [
    { spans: [at(2, 'Keyboard shortcuts', BOLD), at(20, '  ·  Tab: Keyboard')] },
    { spans: [] },
    { spans: [at(LEFT_KEY, 'Compose', BOLD), at(RIGHT_KEY, 'Session', BOLD)] },
  ];
  const tail: PanelRow[] = [{ spans: [at(2, '/keymap', KEY), at(9, ' customize')] }];
  const room = height - head.length - tail.length;
  // Upstream cuts its list at a 30-row terminal with a row to spare; so does this.
  if (items.length + 2 <= room) return [...head, ...items, { spans: [] }, ...tail];
  const cut: PanelRow[] = [{ spans: [] }, { spans: [at(2, '… resize to see all', DIM)] }];
  return [...head, ...items.slice(0, Math.max(0, room - cut.length)), ...cut, ...tail];
}

/** The hint under the footer while the panel is open. */
export const SHORTCUTS_HINT: Span[] = [{ text: '  ' }, { text: '?', style: BOLD }, { text: ' / ' }, { text: 'esc', style: BOLD }, { text: ' close' }];

export function shortcutsKey(s: ChatState, k: Key): Routed | null {
  if (!s.help) return null;
  if (k.kind === 'escape' || (k.kind === 'text' && k.text === '?')) return routed([{ type: 'help', open: false }]);
  // Any other key closes the panel and goes on to the composer.
  return null;
}
