// `/keymap`: upstream 0.171.0's shortcut browser. Every remappable action (../core/config/keymap.ts)
// listed by group with the keys in effect, tabs (←/→) that narrow the list, a search typed in
// place, and per action an edit menu whose choices capture a key and save it to config.toml.
// State and drawing only: the keys are ./views/keymap.ts's, the saving the app's.
import { KEYMAP_ACTIONS, type ResolvedKeymap } from '../core/config/keymap.ts';
import { widthOf, type Span, type Style } from './screen/canvas.ts';
import { wrapSpans } from './markdown.ts';
import { keySpecs } from './input/bindings.ts';
import type { Key } from './screen/keys.ts';

export interface KeymapEntry {
  context: string;
  action: string;
  label: string;
  group: string;
  description: string;
  /** the keys in effect (canonical specs); empty: unbound */
  specs: readonly string[];
  /** set in config.toml (marked `*`) */
  custom: boolean;
}

/** How a captured key changes the action's keys. */
export type CaptureHow = 'replace' | 'add' | 'leader' | 'chord' | 'add-chord';
/** What an edit-menu item does (`pick`: choose one of several bindings to replace). */
export type EditChoice = CaptureHow | 'pick' | 'remove' | 'back';

export type KeymapMode =
  | { kind: 'browse' }
  /** the action's edit menu, `choice` its highlighted item */
  | { kind: 'edit'; choice: number }
  /** which of the action's bindings to replace (a key or a chord in its place) */
  | { kind: 'pick'; choice: number }
  /** waiting for a key (a chord's second stroke once `strokes` holds its first); `at`: the binding it replaces */
  | { kind: 'capture'; how: CaptureHow; strokes: string[]; at?: number }
  /** the captured key is another action's already */
  | { kind: 'conflict'; how: CaptureHow; spec: string; other: string; choice: number; at?: number }
  /** the Debug tab's keypress inspector: the last key pressed, with the actions it has */
  | { kind: 'inspect'; key: Key | null };

export interface KeymapBrowser {
  entries: readonly KeymapEntry[];
  /** the leader's keys (`global.leader`), shown after each `leader …` binding */
  leader: readonly string[];
  tab: number;
  query: string;
  /** the highlighted row among the tab's matches, and the first row in view */
  choice: number;
  top: number;
  mode: KeymapMode;
  /** where upstream's hidden cursor rests: x, and rows up from the bottom */
  cursor: { x: number; fromBottom: number } | null;
}

export interface BrowserRow {
  spans: Span[];
  fill?: Style;
}

const DIM: Style = { dim: true };
const BOLD: Style = { bold: true };
const BLUE: Style = { fg: '#63a8f8' };

const GROUPS: Record<string, string> = { vim_normal: 'Vim normal', vim_search: 'Vim search', vim_operator: 'Vim operator', vim_text_object: 'Vim text object' };
const groupOf = (context: string) => GROUPS[context] ?? context[0].toUpperCase() + context.slice(1);
const labelOf = (action: string) => action.split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
export const configKey = (e: Pick<KeymapEntry, 'context' | 'action'>) => `${e.context}.${e.action}`;

/** Every action as the keymap has it. */
export function keymapEntries(keymap: ResolvedKeymap): KeymapEntry[] {
  return KEYMAP_ACTIONS.map((a) => ({ context: a.context, action: a.action, label: labelOf(a.action), group: groupOf(a.context), description: a.description, specs: keymap.bindings(a.context, a.action), custom: keymap.customized(a.context, a.action) }));
}

export function openKeymapBrowser(keymap: ResolvedKeymap): KeymapBrowser {
  return { entries: keymapEntries(keymap), leader: keymap.bindings('global', 'leader'), tab: 0, query: '', choice: 0, top: 0, mode: { kind: 'browse' }, cursor: null };
}

/** The browser after the keymap changed, as upstream's comes back: same tab, the search cleared, the action highlighted. */
export function refreshedBrowser(b: KeymapBrowser, keymap: ResolvedKeymap): KeymapBrowser {
  const current = selectedEntry(b);
  const next = { ...b, entries: keymapEntries(keymap), leader: keymap.bindings('global', 'leader'), mode: { kind: 'browse' } as const, cursor: null, query: '', top: 0 };
  const at = current ? matches(next).findIndex((e) => e.context === current.context && e.action === current.action) : -1;
  return { ...next, choice: at >= 0 ? at : Math.min(next.choice, Math.max(0, matches(next).length - 1)) };
}

// The tabs, in upstream's order: what each lists and the line under the title.
const COMMON = [
  'composer.submit', 'chat.interrupt_turn', 'editor.insert_newline', 'composer.queue', 'global.toggle_fast_mode', 'global.open_external_editor', 'global.copy',
  'global.toggle_vim_mode', 'editor.delete_backward_word', 'editor.delete_forward_word', 'editor.move_word_left', 'editor.move_word_right', 'global.open_transcript',
  'pager.close', 'pager.page_up', 'pager.page_down', 'approval.open_fullscreen', 'approval.approve', 'approval.approve_for_session', 'approval.decline', 'approval.cancel',
];
interface Tab {
  name: (entries: readonly KeymapEntry[]) => string;
  subtitle: string[];
  list: (entries: readonly KeymapEntry[]) => KeymapEntry[];
  /** the Debug tab: a key inspector, no list */
  inspector?: boolean;
}
const inContexts = (...contexts: string[]) => (entries: readonly KeymapEntry[]) => entries.filter((e) => contexts.includes(e.context));
const named = (name: string) => () => name;
export const TABS: readonly Tab[] = [
  { name: named('All'), subtitle: ['All configurable shortcuts.'], list: (es) => [...es] },
  { name: named('Common'), subtitle: ['Frequently customized shortcuts.'], list: (es) => COMMON.map((id) => es.find((e) => configKey(e) === id)!).filter(Boolean) },
  { name: (es) => `Customized (${es.filter((e) => e.custom).length})`, subtitle: ['Root-level shortcut overrides.'], list: (es) => es.filter((e) => e.custom) },
  { name: (es) => `Unbound (${es.filter((e) => !e.specs.length).length})`, subtitle: ['Actions without an active shortcut.'], list: (es) => es.filter((e) => !e.specs.length) },
  { name: named('App'), subtitle: ['Global and chat-level shortcuts.'], list: inContexts('global', 'chat') },
  { name: named('Composer'), subtitle: ['Composer submission and queue shortcuts.'], list: inContexts('composer') },
  { name: named('Editor'), subtitle: ['Inline editor movement and editing shortcuts.'], list: inContexts('editor') },
  { name: named('Vim'), subtitle: ['Vim normal-mode and operator shortcuts.'], list: inContexts('vim_normal', 'vim_search', 'vim_operator', 'vim_text_object') },
  { name: named('Navigation'), subtitle: ['Pager and selection-list navigation shortcuts.'], list: inContexts('pager', 'list') },
  { name: named('Agents'), subtitle: ['Shared agents dashboard shortcuts.'], list: inContexts('agents') },
  { name: named('Approval'), subtitle: ['Approval prompt shortcuts.'], list: inContexts('approval') },
  { name: named('Debug'), subtitle: ['Inspect keypresses from your terminal.', 'See the key Codex detects and any shortcuts assigned to it.'], list: () => [], inspector: true },
];

/** A spec as the browser shows it: `-` for minus, and after a leader binding the keys it stands for. */
export function showSpec(spec: string, leader: readonly string[], expand: boolean): string {
  const shown = spec.split(' ').map((stroke) => stroke.replace(/(^|-)minus$/, '$1-')).join(' ');
  if (!expand || !spec.startsWith('leader ') || !leader.length) return shown;
  return `${shown} (${showSpec(leader[0], [], false)} ${shown.slice('leader '.length)})`;
}
export const showSpecs = (specs: readonly string[], leader: readonly string[], expand: boolean) => (specs.length ? specs.map((s) => showSpec(s, leader, expand)).join(', ') : 'unbound');

/** The current tab's actions that match the search (label, group, config key, description or keys, any case). */
export function matches(b: KeymapBrowser): KeymapEntry[] {
  const listed = TABS[b.tab].list(b.entries);
  const q = b.query.trim().toLowerCase();
  if (!q) return listed;
  return listed.filter((e) => [e.label, e.group, configKey(e), e.description, showSpecs(e.specs, b.leader, true)].some((t) => t.toLowerCase().includes(q)));
}

export const selectedEntry = (b: KeymapBrowser): KeymapEntry | undefined => matches(b)[b.choice];

/** Rows of actions the browser shows at once on a screen this tall. */
export const visibleRows = (rows: number) => Math.max(1, rows - 11);

/** `top` moved so the highlighted row is in view. */
export function scrolled(b: KeymapBrowser, rows: number): KeymapBrowser {
  const n = visibleRows(rows);
  const top = b.choice < b.top ? b.choice : b.choice >= b.top + n ? b.choice - n + 1 : b.top;
  return top === b.top ? b : { ...b, top };
}

function fit(text: string, width: number): string {
  if (width <= 0) return '';
  if (widthOf(text) <= width) return text;
  return `${[...text].slice(0, Math.max(0, width - 1)).join('')}…`;
}

/** A row as the highlighted one: plain text bold and reversed, dim text reversed. */
function chosen(spans: Span[]): BrowserRow {
  return { spans: spans.map((sp) => ({ text: sp.text, style: sp.style?.dim ? { reverse: true } : { ...sp.style, bold: true, reverse: true } })), fill: { bold: true, reverse: true } };
}

function keysRow(keys: Array<[string, string]>, rest: Style): BrowserRow {
  const spans: Span[] = [{ text: '  ' }];
  keys.forEach(([key, what], i) => spans.push(...(i ? [{ text: ' · ', style: rest }] : []), { text: key, style: BOLD }, { text: ` ${what}`, style: rest }));
  return { spans, fill: DIM };
}

/** The first tab in view: the lowest one from which the tabs up to the current one fit. */
export function firstTab(b: KeymapBrowser, cols: number): number {
  const names = TABS.map((t) => widthOf(` ${t.name(b.entries)} `));
  const fits = (first: number) => (first > 0 ? 4 : 2) + names.slice(first, b.tab + 1).reduce((n, w, i) => n + w + (i ? 1 : 0), 0) <= cols - 4;
  let first = 0;
  while (first < b.tab && !fits(first)) first++;
  return first;
}

/** The tab row: the tabs that fit, `‹`/`›` where more are out of view. */
function tabsRow(b: KeymapBrowser, cols: number): BrowserRow {
  const names = TABS.map((t) => ` ${t.name(b.entries)} `);
  const first = firstTab(b, cols);
  const spans: Span[] = [{ text: '  ' }, ...(first > 0 ? [{ text: '‹', style: DIM }, { text: ' ' }] : [])];
  let x = first > 0 ? 4 : 2;
  let last = first - 1;
  for (let i = first; i < names.length; i++) {
    const w = (i > first ? 1 : 0) + widthOf(names[i]);
    if (x + w > cols - 4) break;
    if (i > first) spans.push({ text: ' ' });
    spans.push({ text: names[i], style: i === b.tab ? { bold: true, underline: true } : DIM });
    x += w;
    last = i;
  }
  if (last < names.length - 1) spans.push({ text: ' '.repeat(Math.max(0, cols - 3 - x)) }, { text: '›', style: DIM });
  return { spans };
}

/** The browser, filling the screen: title, the tab's line and count, tabs, search, the actions, keys. */
export function browserRows(state: KeymapBrowser, cols: number, rows: number): BrowserRow[] {
  // In view whatever the last move left (a refreshed browser scrolls down to its action).
  const b = scrolled(state, rows);
  const tab = TABS[b.tab];
  const listed = tab.list(b.entries);
  const custom = b.entries.filter((e) => e.custom).length;
  const unbound = b.entries.filter((e) => !e.specs.length).length;
  const count = b.tab === 0 ? `${listed.length} actions, ${custom} customized, ${unbound} unbound.` : `${listed.length} actions.`;
  const out: BrowserRow[] = [{ spans: [] }, { spans: [{ text: '  ' }, { text: 'Keymap', style: BOLD }] }];
  for (const line of tab.subtitle) out.push({ spans: [{ text: '  ' }, { text: line, style: DIM }] });
  if (!tab.inspector) out.push({ spans: [{ text: '  ' }, { text: count, style: DIM }] });
  out.push({ spans: [] }, tabsRow(b, cols), { spans: [] });
  out.push({ spans: b.query ? [{ text: `  ${b.query}` }] : [{ text: '  ' }, { text: 'Type to search shortcuts', style: DIM }] });
  const found = matches(b);
  const n = visibleRows(rows);
  out.push({ spans: b.top > 0 ? [{ text: '↑', style: BLUE }] : [] });
  const body: BrowserRow[] = [];
  if (!found.length) {
    if (b.tab === 2 && !b.query) body.push(chosen([{ text: '› ' }, { text: 'No customized shortcuts'.padEnd(40) }, { text: 'No root-level keymap overrides have been configured', style: DIM }]));
    else if (tab.inspector) body.push(chosen([{ text: '› ' }, { text: 'Inspect keypresses'.padEnd(40) }, { text: fit('Open a live inspector that shows the detected key, config key, and matching actions', cols - 42), style: DIM }]));
    else body.push({ spans: [{ text: 'no matches', style: { dim: true, italic: true } }] });
  } else {
    const left = (e: KeymapEntry) => `${e.group.padEnd(12)} ${e.custom ? '*' : !e.specs.length ? '-' : ' '} ${e.label}`;
    const width = Math.max(40, ...found.map((e) => widthOf(left(e)) + 2));
    for (const [k, e] of found.slice(b.top, b.top + n).entries()) {
      const marker = e.custom ? '*' : !e.specs.length ? '-' : ' ';
      const spans: Span[] = [
        { text: b.top + k === b.choice ? '› ' : '  ' },
        { text: `${e.group.padEnd(12)} `, style: DIM },
        { text: marker, style: marker === '-' ? DIM : {} },
        { text: ' ', style: DIM },
        { text: e.label.padEnd(width - widthOf(left(e)) + widthOf(e.label)) },
        { text: fit(showSpecs(e.specs, b.leader, true), cols - 2 - width), style: DIM },
      ];
      body.push(b.top + k === b.choice ? chosen(spans) : { spans });
    }
  }
  out.push(...body);
  // The rows between the last action and the keys stay blank; `↓` marks more below.
  const bottom = rows - 2;
  while (out.length < bottom) out.push({ spans: [] });
  out.push({ spans: b.top + n < found.length ? [{ text: '↓', style: BLUE }] : [] });
  out.push(tab.inspector ? keysRow([['enter', 'start inspector'], ['esc', 'close']], {}) : keysRow([['left/right', 'group'], ['enter', 'edit shortcut'], ['*', 'custom'], ['-', 'unbound'], ['esc', 'close']], {}));
  return out.slice(Math.max(0, out.length - rows));
}

/** The edit menu's items for an action: what each does, and whether it can be chosen. */
export function editItems(e: KeymapEntry, leader: readonly string[]): Array<{ label: string; description: string; enabled: boolean; how: EditChoice }> {
  const current = `\`${showSpecs(e.specs, leader, false)}\``;
  const remove = e.custom
    ? { label: 'Remove custom binding', description: 'Restore the default keymap binding', enabled: true, how: 'remove' as const }
    : { label: 'Remove custom binding (disabled)', description: 'No custom root override to remove', enabled: false, how: 'remove' as const };
  const back = { label: 'Back to shortcuts', description: 'Return to the shortcut list', enabled: true, how: 'back' as const };
  // An unbound action has nothing to replace or keep: a key, a leader key or a chord is set.
  if (!e.specs.length)
    return [
      { label: 'Set key', description: 'Capture a key for this unbound action', enabled: true, how: 'replace' },
      { label: 'Use leader...', description: 'Capture the key that follows the configured leader', enabled: true, how: 'leader' },
      { label: 'Set key chord', description: 'Capture two consecutive keys for this action', enabled: true, how: 'chord' },
      remove,
      back,
    ];
  // With several bindings, one of them or all of them can be replaced.
  const replace: Array<{ label: string; description: string; enabled: boolean; how: EditChoice }> =
    e.specs.length > 1
      ? [
          { label: 'Replace one binding...', description: 'Choose which existing binding to replace', enabled: true, how: 'pick' },
          { label: 'Replace all bindings', description: `Replace ${current} with one key`, enabled: true, how: 'replace' },
        ]
      : [{ label: 'Replace binding', description: `Capture a replacement key for ${current}`, enabled: true, how: 'replace' }];
  return [
    ...replace,
    { label: 'Add alternate binding', description: `Keep ${current} and add another key`, enabled: true, how: 'add' },
    { label: 'Use leader...', description: 'Capture the key that follows the configured leader', enabled: true, how: 'leader' },
    { label: 'Replace with key chord', description: `Replace ${current} with a two-stroke key chord`, enabled: true, how: 'chord' },
    { label: 'Add alternate key chord', description: `Keep ${current} and add a two-stroke key chord`, enabled: true, how: 'add-chord' },
    remove,
    back,
  ];
}

/** The Replace Binding menu's items: each binding replaced by a key, or by a chord. */
export function pickItems(e: KeymapEntry, leader: readonly string[]): Array<{ label: string; description: string; enabled: boolean; at: number; chord: boolean }> {
  return e.specs.flatMap((spec, at) => {
    const shown = showSpec(spec, leader, false);
    return [
      { label: shown, description: `Replace \`${shown}\` with another key`, enabled: true, at, chord: false },
      { label: `${shown} (key chord)`, description: `Replace \`${shown}\` with a two-stroke key chord`, enabled: true, at, chord: true },
    ];
  });
}

/**
 * A menu of numbered items (disabled ones dashed and dim), the description column after the widest
 * label, descriptions wrapped under themselves where the screen is narrow.
 */
function menuRows(items: ReadonlyArray<{ label: string; description: string; enabled: boolean }>, choice: number, cols: number): BrowserRow[] {
  let number = 0;
  const labels = items.map((it) => (it.enabled ? `${++number}. ${it.label}` : `–  ${it.label}`));
  const column = 2 + Math.max(...labels.map(widthOf)) + 2;
  return items.flatMap((it, i) => {
    const lines = wrapSpans([{ text: it.description }], Math.max(1, cols - column)).map((line) => line.map((sp) => sp.text).join(''));
    return lines.map((text, j): BrowserRow => {
      const head = j ? ' '.repeat(column) : `${i === choice ? '›' : ' '} ${labels[i]}`.padEnd(column);
      if (i === choice) return { spans: [{ text: head, style: { bold: true, reverse: true } }, { text, style: { reverse: true } }], fill: { bold: true, reverse: true } };
      if (!it.enabled) return { spans: [{ text: head + text, style: DIM }] };
      return { spans: [{ text: head }, { text, style: DIM }] };
    });
  });
}

const code = (text: string): Span => ({ text: `\`${text}\``, style: BLUE });

/** The bottom pane under the chat for the edit menu, a key capture or a conflict. */
export function editRows(b: KeymapBrowser, cols = Number.MAX_SAFE_INTEGER): BrowserRow[] {
  const mode = b.mode;
  if (mode.kind === 'inspect') return inspectorRows(b, mode.key);
  const e = selectedEntry(b);
  if (!e) return [];
  if (mode.kind === 'capture') {
    const chord = mode.how === 'chord' || mode.how === 'add-chord';
    const what =
      mode.how === 'leader'
        ? 'Press the key that follows the configured leader. Esc cancels.'
        : chord && mode.strokes.length
          ? `First key: ${showSpec(mode.strokes[0], [], false)}. Press the second key. Esc cancels.`
          : chord
            ? 'Press the first key, then the second. Esc cancels.'
            : 'Press the new key now. Esc cancels.';
    return [
      { spans: [{ text: '  ' }, { text: 'Remap Shortcut', style: BOLD }] },
      { spans: [{ text: '  ' }, { text: 'Action: ', style: DIM }, { text: `${e.label}  ` }, { text: configKey(e), style: DIM }] },
      { spans: [{ text: '  ' }, { text: 'Current: ', style: DIM }, { text: showSpecs(e.specs, b.leader, true), style: BLUE }] },
      { spans: [{ text: '  ' }, { text: what, style: DIM }] },
      { spans: [] },
    ];
  }
  if (mode.kind === 'conflict') {
    return [
      { spans: [{ text: '  ' }, { text: 'Shortcut Conflict', style: BOLD }] },
      { spans: [{ text: '  ' }, { text: `${configKey(e)} cannot use \`${showSpec(mode.spec, b.leader, false)}\`.`, style: DIM }] },
      { spans: [{ text: '  ' }, { text: `That key already runs \`${mode.other}\` where this action is read; choose another, or remap \`${mode.other}\` first.` }] },
      { spans: [] },
      ...menuRows(
        [
          { label: 'Pick another key', description: 'Return to key capture for this action', enabled: true },
          { label: 'Cancel', description: 'Leave keymap unchanged', enabled: true },
        ],
        mode.choice,
        cols,
      ),
      { spans: [] },
      keysRow([['enter', 'select'], ['esc', 'back']], DIM),
    ];
  }
  if (mode.kind === 'pick') {
    return [
      { spans: [{ text: '  ' }, { text: 'Replace Binding', style: BOLD }] },
      { spans: [{ text: '  ' }, { text: e.label, style: BOLD }, { text: ` · ${configKey(e)}`, style: DIM }] },
      { spans: [{ text: '  ' }, { text: 'Choose the binding to replace.', style: DIM }] },
      { spans: [] },
      { spans: [] },
      ...menuRows(pickItems(e, b.leader), mode.choice, cols),
      { spans: [] },
      keysRow([['enter', 'select'], ['esc', 'back']], DIM),
    ];
  }
  const choice = mode.kind === 'edit' ? mode.choice : 0;
  return [
    { spans: [{ text: '  ' }, { text: 'Edit Shortcut', style: BOLD }] },
    { spans: [{ text: '  ' }, { text: e.label, style: BOLD }, { text: ` · ${e.group}`, style: DIM }] },
    { spans: [{ text: '  ' }, { text: 'Current ', style: DIM }, { text: showSpecs(e.specs, b.leader, false), style: BLUE }, { text: ` · ${e.custom ? 'Custom root override' : 'Default keymap'}`, style: DIM }] },
    { spans: [{ text: '  ' }, { text: 'Config ', style: DIM }, code(`tui.keymap.${configKey(e)}`)] },
    { spans: [{ text: '  ' }, { text: e.description, style: DIM }] },
    { spans: [] },
    { spans: [] },
    ...menuRows(editItems(e, b.leader), choice, cols),
    { spans: [] },
    { spans: [{ text: '  ' }, { text: 'Changes write the root ', style: DIM }, code('tui.keymap.*'), { text: ' override.', style: DIM }] },
    keysRow([['enter', 'select'], ['esc', 'back']], DIM),
  ];
}

/** What a key is shown as in the inspector: Ctrl keys in caret notation, the others as their spec. */
const detected = (k: Key) => (k.kind.startsWith('ctrl-') ? `^${k.kind.slice(5)}` : (keySpecs(k)[0] ?? k.kind));

/** The Debug tab's keypress inspector, under the chat: the key last pressed and what it is bound to. */
export function inspectorRows(b: KeymapBrowser, key: Key | null): BrowserRow[] {
  const head: BrowserRow[] = [
    { spans: [{ text: 'Keypress Inspector', style: BOLD }] },
    { spans: [{ text: 'Press any key to see what csm receives. Esc is inspected; Ctrl+C closes.', style: DIM }] },
    { spans: [{ text: 'Tip: csm can only inspect keys your terminal sends.', style: DIM }] },
    { spans: [] },
  ];
  if (!key) return [...head, { spans: [{ text: 'Waiting for a keypress...' }] }];
  const specs = keySpecs(key);
  const bound = b.entries.filter((e) => e.specs.some((s) => specs.includes(s)));
  const raw = Object.entries(key).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ');
  return [
    ...head,
    { spans: [{ text: 'Detected: ', style: DIM }, { text: detected(key), style: BOLD }] },
    { spans: [{ text: 'Config key: ', style: DIM }, { text: specs[0] ?? 'none (no key spec names it)', style: BOLD }] },
    { spans: [{ text: `Raw event: ${raw}`, style: DIM }] },
    { spans: [] },
    { spans: [{ text: 'Assigned actions:', style: DIM }] },
    ...(bound.length ? bound.map((e) => ({ spans: [{ text: `  - ${configKey(e)} (${e.label}) - ${e.description} [${e.custom ? 'Custom' : 'Default'}]`, style: DIM }] })) : [{ spans: [{ text: '  (none)', style: DIM }] }]),
  ];
}

/** The hint row's text (how far a change to it reaches, for the hidden cursor). */
export const hintWidth = (row: BrowserRow) => row.spans.reduce((n, sp) => n + widthOf(sp.text), 0);
