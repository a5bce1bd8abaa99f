// Turns canvases into terminal output: the whole screen the first time, then only the cells that
// changed. Styles become SGR sequences (truecolour for '#rrggbb').
import type { Canvas, Cell, Style } from './canvas.ts';

const ESC = '\x1b[';

function colour(c: string | number, base: 30 | 40): string {
  if (typeof c === 'number') return `${base + 8};5;${c}`;
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(c);
  return m ? `${base + 8};2;${parseInt(m[1], 16)};${parseInt(m[2], 16)};${parseInt(m[3], 16)}` : `${base + 9}`;
}

export function sgr(s: Style): string {
  const parts = ['0'];
  if (s.bold) parts.push('1');
  if (s.dim) parts.push('2');
  if (s.italic) parts.push('3');
  if (s.underline) parts.push('4');
  if (s.reverse) parts.push('7');
  if (s.fg !== undefined) parts.push(colour(s.fg, 30));
  if (s.bg !== undefined) parts.push(colour(s.bg, 40));
  return `${ESC}${parts.join(';')}m`;
}

const sameStyle = (a: Style, b: Style) =>
  a.fg === b.fg && a.bg === b.bg && !a.bold === !b.bold && !a.dim === !b.dim && !a.italic === !b.italic && !a.underline === !b.underline && !a.reverse === !b.reverse;
const sameCell = (a: Cell, b: Cell) => a.ch === b.ch && sameStyle(a.style, b.style);

/** What to write to show `next`, given that `prev` (same size) is on screen; null prev: everything. */
const sameCursor = (a: Canvas['cursor'], b: Canvas['cursor']) => a.x === b.x && a.y === b.y && a.visible === b.visible;

export function diffFrames(prev: Canvas | null, next: Canvas): string {
  let out = '';
  let style: Style | null = null;
  for (let y = 0; y < next.rows; y++) {
    const row = next.cells[y];
    const old = prev && prev.cols === next.cols && prev.rows === next.rows ? prev.cells[y] : null;
    let x = 0;
    while (x < next.cols) {
      if (old && sameCell(old[x], row[x])) {
        x++;
        continue;
      }
      // A run of changed cells, written from its first cell.
      out += `${ESC}${y + 1};${x + 1}H`;
      while (x < next.cols && !(old && sameCell(old[x], row[x]))) {
        const cell = row[x];
        if (cell.ch !== '') {
          if (!style || !sameStyle(style, cell.style)) {
            style = cell.style;
            out += sgr(style);
          }
          out += cell.ch;
        }
        x++;
      }
    }
  }
  if (style) out += `${ESC}0m`;
  const c = next.cursor;
  // Nothing changed, the cursor included: nothing to send. (A frame redrawn on a timer while nothing
  // moves, the approval modal over a running turn, must leave the terminal quiet.)
  if (!out && prev && prev.cols === next.cols && prev.rows === next.rows && sameCursor(prev.cursor, c)) return '';
  if (!c.visible && c.x >= next.cols) {
    // Parked past the last column: rewrite the row's last cell so the terminal's cursor rests in
    // its pending-wrap position there, where a cell-buffer TUI leaves it after a full draw.
    const last = next.cells[c.y][next.cols - 1];
    out += `${ESC}${c.y + 1};${next.cols}H${sgr(last.style)}${last.ch || ' '}${ESC}0m${ESC}?25l`;
    return out;
  }
  out += `${ESC}${c.y + 1};${c.x + 1}H${c.visible ? `${ESC}?25h` : `${ESC}?25l`}`;
  return out;
}

export const ENTER_ALT_SCREEN = `${ESC}?1049h${ESC}H${ESC}2J`;
export const LEAVE_ALT_SCREEN = `${ESC}0m${ESC}?25h${ESC}?1049l`;
/** OSC 0: the window (and icon) title; the caller strips control characters. */
export const setWindowTitle = (title: string) => `\x1b]0;${title}\x07`;
export const CLEAR_SCREEN = `${ESC}H${ESC}2J`;
