// `/raw`: the transcript as plain text, for selecting it with the terminal's mouse: no colours,
// no bullets or indents on prompts and answers, answers as their Markdown source, a three-line
// header. Other cells keep their layout with the styles taken off. Toggled per session.
import type { Span } from './screen/canvas.ts';
import { wrapSpans } from './markdown.ts';
import type { HistoryCell } from './state.ts';

export interface PlainRow {
  spans: Span[];
}

export const RAW_ON = 'Raw output mode on: transcript text is shown for clean terminal selection.';
export const RAW_OFF = 'Raw output mode off: rich transcript rendering restored.';

const row = (text: string): PlainRow => ({ spans: text ? [{ text }] : [] });

/** Each line word-wrapped to the width, nothing added. */
function plainLines(text: string, cols: number): PlainRow[] {
  return text.split('\n').flatMap((line) => (line.trim() ? wrapSpans([{ text: line }], Math.max(1, cols)).map((spans) => row(spans.map((sp) => sp.text).join(''))) : [row('')]));
}

/** The session header in raw mode: product and version, model, directory. */
export function rawHeader(product: string, version: string, modelLabel: string, cwdLabel: string): PlainRow[] {
  return [row(`${product} (v${version})`), row(`model: ${modelLabel}`), row(`directory: ${cwdLabel}`)];
}

/** A cell's rows in raw mode (after the blank row that separates cells); `rich` lays it out as usual. */
export function rawCellRows(cell: HistoryCell, cols: number, rich: (cell: HistoryCell) => PlainRow[]): PlainRow[] {
  switch (cell.kind) {
    case 'user':
      return plainLines(cell.text, cols);
    case 'agent':
      return plainLines(cell.text, cols);
    case 'worked':
      return rich(cell).map((r) => row(text(r).trimStart()));
    default:
      return rich(cell).map((r) => row(text(r).trimEnd()));
  }
}

const text = (r: PlainRow) => r.spans.map((sp) => sp.text).join('');
