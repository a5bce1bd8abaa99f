// What Vim mode adds to the footer's last row, as upstream 0.171.0 draws it: the mode at the right
// edge ("Vim: Normal" in magenta, "Vim: Insert" in green), or, while a `/` or `?` search is typed,
// the search line in cyan in place of the row, with the cursor after it.
import type { Canvas } from './screen/canvas.ts';
import { widthOf } from './screen/canvas.ts';
import type { VimState } from './vim.ts';

const NORMAL = 5;
const INSERT = 2;
const SEARCH = 6;

export function drawVimFooter(c: Canvas, vim: VimState, cols: number, rows: number): void {
  const y = rows - 1;
  if (vim.search) {
    for (const cell of c.cells[y] ?? []) Object.assign(cell, { ch: ' ', style: {} });
    const line = `${vim.search.dir === 1 ? '/' : '?'}${vim.search.text}`;
    const end = c.write(2, y, [{ text: line, style: { fg: SEARCH } }]);
    c.cursor = { x: Math.min(cols - 1, end), y, visible: true };
    return;
  }
  const label = vim.mode === 'normal' ? 'Vim: Normal' : 'Vim: Insert';
  c.write(cols - 1 - widthOf(label), y, [{ text: label, style: { fg: vim.mode === 'normal' ? NORMAL : INSERT } }]);
}
