// A list to choose from in place of the composer (upstream's selection views: `/model`,
// `/permissions`): a bold title, the numbered items with their descriptions in a column, the chosen
// one in reverse, and the keys under them. ↑/↓ move, a digit or Enter chooses, Esc goes back; the
// app decides what a choice does (`list` effect).
import type { Key } from '../screen/keys.ts';
import type { Span, Style } from '../screen/canvas.ts';
import { wrapSpans } from '../markdown.ts';
import { routed, type Routed } from '../input/effects.ts';
import type { ChatState } from '../state.ts';

export interface ListItem {
  label: string;
  description?: string;
}

export interface ListView {
  /** what the list chooses: the app reads it when an item is chosen */
  id: string;
  title: string;
  items: ListItem[];
  choice: number;
  /** the keys named under the list, in order: [key, what it does] */
  keys: Array<[string, string]>;
  /** letters that choose the highlighted item in another way (`s`: for this session only) */
  letters?: string;
  /**
   * The list replaces another one (the reasoning levels after the models). Upstream's hidden
   * cursor rests after the last text its frame changed: the keys row here, else the last item.
   */
  replacesList?: boolean;
  /** drawn as upstream's confirmation dialog, centred over the chat (./dialog.ts) */
  dialog?: boolean;
  /** a dim line under the title */
  subtitle?: string;
  /** upstream's hidden cursor rests at the bottom right corner under this list */
  cursorAtEdge?: boolean;
  /** with no items: the line shown instead (or lines, wrapped to the width), in a body this many rows tall (`/warnings`) */
  empty?: { text: string; rows: number; lines?: string[] };
  /** ←/→ are reported as choices (`how` left/right): the list pages through something */
  arrows?: boolean;
  /** the row (from the top of the list's rows) the hidden cursor rests after: the last one a page change redrew */
  cursorRow?: number;
  /** the keys' descriptions in the text's colour, not dim */
  plainKeys?: boolean;
}

/** Where the hidden cursor rests under a list of these rows (see `replacesList`). */
export function listCursor(list: ListView, rows: ListRow[]): { x: number; fromBottom: number } {
  const width = (r: ListRow) => r.spans.map((sp) => sp.text).join('').trimEnd().length;
  if (list.cursorAtEdge) return { x: Number.MAX_SAFE_INTEGER, fromBottom: 0 };
  if (list.cursorRow !== undefined && rows[list.cursorRow]) return { x: width(rows[list.cursorRow]), fromBottom: rows.length - 1 - list.cursorRow };
  if (list.replacesList || !list.items.length) return { x: width(rows[rows.length - 1]), fromBottom: 0 };
  return { x: width(rows[rows.length - 3]), fromBottom: 2 };
}

/** A list's row: spans, and the style of the rest of the row. */
export interface ListRow {
  spans: Span[];
  fill?: Style;
}

const DIM: Style = { dim: true };
const CHOSEN: Style = { bold: true, reverse: true };

export function listKey(s: ChatState, k: Key): Routed | null {
  const list = s.list;
  if (!list) return null;
  const n = Math.max(1, list.items.length);
  const move = (delta: number) => routed([{ type: 'list', list: { ...list, choice: (list.choice + delta + n) % n } }]);
  const choose = (index: number, how: string) => routed([], [{ kind: 'list', id: list.id, index, how }]);
  switch (k.kind) {
    case 'up':
      return move(-1);
    case 'down':
      return move(1);
    case 'enter':
      return choose(list.choice, 'enter');
    case 'escape':
      return choose(list.choice, 'escape');
    case 'left':
    case 'right':
      return list.arrows ? choose(list.choice, k.kind) : routed();
    case 'text': {
      const digit = Number(k.text);
      if (/^[1-9]$/.test(k.text) && digit <= n) return choose(digit - 1, 'enter');
      if (k.text.length === 1 && list.letters?.includes(k.text)) return choose(list.choice, k.text);
      return routed();
    }
    default:
      return routed();
  }
}

/** The list's rows, bottom-anchored in place of the composer and footer. */
export function listRows(list: ListView, cols: number): ListRow[] {
  if (!list.items.length) return emptyRows(list, cols);
  const labels = list.items.map((item, i) => `${i < 9 ? `${i + 1}. ` : '    '}${item.label}`);
  const column = 2 + Math.max(...labels.map((l) => l.length)) + 2;
  const width = Math.max(1, cols - column);
  const rows: ListRow[] = [{ spans: [{ text: '  ' }, { text: list.title, style: { bold: true } }] }, ...(list.subtitle ? [{ spans: [{ text: '  ' }, { text: list.subtitle, style: DIM }] }] : []), { spans: [] }, { spans: [] }];
  list.items.forEach((item, i) => {
    const chosen = i === list.choice;
    const lead = `${chosen ? '›' : ' '} ${labels[i]}`.padEnd(column);
    const description = item.description ? wrapSpans([{ text: item.description }], width).map((line) => line.map((sp) => sp.text).join('')) : [''];
    description.forEach((text, j) => {
      const head = j === 0 ? lead : ' '.repeat(column);
      if (chosen) rows.push({ spans: [{ text: head, style: CHOSEN }, { text, style: { reverse: true } }], fill: CHOSEN });
      else rows.push({ spans: [{ text: head }, { text, style: DIM }] });
    });
  });
  rows.push({ spans: [] }, keysRow(list));
  return rows;
}

function keysRow(list: ListView): ListRow {
  const dim = list.plainKeys ? {} : DIM;
  const keys: Span[] = [{ text: '  ' }];
  list.keys.forEach(([key, what], i) => keys.push(...(i ? [{ text: ' · ', style: dim }] : []), { text: key, style: { bold: true } }, { text: ` ${what}`, style: dim }));
  return { spans: keys, fill: dim };
}

/** A list with nothing in it: the title, its one line in a body of fixed height, the keys. */
function emptyRows(list: ListView, cols: number): ListRow[] {
  const body: ListRow[] = Array.from({ length: Math.max(1, list.empty?.rows ?? 1) }, () => ({ spans: [] }));
  const lines = list.empty?.lines ? list.empty.lines.flatMap((l) => (l ? wrapSpans([{ text: l }], Math.max(1, cols - 4)).map((w) => w.map((sp) => sp.text).join('')) : [''])) : [list.empty?.text ?? ''];
  lines.slice(0, body.length).forEach((text, i) => (body[i] = { spans: text ? [{ text: '  ' }, { text }] : [] }));
  return [{ spans: [{ text: '  ' }, { text: list.title, style: { bold: true } }] }, { spans: [] }, ...body, keysRow(list)];
}
