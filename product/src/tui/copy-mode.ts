// `/copy` with an answer on screen: upstream 0.171.0's copy mode. The newest answer is highlighted
// (its rows in bold reverse), the composer dims, and two rows under the status line name what is
// chosen and the keys: ↑/↓ or j/k pick an older or newer answer, g/G the first or last, Enter copies
// it (as its Markdown, through the terminal's clipboard, OSC 52) and says so in a toast the terminal
// cannot confirm, Esc leaves.
import { routed, type Routed } from './input/effects.ts';
import type { Canvas, Span, Style } from './screen/canvas.ts';
import type { Key } from './screen/keys.ts';
import type { ChatState, HistoryCell } from './state.ts';

export interface CopyMode {
  /** the chosen answer: an index into the transcript's cells */
  cell: number;
  /** Enter sent it: the toast shows until the next key */
  sent: boolean;
}

export const COPY_TOAST = 'Copy sent to terminal · paste to verify';

/** The answers that can be copied (finished agent messages), oldest first, as cell indexes. */
export function copyable(cells: readonly HistoryCell[]): number[] {
  return cells.flatMap((c, i) => (c.kind === 'agent' && !c.streaming ? [i] : []));
}

/** Copy mode on the newest answer, or null when there is none. */
export function openCopyMode(cells: readonly HistoryCell[]): CopyMode | null {
  const all = copyable(cells);
  return all.length ? { cell: all[all.length - 1], sent: false } : null;
}

/** The chosen answer's text. */
export function copiedText(s: ChatState): string | null {
  const c = s.copy ? s.cells[s.copy.cell] : undefined;
  return c?.kind === 'agent' ? c.text : null;
}

export function copyKey(s: ChatState, k: Key): Routed | null {
  const mode = s.copy;
  if (!mode) return null;
  const all = copyable(s.cells);
  const at = Math.max(0, all.indexOf(mode.cell));
  const to = (i: number) => routed([{ type: 'copy', copy: { cell: all[Math.max(0, Math.min(all.length - 1, i))], sent: false } }]);
  const text = k.kind === 'text' ? k.text : null;
  if (k.kind === 'up' || text === 'k') return to(at - 1);
  if (k.kind === 'down' || text === 'j') return to(at + 1);
  if (k.kind === 'home' || text === 'g') return to(0);
  if (k.kind === 'end' || text === 'G') return to(all.length - 1);
  if (k.kind === 'enter') return routed([{ type: 'copy', copy: { ...mode, sent: true } }], [{ kind: 'list', id: 'copy', index: mode.cell, how: 'enter' }]);
  if (k.kind === 'escape' || k.kind === 'ctrl-c') return routed([{ type: 'copy', copy: null }]);
  return routed();
}

const BOLD: Style = { bold: true };
const DIM: Style = { dim: true };

/** The two rows under the status line: what is chosen, and the keys. */
export function copyFooter(): [Span[], Span[]] {
  const keys: Array<[string, string]> = [
    ['↑/↓/j/k', 'select'],
    ['g/G', 'ends'],
    ['enter', 'copy'],
    ['esc', 'close'],
  ];
  const spans: Span[] = [{ text: '  ' }];
  keys.forEach(([key, what], i) => spans.push(...(i ? [{ text: ' · ', style: DIM }] : []), { text: key, style: BOLD }, { text: ` ${what}`, style: DIM }));
  return [[{ text: '  ' }, { text: 'Copy whole response', style: BOLD }], spans];
}

/**
 * Copy mode's bottom rows on a drawn chat screen: the composer rows dimmed, the two footer rows,
 * the toast above the composer once sent; upstream's hidden cursor rests after the last of them.
 */
export function drawCopyFooter(c: Canvas, mode: CopyMode, cols: number, rows: number, composerY: number, composerBottom: number): void {
  for (let y = composerY - 1; y <= composerBottom + 1; y++) for (const cell of c.cells[y] ?? []) cell.style = { ...cell.style, dim: true };
  const [title, keys] = copyFooter();
  c.write(0, rows - 2, title);
  const end = c.write(0, rows - 1, keys);
  c.cursor = { x: end, y: rows - 1, visible: false };
  if (mode.sent) {
    const x = Math.max(0, cols - 1 - COPY_TOAST.length);
    c.cursor = { x: c.write(x, composerY - 2, [{ text: COPY_TOAST, style: { fg: '#63a8f8' } }]), y: composerY - 2, visible: false };
  }
}

/** The chosen answer's rows (after the blank row before it) in bold reverse, edge to edge. */
export function copyHighlighted<R extends { spans: Span[]; fill?: Style; base?: Style }>(rows: R[]): R[] {
  const on: Style = { bold: true, reverse: true };
  return rows.map((r, i) => (i === 0 ? r : { ...r, spans: r.spans.map((sp) => ({ ...sp, style: on })), fill: on, base: undefined }));
}
