// `/config`: upstream 0.171.0's Configuration panel, drawn in place of the composer: five groups
// (←/→ between them), each a list of settings with their current value and a description. A
// switch csm honours is flipped by Enter and saved to config.toml at once; a row that opens a
// chooser csm has (the status line, the terminal title) opens it; the others say csm lacks them.
import type { Span, Style } from './screen/canvas.ts';
import { widthOf } from './screen/canvas.ts';

/** What Enter does on a row: flip a `[tui]`/top-level switch, open a chooser, or nothing csm has. */
export type ConfigAction =
  | { kind: 'switch'; key: string[]; on: boolean; /** the saved value is the opposite of the shown one */ inverted?: boolean }
  | { kind: 'open'; target: 'statusline' | 'title' | 'vim' | 'keymap' | 'theme' }
  | { kind: 'missing'; verb: 'open' | 'toggle' | 'test' };

export interface ConfigRow {
  name: string;
  value: string;
  description: string;
  action: ConfigAction;
}

export interface ConfigPanel {
  group: number;
  choice: number;
  groups: ReadonlyArray<{ name: string; rows: ConfigRow[] }>;
  /** where upstream's hidden cursor rests after the last change (its renderer's last write) */
  cursor: { x: number; y: number } | null;
}

/** What the panel shows about the person's settings. */
export interface ConfigFacts {
  tui: Record<string, unknown> | undefined;
  toml: Record<string, unknown>;
}

const flag = (on: boolean) => (on ? '[x] On' : '[ ] Off');
const sw = (name: string, on: boolean, description: string, key: string[], inverted = false): ConfigRow => ({ name, value: flag(on), description, action: { kind: 'switch', key, on, inverted } });
const more = (name: string, value: string, description: string, verb: 'open' | 'toggle' | 'test' = 'open'): ConfigRow => ({ name, value, description, action: { kind: 'missing', verb } });

/** The groups and rows as upstream lists them, with this person's values. */
export function configGroups(f: ConfigFacts): ConfigPanel['groups'] {
  const tui = f.tui ?? {};
  const theme = typeof tui.theme === 'string' ? tui.theme : 'Automatic';
  return [
    {
      name: 'Appearance',
      rows: [
        { name: 'Theme', value: `${theme} ›`, description: 'Choose a syntax color palette with a live preview', action: { kind: 'open', target: 'theme' } },
        more('Effects', 'Configure ›', 'Configure animations and composer effects'),
        sw('Tips', tui.show_tooltips !== false, 'Show helpful shortcuts and suggestions', ['tui', 'show_tooltips']),
        sw('Status line colors', tui.status_line_use_colors !== false, 'Use theme colors for the model, branch, and other status line details', ['tui', 'status_line_use_colors']),
        { name: 'Status line display', value: 'Configure ›', description: 'Choose and reorder the information below the composer', action: { kind: 'open', target: 'statusline' } },
        { name: 'Terminal title display', value: 'Configure ›', description: 'Choose and reorder the information in your terminal tab or window title', action: { kind: 'open', target: 'title' } },
      ],
    },
    {
      name: 'Notifications',
      rows: [
        more('Notifications', flag(tui.notifications !== false), 'Let your terminal notify you when a turn finishes or approval is needed', 'toggle'),
        more('Notify when', 'Unfocused ›', 'Notify only while you are away or while this terminal is focused too'),
        more('Test notification', 'Send in 5s', 'Send in 5 seconds so you can switch apps before the notification appears', 'test'),
      ],
    },
    {
      name: 'Input',
      rows: [
        { name: 'Keyboard shortcuts', value: 'Configure ›', description: 'Browse actions and remap their keys', action: { kind: 'open', target: 'keymap' } },
        sw('Start in Vim mode', tui.vim_mode_default === true, 'Start new composers in Vim mode and use /vim for the current composer', ['tui', 'vim_mode_default']),
        sw('Paste detection', f.toml.disable_paste_burst !== true, 'Recognize pasted-text bursts and keep multiline input together', ['disable_paste_burst'], true),
        more('Mouse scroll speed', '1× ›', 'Adjust how far the fullscreen transcript scrolls with the mouse wheel'),
      ],
    },
    {
      name: 'Sessions',
      rows: [
        more('Automatic recaps', flag(true), 'Prepare recaps while the terminal is unfocused', 'toggle'),
        more('Session picker layout', 'Dense ›', 'Choose tighter rows or a roomier list when resuming and forking conversations'),
        more('Resume directory', 'Ask ›', 'Choose which working directory to use when the current directory and saved session differ'),
        more('Model providers', 'Choose ›', 'Choose the default provider for new chats on the connected server'),
        more('Collapse turn details', flag(false), 'Summarize tool calls in the conversation', 'toggle'),
      ],
    },
    {
      name: 'Text selection',
      rows: [
        more('Copy on select', 'Auto · On ›', 'Copy transcript, footer, and composer selections on release; Auto follows terminal defaults'),
        more('Deselect after copy', flag(false), 'Remove read-only transcript and footer highlights after automatic copy succeeds', 'toggle'),
        more('Right-click paste', 'Auto · On ›', 'Paste when nothing is selected, with Auto following platform defaults and On also enabling'),
      ],
    },
  ];
}

export const openConfigPanel = (f: ConfigFacts): ConfigPanel => ({ group: 0, choice: 0, groups: configGroups(f), cursor: null });

const verbOf = (row: ConfigRow | undefined): string =>
  !row ? 'open' : row.action.kind === 'switch' ? 'toggle' : row.action.kind === 'missing' ? row.action.verb : 'open';

/** The panel after a switch was flipped: the row shows its new value. */
export function flipped(p: ConfigPanel): ConfigPanel {
  const groups = p.groups.map((g, gi) =>
    gi !== p.group ? g : { ...g, rows: g.rows.map((r, ri) => (ri !== p.choice || r.action.kind !== 'switch' ? r : { ...r, value: flag(!r.action.on), action: { ...r.action, on: !r.action.on } })) },
  );
  return { ...p, groups };
}

const BOLD: Style = { bold: true };
const DIM: Style = { dim: true };

export interface PanelRow {
  spans: Span[];
  fill?: Style;
}

/** The name and value columns' widths for a group (upstream's minimums: 22 and 21 cells). */
function columns(rows: readonly ConfigRow[]): { name: number; value: number } {
  return { name: Math.max(22, ...rows.map((r) => widthOf(r.name) + 2)), value: Math.max(21, ...rows.map((r) => widthOf(r.value) + 2)) };
}

function fit(text: string, width: number): string {
  if (width <= 0) return '';
  return widthOf(text) <= width ? text : `${[...text].slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** The panel's rows, bottom-anchored in place of the composer and footer. */
export function configRows(p: ConfigPanel, cols: number): PanelRow[] {
  const group = p.groups[p.group];
  const w = columns(group.rows);
  const tabs: Span[] = [{ text: '  ' }];
  p.groups.forEach((g, i) => tabs.push(...(i ? [{ text: ' ' }] : []), { text: ` ${g.name} `, style: i === p.group ? { bold: true, underline: true } : DIM }));
  const out: PanelRow[] = [
    { spans: [{ text: '  ' }, { text: 'Configuration', style: BOLD }] },
    { spans: [{ text: '  ' }, { text: 'Changes save automatically', style: DIM }] },
    { spans: [] },
    { spans: tabs },
    { spans: [] },
  ];
  group.rows.forEach((r, i) => {
    const head = `${i === p.choice ? '›' : ' '} ${r.name}`.padEnd(2 + w.name);
    const rest = r.value.padEnd(w.value) + fit(r.description, cols - 2 - w.name - w.value);
    if (i === p.choice) out.push({ spans: [{ text: head, style: { bold: true, reverse: true } }, { text: rest, style: { reverse: true } }], fill: { bold: true, reverse: true } });
    else out.push({ spans: [{ text: head }, { text: rest, style: DIM }] });
  });
  out.push({ spans: [] });
  const keys: Array<[string, string]> = [
    ['left/right', 'group'],
    ['/', 'search'],
    ['enter', verbOf(group.rows[p.choice])],
    ['esc', 'clear search/close'],
  ];
  const hint: Span[] = [{ text: '  ' }];
  keys.forEach(([key, what], i) => hint.push(...(i ? [{ text: ' · ' }] : []), { text: key, style: BOLD }, { text: ` ${what}` }));
  out.push({ spans: hint, fill: DIM });
  return out;
}

/** The hint row's text, to know how far a change to it reaches. */
export const hintText = (p: ConfigPanel): string => configRows(p, 1000).at(-1)!.spans.map((s) => s.text).join('');

/** The value column's first cell for the panel's current group. */
export const valueColumn = (p: ConfigPanel): number => 2 + columns(p.groups[p.group].rows).name;
