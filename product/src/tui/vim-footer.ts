// What Vim mode adds to the footer's last row, as upstream 0.171.0 draws it: the mode at the right
// edge ("Vim: Normal" in magenta, "Vim: Insert" in green, "Vim: Replace" in cyan), or, while a `/` or `?` search is typed,
// the search line in place of the row (its `/` or `?` in cyan), with the cursor after it. The
// composer's text shows where the search matches, in bold reverse, as upstream's does.
import type { Canvas, Span } from './screen/canvas.ts';
import { widthOf } from './screen/canvas.ts';
import { graphemes } from './screen/canvas.ts';
import type { VimState } from './vim.ts';

/** The text a search highlights now: the one being typed, else the last one. */
export const vimHighlight = (vim: VimState): string => (vim.search ? vim.search.text : (vim.lastSearch?.text ?? ''));

/** Marks the matches in the composer's rows as drawn from (x, y) down. */
export function markVimMatches(c: Canvas, vim: VimState, rows: readonly string[], x: number, y: number): void {
  const needle = [...graphemes(vimHighlight(vim))];
  if (!needle.length) return;
  rows.forEach((row, k) => {
    const cells = c.cells[y + k];
    if (!cells) return;
    const cs = [...graphemes(row)];
    let col = x;
    const cols: number[] = cs.map((ch) => {
      const at = col;
      col += Math.max(0, widthOf(ch));
      return at;
    });
    for (let i = 0; i + needle.length <= cs.length; i++) {
      if (!needle.every((ch, j) => cs[i + j] === ch)) continue;
      for (let j = 0; j < needle.length; j++) {
        const cell = cells[cols[i + j]];
        if (cell) cell.style = { ...cell.style, bold: true, reverse: true };
      }
      i += needle.length - 1;
    }
  });
}

const NORMAL = 5;
const INSERT = 2;
const SEARCH = 6;

/** `after`: what follows the mode at the right edge, after a ' · ' (Plan mode's label). */
export function drawVimFooter(c: Canvas, vim: VimState, cols: number, rows: number, after: Span[] = []): void {
  const y = rows - 1;
  if (vim.search) {
    for (const cell of c.cells[y] ?? []) Object.assign(cell, { ch: ' ', style: {} });
    const end = c.write(2, y, [{ text: vim.search.dir === 1 ? '/' : '?', style: { fg: SEARCH } }, { text: vim.search.text }]);
    c.cursor = { x: Math.min(cols - 1, end), y, visible: true };
    return;
  }
  const label = vim.mode === 'normal' ? 'Vim: Normal' : vim.mode === 'replace' ? 'Vim: Replace' : 'Vim: Insert';
  const spans: Span[] = [{ text: label, style: { fg: vim.mode === 'normal' ? NORMAL : vim.mode === 'replace' ? SEARCH : INSERT } }, ...(after.length ? [{ text: ' · ' }, ...after] : [])];
  c.write(cols - 1 - spans.reduce((n, s) => n + widthOf(s.text), 0), y, spans);
}
