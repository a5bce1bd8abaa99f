// A screen's worth of cells, drawn by the views each frame and diffed by the terminal writer
// (the way a cell-buffer TUI such as upstream's draws: a full frame in memory, only changes sent).
import { eastAsianWidth } from 'get-east-asian-width';
import stringWidth from 'string-width';

export interface Style {
  /** '#rrggbb' (truecolour) or a palette index 0-255 */
  fg?: string | number;
  bg?: string | number;
  bold?: boolean;
  dim?: boolean;
  italic?: boolean;
  underline?: boolean;
  reverse?: boolean;
}

export interface Cell {
  /** the grapheme in this cell; '' for the second column of a wide one */
  ch: string;
  style: Style;
}

export interface Span {
  text: string;
  style?: Style;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** The user-perceived characters of a string (an emoji with its modifiers is one). */
export function* graphemes(text: string): Generator<string> {
  for (const { segment } of segmenter.segment(text)) yield segment;
}
const blank = (style: Style = {}): Cell => ({ ch: ' ', style });

/** A code point that takes no cell of its own (string-width's rule for them). */
const ZERO_WIDTH = /[\p{Default_Ignorable_Code_Point}\p{Control}\p{Format}\p{Nonspacing_Mark}\p{Enclosing_Mark}\p{Surrogate}]/u;

/**
 * The cells one grapheme takes. A single code point is measured by its East Asian Width (what
 * string-width does for it too: a single code point is an RGI emoji only when it has emoji
 * presentation, and those are all wide); only a cluster of several goes through string-width,
 * whose emoji-sequence pattern costs ~20 ms to compile on first use, a tenth of a cold start.
 */
export function cellWidth(segment: string): number {
  const c = segment.charCodeAt(0);
  if (segment.length === 1 && c >= 0x20 && c < 0x7f) return 1;
  const cp = segment.codePointAt(0)!;
  if (segment.length === (cp > 0xffff ? 2 : 1)) return ZERO_WIDTH.test(segment) ? 0 : eastAsianWidth(cp);
  return stringWidth(segment);
}

export class Canvas {
  readonly cells: Cell[][];
  cursor: { x: number; y: number; visible: boolean } = { x: 0, y: 0, visible: false };

  constructor(
    readonly cols: number,
    readonly rows: number,
  ) {
    this.cells = Array.from({ length: rows }, () => Array.from({ length: cols }, () => blank()));
  }

  /** Paints a whole row's background style (cells keep their text). */
  fillRow(y: number, style: Style): void {
    const row = this.cells[y];
    if (!row) return;
    for (const cell of row) cell.style = { ...style };
  }

  /** Writes spans from (x, y), clipped at the right edge; returns the column after the last cell written. */
  write(x: number, y: number, spans: Span[] | string, base: Style = {}): number {
    const row = this.cells[y];
    if (!row) return x;
    for (const span of typeof spans === 'string' ? [{ text: spans }] : spans) {
      const style = { ...base, ...span.style };
      for (const segment of graphemes(span.text)) {
        const w = segment === '\t' ? 1 : cellWidth(segment);
        if (w === 0) continue;
        if (x + w > this.cols) return x;
        row[x] = { ch: segment === '\t' ? ' ' : segment, style };
        if (w === 2) row[x + 1] = { ch: '', style };
        x += w;
      }
    }
    return x;
  }

  /** The text of a row, for tests and debugging. */
  rowText(y: number): string {
    return this.cells[y].map((c) => c.ch).join('').trimEnd();
  }
}

/** Display width of a string in cells. */
export function widthOf(text: string): number {
  // Printable ASCII, the common case, without segmenting.
  if (/^[\x20-\x7e]*$/.test(text)) return text.length;
  let w = 0;
  for (const segment of graphemes(text)) w += cellWidth(segment);
  return w;
}
