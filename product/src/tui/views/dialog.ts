// A list drawn as upstream 0.171.0's confirmation dialog (`/archive`, `/delete`): a box 72 columns
// wide centred over the chat screen, whose cells it clears: a blank row, the bold title, a dim
// line, the numbered choices with their descriptions wrapped in a column, the keys. The chat goes
// on being drawn under it (composer and status line), without the shortcuts hint. Keys are the
// list's (./list.ts).
import { Canvas, type Span, type Style } from '../screen/canvas.ts';
import { wrapSpans } from '../markdown.ts';
import type { ListView } from './list.ts';

export const DIALOG_WIDTH = 72;

const DIM: Style = { dim: true };
const CHOSEN: Style = { bold: true, reverse: true };

interface DialogRow {
  spans: Span[];
  fill?: Style;
}

/** The dialog's rows, each as wide as the box. */
export function dialogRows(list: ListView, width: number): DialogRow[] {
  const labels = list.items.map((item, i) => `${i + 1}. ${item.label}`);
  const column = 2 + Math.max(0, ...labels.map((l) => l.length)) + 2;
  const rows: DialogRow[] = [{ spans: [] }, { spans: [{ text: '  ' }, { text: list.title, style: { bold: true } }] }];
  if (list.subtitle) rows.push({ spans: [{ text: '  ' }, { text: list.subtitle, style: DIM }] });
  rows.push({ spans: [] }, { spans: [] });
  list.items.forEach((item, i) => {
    const chosen = i === list.choice;
    const lead = `${chosen ? '›' : ' '} ${labels[i]}`.padEnd(column);
    const lines = item.description ? wrapSpans([{ text: item.description }], Math.max(1, width - column)).map((l) => l.map((sp) => sp.text).join('')) : [''];
    lines.forEach((text, j) => {
      const head = j === 0 ? lead : ' '.repeat(column);
      rows.push(chosen ? { spans: [{ text: head, style: CHOSEN }, { text, style: { reverse: true } }], fill: CHOSEN } : { spans: [{ text: head }, { text, style: DIM }] });
    });
  });
  const keys: Span[] = [{ text: '  ' }];
  list.keys.forEach(([key, what], i) => keys.push(...(i ? [{ text: ' · ', style: DIM }] : []), { text: key, style: { bold: true } }, { text: ` ${what}`, style: DIM }));
  rows.push({ spans: [] }, { spans: keys, fill: DIM });
  return rows;
}

/**
 * The dialog over the chat screen. While it is open upstream's bottom pane drops the shortcuts
 * hint's row, so the composer and status line sit one row lower: the chat is drawn one row taller
 * and its last row (the hint) cut off. Upstream's hidden cursor rests at the end of the status
 * line, where its frame last wrote.
 */
export function drawDialog(drawChat: (rows: number) => Canvas, list: ListView, cols: number, rows: number): Canvas {
  const tall = drawChat(rows + 1);
  const c = new Canvas(cols, rows);
  for (let y = 0; y < rows; y++) c.cells[y] = tall.cells[y];
  const width = Math.min(DIALOG_WIDTH, cols);
  const left = Math.floor((cols - width) / 2);
  const box = dialogRows(list, width);
  const top = Math.max(0, Math.floor((rows - box.length) / 2));
  box.forEach((row, i) => {
    const y = top + i;
    const cells = c.cells[y];
    if (!cells) return;
    for (let x = left; x < left + width && x < cols; x++) cells[x] = { ch: ' ', style: row.fill ? { ...row.fill } : {} };
    // Spans are cut at the box's edge.
    let room = width;
    const fitted: Span[] = [];
    for (const sp of row.spans) {
      if (room <= 0) break;
      fitted.push({ ...sp, text: sp.text.slice(0, room) });
      room -= sp.text.length;
    }
    c.write(left, y, fitted);
  });
  c.cursor = { x: c.rowText(rows - 1).trimEnd().length, y: rows - 1, visible: false };
  return c;
}
