// Draws the session picker (`csm resume` / `csm fork` without a session id), laid out like
// upstream's resume picker: a title, the search line, a header of columns, one row per session
// (the selected one bold behind a '›'), and a line of key hints at the bottom.
import { homedir } from 'node:os';
import { ago } from '../../sessions/render.ts';
import { Canvas, graphemes, widthOf, type Span, type Style } from '../screen/canvas.ts';
import type { PickerRow, PickerState } from './state.ts';
import { tildePath } from '../tilde.ts';

const DIM: Style = { dim: true };
const BOLD: Style = { bold: true };
const GAP = 2;
const MARKER = 2;
const MAX_BRANCH = 24;
const MAX_CWD = 40;
/** Rows above the list (title, search, header) and below it (hints). */
const CHROME_ROWS = 4;
const LIST_TOP = 3;

export const SEARCH_PLACEHOLDER = 'Type to search';

export interface DrawOptions {
  /** ms since the epoch, for the relative ages (default: now) */
  now?: number;
  /** the home directory, shown as ~ (default: os.homedir()) */
  home?: string;
}

/** How many session rows fit on a screen of `rows` lines. */
export function listHeight(rows: number): number {
  return Math.max(1, rows - CHROME_ROWS);
}

export function pickerTitle(action: PickerState['action']): string {
  return action === 'fork' ? 'Fork a previous session' : 'Resume a previous session';
}

/** The key hints of the bottom line, as [key, what it does] pairs. */
export function pickerHints(action: PickerState['action']): Array<[string, string]> {
  return [
    ['enter', `to ${action}`],
    ['esc', 'to start new'],
    ['ctrl+c', 'to quit'],
    ['↑/↓', 'to browse'],
  ];
}


const spansWidth = (spans: Span[]) => spans.reduce((n, s) => n + widthOf(s.text), 0);

/** Cuts spans to `width` cells, ending with '…' when something was cut. */
export function fitSpans(spans: Span[], width: number): Span[] {
  if (width <= 0) return [];
  if (spansWidth(spans) <= width) return spans;
  const out: Span[] = [];
  let room = width - 1;
  let lastStyle: Style | undefined;
  for (const span of spans) {
    let text = '';
    for (const segment of graphemes(span.text)) {
      const w = widthOf(segment);
      if (w > room) break;
      text += segment;
      room -= w;
    }
    if (text) out.push({ text, style: span.style });
    lastStyle = span.style;
    if (text.length < span.text.length) break;
  }
  out.push({ text: '…', style: lastStyle });
  return out;
}

export const fitText = (text: string, width: number): string =>
  fitSpans([{ text }], width)
    .map((s) => s.text)
    .join('');

/** Drops `cells` cells of text from the front of spans (graphemes that straddle the cut go too). */
function dropFront(spans: Span[], cells: number): Span[] {
  const out: Span[] = [];
  for (const span of spans) {
    if (cells <= 0) {
      out.push(span);
      continue;
    }
    let text = '';
    for (const segment of graphemes(span.text)) {
      if (cells > 0) cells -= widthOf(segment);
      else text += segment;
    }
    if (text) out.push({ text, style: span.style });
  }
  return out;
}

/**
 * A search snippet as spans: the words between « and » (SessionStore.search's markers) bold, the
 * rest dim. An unclosed marker runs to the end.
 */
export function snippetSpans(snippet: string): Span[] {
  const out: Span[] = [];
  const re = /«([^»]*)»?/g;
  let at = 0;
  for (const m of snippet.matchAll(re)) {
    if (m.index > at) out.push({ text: snippet.slice(at, m.index), style: DIM });
    if (m[1]) out.push({ text: m[1], style: BOLD });
    at = m.index + m[0].length;
  }
  if (at < snippet.length) out.push({ text: snippet.slice(at).replaceAll('»', ''), style: DIM });
  return out;
}

/** Fits a snippet to `width`, moving its start (to a word) so the first match is on screen. */
function fitSnippet(spans: Span[], width: number): Span[] {
  if (spansWidth(spans) <= width) return spans;
  const first = spans.findIndex((s) => s.style === BOLD);
  const before = first < 0 ? 0 : spansWidth(spans.slice(0, first));
  const lead = Math.floor(width / 3);
  if (before <= lead) return fitSpans(spans, width);
  let cut = before - lead + 1;
  // Start after a space if one comes before the match.
  let w = 0;
  for (const segment of graphemes(spans.slice(0, first).map((s) => s.text).join(''))) {
    w += widthOf(segment);
    if (w >= cut && segment === ' ') {
      cut = w;
      break;
    }
  }
  return fitSpans([{ text: '…', style: DIM }, ...dropFront(spans, cut)], width);
}

/** A directory for the CWD column: ~ for home, the tail kept when it is too long. */
export function shortCwd(cwd: string | null, width: number, home: string): string {
  if (!cwd) return '-';
  const p = tildePath(cwd, home);
  if (widthOf(p) <= width) return p;
  const parts = [...graphemes(p)];
  let tail = '';
  let w = 1;
  for (let i = parts.length - 1; i >= 0; i--) {
    const g = widthOf(parts[i]);
    if (w + g > width) break;
    tail = parts[i] + tail;
    w += g;
  }
  return `…${tail}`;
}

/** Whether a snippet is (a part of) the title already. */
function repeatsTitle(snippet: string, title: string): boolean {
  const plain = snippet.replace(/[«»…]/g, '').trim();
  return !title || plain.includes(title.slice(0, 24)) || title.includes(plain.slice(0, 24));
}

function conversationSpans(row: PickerRow, mode: PickerState['mode'], width: number): Span[] {
  if (mode === 'search' && row.snippet) {
    // Which session (its title, cut to leave most of the room), then why it matched.
    const lead: Span[] =
      width >= 40 && !repeatsTitle(row.snippet, row.title) ? [...fitSpans([{ text: row.title }], Math.floor(width * 0.4)), { text: ' · ', style: DIM }] : [];
    return [...lead, ...fitSnippet(snippetSpans(row.snippet), width - spansWidth(lead))];
  }
  const title: Span[] = row.title ? [{ text: row.title }] : [{ text: '-', style: DIM }];
  // Tags after the title, dim; the title gives way first when the row is short of room.
  const tags = row.tags?.length ? [{ text: ` ${row.tags.map((t) => `#${t}`).join(' ')}`, style: DIM }] : [];
  if (!tags.length) return fitSpans(title, width);
  const tagWidth = Math.min(spansWidth(tags), Math.floor(width / 2));
  return [...fitSpans(title, width - tagWidth), ...fitSpans(tags, tagWidth)];
}

interface Columns {
  updated: number;
  branch: number;
  cwd: number;
  conversation: number;
}

function columns(s: PickerState, cols: number, now: number, home: string): Columns {
  const updated = Math.max(widthOf('Updated'), ...s.rows.map((r) => widthOf(ago(r.updatedAt, now))));
  let branch = Math.min(MAX_BRANCH, Math.max(widthOf('Branch'), ...s.rows.map((r) => widthOf(r.branch ?? '-'))));
  let cwd = s.all ? Math.min(MAX_CWD, Math.floor(cols * 0.3), Math.max(widthOf('CWD'), ...s.rows.map((r) => widthOf(tildePath(r.cwd ?? '-', home))))) : 0;
  const rest = () => cols - MARKER - updated - GAP - (branch ? branch + GAP : 0) - (cwd ? cwd + GAP : 0);
  // A narrow terminal keeps the conversation readable: the CWD column goes first, then Branch.
  if (cwd && rest() < 16) cwd = 0;
  if (rest() < 12) branch = 0;
  return { updated, branch, cwd, conversation: Math.max(0, rest()) };
}

function statusLine(s: PickerState): string | null {
  if (s.rows.length) return null;
  if (s.mode === 'search') return s.searching || s.shown !== s.query ? 'Searching…' : 'No results for your search';
  if (s.shown === null || s.loading) return 'Loading sessions…';
  return 'No sessions yet';
}

export function drawPicker(s: PickerState, cols: number, rows: number, opts: DrawOptions = {}): Canvas {
  const now = opts.now ?? Date.now();
  const home = opts.home ?? homedir();
  const c = new Canvas(cols, rows);

  // Title, and what the index refresh is doing on the right.
  c.write(0, 0, pickerTitle(s.action), BOLD);
  const note = s.error ? `Index refresh failed: ${s.error}` : s.loading && s.progress ? `Indexing ${s.progress.done}/${s.progress.total}…` : '';
  if (note) {
    const titleEnd = widthOf(pickerTitle(s.action)) + GAP;
    const text = fitText(note, cols - titleEnd);
    if (text) c.write(cols - widthOf(text), 0, text, DIM);
  }

  // The search line: the query and the cursor after it.
  if (s.query) {
    const x = c.write(0, 1, s.query);
    c.cursor = { x: Math.min(x, cols - 1), y: 1, visible: true };
  } else {
    c.write(0, 1, SEARCH_PLACEHOLDER, DIM);
    c.cursor = { x: 0, y: 1, visible: true };
  }

  const col = columns(s, cols, now, home);
  const cells = (updated: Span[], branch: Span[], cwd: Span[], conversation: Span[]): Array<[number, Span[]]> => {
    const out: Array<[number, Span[]]> = [];
    let x = MARKER;
    out.push([x, updated]);
    x += col.updated + GAP;
    if (col.branch) {
      out.push([x, branch]);
      x += col.branch + GAP;
    }
    if (col.cwd) {
      out.push([x, cwd]);
      x += col.cwd + GAP;
    }
    out.push([x, conversation]);
    return out;
  };

  for (const [x, spans] of cells([{ text: 'Updated' }], [{ text: 'Branch' }], [{ text: 'CWD' }], [{ text: 'Conversation' }])) c.write(x, 2, spans, BOLD);

  const height = listHeight(rows);
  const status = statusLine(s);
  if (status) c.write(MARKER, LIST_TOP, status, DIM);

  // The scroll the reducer keeps, corrected if the screen is smaller than it assumed.
  let top = Math.max(0, Math.min(s.scroll, s.rows.length - height));
  if (s.selected < top) top = s.selected;
  if (s.selected >= top + height) top = s.selected - height + 1;
  const shown = s.rows.slice(top, top + height);
  shown.forEach((row, i) => {
    const y = LIST_TOP + i;
    const selected = top + i === s.selected;
    const base: Style = selected ? BOLD : {};
    if (selected) c.write(0, y, '›', BOLD);
    const branch: Span[] = row.branch ? [{ text: fitText(row.branch, col.branch) }] : [{ text: '-', style: DIM }];
    const cwd: Span[] = [{ text: shortCwd(row.cwd, col.cwd, home), style: row.cwd ? undefined : DIM }];
    for (const [x, spans] of cells([{ text: ago(row.updatedAt, now) }], branch, cwd, conversationSpans(row, s.mode, col.conversation))) c.write(x, y, spans, base);
  });
  if (s.loadingMore && shown.length < height) c.write(MARKER, LIST_TOP + shown.length, 'Loading older sessions…', DIM);

  // Key hints: the key as is, what it does dim; as many whole hints as fit.
  const hints: Span[] = [];
  for (const [key, what] of pickerHints(s.action)) {
    const hint: Span[] = [...(hints.length ? [{ text: ' · ', style: DIM }] : []), { text: key }, { text: ` ${what}`, style: DIM }];
    if (spansWidth(hints) + spansWidth(hint) > cols) break;
    hints.push(...hint);
  }
  if (rows > 1) c.write(0, rows - 1, hints);
  return c;
}
