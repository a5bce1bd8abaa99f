// A screen's worth of cells, drawn by the views each frame and diffed by the terminal writer
// (the way a cell-buffer TUI such as upstream's draws: a full frame in memory, only changes sent).
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
        const w = segment === '\t' ? 1 : stringWidth(segment);
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
export const widthOf = (text: string): number => stringWidth(text);
