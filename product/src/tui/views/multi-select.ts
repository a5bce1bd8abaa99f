// A picker of items to switch on and off and put in order, drawn in place of the composer as
// upstream 0.171.0's multi-select pickers (`/title`; `/statusline` has the same shape): a bold
// title, a dim line under it, a search line, up to 8 items `[x] name  description` with ↑/↓ marks
// when more are above or below, a preview of the result and the keys. Space switches the highlighted
// item, ←/→ move it up or down the order, typed letters filter by name, Enter saves, Esc cancels
// (the app decides what saving means: a `list` effect with how 'enter' or 'escape').
import { routed, type Routed } from '../input/effects.ts';
import type { Span, Style } from '../screen/canvas.ts';
import type { Key } from '../screen/keys.ts';
import type { ChatState } from '../state.ts';

export interface MultiSelectItem {
  id: string;
  name: string;
  description: string;
  on: boolean;
}

export interface MultiSelect {
  /** what the picker configures: the app reads it when saved or cancelled */
  id: string;
  title: string;
  subtitle: string;
  /** every item, in the order saving keeps */
  items: MultiSelectItem[];
  /** the highlighted item among those the search shows */
  choice: number;
  /** the first shown item in the window */
  top: number;
  query: string;
  /** an item was switched or moved: upstream's hidden cursor then rests after the preview */
  touched?: boolean;
  /** what the switched-on items would give, in order (null: nothing to show); spans keep their styles */
  preview: (ids: string[], lead: boolean) => string | Span[] | null;
  /** a switch above the items, a rule under it (`/statusline`'s "Use theme colors"); hidden while searching */
  lead?: MultiSelectItem;
  /** typed letters match names in order, not only side by side, closest matches first (`/statusline`) */
  fuzzy?: boolean;
}

/** Items shown at once; the window scrolls to keep the highlighted one in view. */
export const MULTI_ROWS = 8;

const DIM: Style = { dim: true };
const BOLD: Style = { bold: true };
const ARROW: Style = { fg: '#63a8f8' };

export function openMultiSelect(m: Omit<MultiSelect, 'choice' | 'top' | 'query'>): MultiSelect {
  return { ...m, choice: 0, top: 0, query: '' };
}

/** The items the search shows (names containing the typed text), with their index in `items`. */
export function shownItems(m: MultiSelect): Array<{ item: MultiSelectItem; index: number }> {
  const q = m.query.toLowerCase();
  const all = m.items.map((item, index) => ({ item, index }));
  if (!m.fuzzy || !q) return all.filter(({ item }) => item.name.toLowerCase().includes(q));
  // Names holding the text itself first (earliest place first), then those holding its letters in order.
  const rank = (name: string): number | null => {
    const at = name.indexOf(q);
    if (at >= 0) return at;
    let i = 0;
    for (const ch of name) if (ch === q[i]) i++;
    return i === q.length ? 1000 : null;
  };
  return all
    .map((e) => ({ e, r: rank(e.item.name.toLowerCase()) }))
    .filter((x): x is { e: (typeof all)[number]; r: number } => x.r !== null)
    .sort((a, b) => a.r - b.r || a.e.index - b.e.index)
    .map((x) => x.e);
}

/** The picker's entry rows in order: the lead switch and its rule (when shown), then the items shown. */
type Entry = { kind: 'lead'; item: MultiSelectItem } | { kind: 'rule' } | { kind: 'item'; item: MultiSelectItem; index: number };
function entries(m: MultiSelect): Entry[] {
  const items = shownItems(m).map((e): Entry => ({ kind: 'item', ...e }));
  return m.lead && !m.query ? [{ kind: 'lead', item: m.lead }, { kind: 'rule' }, ...items] : items;
}
/** The row of the `choice`-th entry that can be highlighted (the rule cannot). */
const rowOf = (m: MultiSelect, choice: number): number => (m.lead && !m.query && choice > 0 ? choice + 1 : choice);

/** The ids switched on, in order. */
export const enabledIds = (m: MultiSelect): string[] => m.items.filter((i) => i.on).map((i) => i.id);

function moveTo(m: MultiSelect, choice: number): MultiSelect {
  const n = entries(m).length;
  const max = Math.max(0, n - MULTI_ROWS);
  const row = rowOf(m, choice);
  // At the first entry the window shows the top (the lead's rule too).
  const top = choice === 0 ? 0 : row < m.top ? row : row >= m.top + MULTI_ROWS ? row - MULTI_ROWS + 1 : m.top;
  return { ...m, choice, top: Math.min(max, Math.max(0, top)) };
}

export function multiSelectKey(s: ChatState, k: Key): Routed | null {
  const m = s.multi;
  if (!m) return null;
  const leading = !!m.lead && !m.query;
  const shown = shownItems(m);
  const n = shown.length + (leading ? 1 : 0);
  const set = (next: MultiSelect) => routed([{ type: 'multi', multi: next }]);
  const onLead = leading && m.choice === 0;
  const current = shown[m.choice - (leading ? 1 : 0)];
  switch (k.kind) {
    case 'up':
    case 'down':
      return n ? set(moveTo(m, (m.choice + (k.kind === 'up' ? -1 : 1) + n) % n)) : routed();
    case 'left':
    case 'right': {
      // The highlighted item trades places with its neighbour in the full order; the highlight follows it.
      if (!current || onLead || m.query) return routed();
      const to = current.index + (k.kind === 'left' ? -1 : 1);
      if (to < 0 || to >= m.items.length) return routed();
      const items = [...m.items];
      [items[current.index], items[to]] = [items[to], items[current.index]];
      return set(moveTo({ ...m, items, touched: true }, to + (leading ? 1 : 0)));
    }
    case 'text':
      if (k.text === ' ') {
        if (onLead) return set({ ...m, lead: { ...m.lead!, on: !m.lead!.on }, touched: true });
        if (!current) return routed();
        const items = m.items.map((it, i) => (i === current.index ? { ...it, on: !it.on } : it));
        return set({ ...m, items, touched: true });
      }
      return set({ ...m, query: m.query + k.text, choice: 0, top: 0 });
    case 'backspace':
      return set({ ...m, query: m.query.slice(0, -1), choice: 0, top: 0 });
    case 'enter':
      return routed([], [{ kind: 'list', id: m.id, index: current?.index ?? 0, how: 'enter' }]);
    case 'escape':
      return routed([], [{ kind: 'list', id: m.id, index: current?.index ?? 0, how: 'escape' }]);
    default:
      return routed();
  }
}

/** `text` cut to `width` cells, an ellipsis marking the cut. */
function fit(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

export interface MultiRow {
  spans: Span[];
  fill?: Style;
}

/** The picker's rows, bottom-anchored in place of the composer and footer. */
export function multiSelectRows(m: MultiSelect, cols: number): MultiRow[] {
  const all = entries(m);
  const window = all.slice(m.top, m.top + MULTI_ROWS);
  const nameWidth = Math.max(0, ...window.map((e) => (e.kind === 'rule' ? 0 : e.item.name.length))) + 2;
  const chosenRow = rowOf(m, m.choice);
  const rows: MultiRow[] = [
    { spans: [{ text: '  ' }, { text: m.title, style: BOLD }] },
    { spans: [{ text: '  ' }, { text: m.subtitle, style: DIM }] },
    { spans: [] },
    { spans: [{ text: '  ' }, m.query ? { text: m.query } : { text: 'Type to search', style: DIM }] },
    { spans: m.top > 0 ? [{ text: '↑', style: ARROW }] : [] },
  ];
  window.forEach((entry, i) => {
    if (entry.kind === 'rule') return rows.push({ spans: [{ text: `  ${'─'.repeat(nameWidth + 1)}`, style: DIM }] });
    const item = entry.item;
    const chosen = m.top + i === chosenRow;
    const head = `${chosen ? '›' : ' '} [${item.on ? 'x' : ' '}] ${item.name.padEnd(nameWidth)}`;
    const description = fit(item.description, cols - head.length);
    if (chosen) rows.push({ spans: [{ text: head, style: { bold: true, reverse: true } }, { text: description, style: { reverse: true } }], fill: { bold: true, reverse: true } });
    else rows.push({ spans: [{ text: head }, { text: description, style: DIM }] });
  });
  rows.push({ spans: m.top + MULTI_ROWS < all.length ? [{ text: '↓', style: ARROW }] : [] });
  const preview = m.preview(enabledIds(m), m.lead?.on ?? false);
  rows.push({ spans: !preview || !preview.length ? [] : typeof preview === 'string' ? [{ text: '  ' }, { text: fit(preview, cols - 2) }] : [{ text: '  ' }, ...preview] });
  const keys: Array<[string, string]> = [
    ['space', 'toggle'],
    ['←/→', 'reorder'],
    ['enter', 'save'],
    ['esc', 'cancel'],
  ];
  const spans: Span[] = [{ text: '  ' }];
  keys.forEach(([key, what], i) => spans.push(...(i ? [{ text: ' · ', style: DIM }] : []), { text: key, style: BOLD }, { text: ` ${what}`, style: DIM }));
  rows.push({ spans, fill: DIM });
  return rows;
}

/**
 * Where upstream's hidden cursor rests: after the preview once the person has changed something
 * (upstream's frame last wrote there), else at the bottom right corner.
 */
export function multiSelectCursor(m: MultiSelect, rows: MultiRow[]): { x: number; fromBottom: number } {
  if (!m.touched) return { x: Number.MAX_SAFE_INTEGER, fromBottom: 0 };
  const preview = rows[rows.length - 2];
  return { x: preview.spans.map((sp) => sp.text).join('').length, fromBottom: 1 };
}
