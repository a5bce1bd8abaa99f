// `/theme`: upstream 0.171.0's "Select Syntax Theme" picker, drawn in place of the composer: its
// themes in order with the one in force marked "(current)", typed letters filtering them, and beside
// the list (on a wide enough screen; under it otherwise) a Rust diff coloured in the highlighted
// theme. Moving through the list previews the theme everywhere (code blocks in the transcript too);
// Enter keeps it (the app saves `[tui] theme`), Esc goes back to the theme in force. Pure: keys in,
// actions and effects out; rows from state.
import { routed, type Routed } from '../input/effects.ts';
import type { Span, Style } from '../screen/canvas.ts';
import type { Key } from '../screen/keys.ts';
import type { ChatState } from '../state.ts';
import { customThemes, DEFAULT_THEME, defaultThemeFor, THEME_NAMES } from '../syntax/catalogue.ts';
import { previewRows, NARROW_PREVIEW, WIDE_PREVIEW } from '../syntax/diff-preview.ts';

export interface ThemePicker {
  /** every theme, in the picker's order */
  names: readonly string[];
  /** those of them that are the person's own `.tmTheme` files, listed "(custom)" */
  custom: readonly string[];
  /** where such files go, as the subtitle names it when it fits (under the home directory, with ~) */
  themesDir?: string;
  /** the theme in force when the picker opened: marked "(current)", and what Esc goes back to */
  current: string;
  query: string;
  /** the highlighted theme among those the filter shows */
  choice: number;
  /** the first shown row of the window */
  top: number;
}

/** Themes shown at once; the window scrolls to keep the highlighted one in view. */
export const THEME_ROWS = 8;
/** Upstream's side-by-side layout needs a preview this wide and a list at least LIST_MIN wide. */
const SIDE_MIN = 44;
const LIST_MIN = 40;

const DIM: Style = { dim: true };
const BOLD: Style = { bold: true };
const ARROW: Style = { fg: '#63a8f8' };
const CHOSEN: Style = { bold: true, reverse: true };
/** The search line's row, from the picker's top. */
const SEARCH_ROW = 3;

/** Opened on the theme in force (`fallback`, upstream's default for the terminal, when none is set or the name is unknown). */
export function openThemePicker(current: string | undefined, custom: readonly string[] = customThemes(), themesDir?: string, fallback = DEFAULT_THEME): ThemePicker {
  const names = [...THEME_NAMES, ...custom].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const name = current && names.includes(current) ? current : fallback;
  const choice = Math.max(0, names.indexOf(name));
  return { names, custom, themesDir, current: name, query: '', choice, top: Math.max(0, choice - THEME_ROWS + 1) };
}

/** The themes the filter shows (names containing the typed text, any case), in order. */
export function shownThemes(p: ThemePicker): string[] {
  const q = p.query.toLowerCase();
  return p.names.filter((n) => n.toLowerCase().includes(q));
}

/** The highlighted theme, or null when the filter shows none. */
export const highlightedTheme = (p: ThemePicker): string | null => shownThemes(p)[p.choice] ?? null;

/** The theme code is drawn in: the highlighted one while the picker is open (live preview), else the one in force. */
export function syntaxThemeOf(s: ChatState): string {
  if (s.themePicker) return highlightedTheme(s.themePicker) ?? s.themePicker.current;
  return s.syntaxTheme ?? defaultThemeFor(s.terminalBackground);
}

function moveTo(p: ThemePicker, choice: number, n: number): ThemePicker {
  const visible = Math.min(THEME_ROWS, n);
  const top = choice < p.top ? choice : choice >= p.top + visible ? choice - visible + 1 : p.top;
  return { ...p, choice, top: Math.max(0, Math.min(top, n - visible)) };
}

export function themePickerKey(s: ChatState, k: Key): Routed | null {
  const p = s.themePicker;
  if (!p) return null;
  const n = shownThemes(p).length;
  const set = (next: ThemePicker) => routed([{ type: 'theme-picker', picker: next }]);
  const up = k.kind === 'up' || k.kind === 'ctrl-p';
  const down = k.kind === 'down' || k.kind === 'ctrl-n';
  if (up || down) return n ? set(moveTo(p, (p.choice + (up ? -1 : 1) + n) % n, n)) : routed();
  switch (k.kind) {
    case 'text':
      // A new filter starts at its first match.
      return set({ ...p, query: p.query + k.text, choice: 0, top: 0 });
    case 'backspace':
      return p.query ? set({ ...p, query: p.query.slice(0, -1), choice: 0, top: 0 }) : routed();
    case 'enter':
      return routed([], [{ kind: 'list', id: 'theme', index: p.names.indexOf(highlightedTheme(p) ?? ''), how: 'enter' }]);
    case 'escape':
      return routed([], [{ kind: 'list', id: 'theme', index: -1, how: 'escape' }]);
    default:
      return routed();
  }
}

export interface ThemePickerRow {
  spans: Span[];
  fill?: Style;
}

/** Upstream's widths: the list and the preview share the row (less 4 columns of margin and a gap of 2). */
export function pickerLayout(cols: number): { wide: boolean; list: number; side: number } {
  const content = Math.max(0, cols - 4);
  const side = Math.floor(Math.max(0, content - 2) / 2);
  const list = content - 2 - side;
  return side >= SIDE_MIN && list >= LIST_MIN ? { wide: true, list, side } : { wide: false, list: content, side: 0 };
}

/** Rows a preview of `height` lines sits down from the top of `available` rows: centred, a row clear above and below when there is room. */
export function centredOffset(available: number, height: number, frame = 1): number {
  const free = Math.max(0, available - height);
  const f = free >= frame * 2 ? frame : 0;
  return f + Math.floor(Math.max(0, free - f * 2) / 2);
}

/** Upstream names the custom themes' folder when it is under the home directory and the line fits the list. */
function subtitle(p: ThemePicker, room: number): string {
  const custom = p.themesDir?.startsWith('~') ? `Custom .tmTheme files can be added to the ${p.themesDir} directory.` : null;
  return custom && [...custom].length <= room ? custom : 'Move up/down to live preview themes';
}

const width = (spans: Span[]) => spans.reduce((n, sp) => n + [...sp.text].length, 0);

/** The picker's rows, bottom-anchored in place of the composer and footer. */
export function themePickerRows(p: ThemePicker, cols: number): ThemePickerRow[] {
  const shown = shownThemes(p);
  const layout = pickerLayout(cols);
  const visible = shown.slice(p.top, p.top + THEME_ROWS);
  const left: ThemePickerRow[] = [
    { spans: [{ text: '  ' }, { text: 'Select Syntax Theme', style: BOLD }] },
    { spans: [{ text: '  ' }, { text: subtitle(p, layout.wide ? layout.list : Math.max(0, cols - 4)), style: DIM }] },
    { spans: [] },
    { spans: [{ text: '  ' }, p.query ? { text: p.query } : { text: 'Type to filter themes...', style: DIM }] },
    { spans: p.top > 0 ? [{ text: '↑', style: ARROW }] : [] },
  ];
  visible.forEach((name, i) => {
    const chosen = p.top + i === p.choice;
    const text = `${chosen ? '›' : ' '} ${name}${p.custom.includes(name) ? ' (custom)' : ''}${name === p.current ? ' (current)' : ''}`;
    // The highlight spans the list's column (and its margin), as upstream's.
    left.push(chosen ? { spans: [{ text: text.padEnd(layout.list + 2).slice(0, Math.max(text.length, layout.list + 2)), style: CHOSEN }] } : { spans: [{ text }] });
  });
  left.push({ spans: p.top + THEME_ROWS < shown.length ? [{ text: '↓', style: ARROW }] : [] });
  const theme = highlightedTheme(p) ?? p.current;
  const footer: ThemePickerRow = {
    spans: [{ text: '  ' }, { text: 'enter', style: BOLD }, { text: ' select · ', style: DIM }, { text: 'esc', style: BOLD }, { text: ' back', style: DIM }],
    fill: DIM,
  };
  if (!layout.wide) {
    // Too narrow for side by side: a short preview under the list.
    const preview = previewRows(NARROW_PREVIEW, theme, Math.max(0, cols - 4)).map((spans): ThemePickerRow => ({ spans: [{ text: '  ' }, ...spans] }));
    return [...left, { spans: [] }, ...preview, footer];
  }
  // The preview is centred in the rows beside the list, which are never fewer than it needs.
  const height = Math.max(left.length, WIDE_PREVIEW.length);
  while (left.length < height) left.push({ spans: [] });
  const preview = previewRows(WIDE_PREVIEW, theme, layout.side - 2);
  const at = centredOffset(height, preview.length);
  const x = layout.list + 6;
  const rows = left.map((row, y) => {
    const line = preview[y - at];
    if (!line) return row;
    const used = width(row.spans);
    return { spans: [...row.spans, ...(used < x ? [{ text: ' '.repeat(x - used) }] : []), ...line] };
  });
  return [...rows, footer];
}

/**
 * Where upstream's hidden cursor rests: after the typed filter once there is one (its frame last
 * wrote there), else at the bottom right corner.
 */
export function themePickerCursor(p: ThemePicker, rows: ThemePickerRow[]): { x: number; fromBottom: number } {
  if (!p.query) return { x: Number.MAX_SAFE_INTEGER, fromBottom: 0 };
  return { x: 2 + [...p.query].length, fromBottom: rows.length - 1 - SEARCH_ROW };
}
