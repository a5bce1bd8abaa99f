// Draws a frame's cell grid on a canvas: fixed font, theme and cell size, so the dashboard and the
// pixel diffs (the same code in headless Chromium) draw both sides of a comparison alike.
import { resolveStyle, TERM_BG, TERM_FG, toGrid, type FrameInput, type Grid } from '../cells.ts';

export const CELL_W = 9;
export const CELL_H = 18;
export const FONT_PX = 15;
export const FONT_FAMILY = '"DejaVu Sans Mono", "Liberation Mono", monospace';

export interface DrawOptions {
  /** Draw at least this many columns/rows (to give two frames of different sizes one canvas size). */
  cols?: number;
  rows?: number;
  /** Draw only these cells ("x,y" keys); the rest stays blank. */
  only?: Set<string>;
}

export function drawGrid(canvas: HTMLCanvasElement, g: Grid, opts: DrawOptions = {}): void {
  const cols = Math.max(g.cols, opts.cols ?? 0);
  const rows = Math.max(g.rows, opts.rows ?? 0);
  canvas.width = cols * CELL_W;
  canvas.height = rows * CELL_H;
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = TERM_BG;
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.textBaseline = 'alphabetic';
  const baseline = Math.round(CELL_H * 0.75);
  for (let y = 0; y < g.rows; y++) {
    for (let x = 0; x < g.cols; x++) {
      if (opts.only && !opts.only.has(`${x},${y}`)) continue;
      const ch = g.text[y][x];
      const st = resolveStyle(g.styles[y][x]);
      const px = x * CELL_W;
      const py = y * CELL_H;
      const wide = ch !== '' && x + 1 < g.cols && g.text[y][x + 1] === '';
      const w = wide ? CELL_W * 2 : CELL_W;
      if (st.masked) {
        ctx.fillStyle = '#333333';
        ctx.fillRect(px, py, w, CELL_H);
        ctx.strokeStyle = '#555555';
        ctx.beginPath();
        for (let k = -CELL_H; k < w; k += 4) {
          ctx.moveTo(px + k, py + CELL_H);
          ctx.lineTo(px + k + CELL_H, py);
        }
        ctx.stroke();
      } else if (st.bg !== TERM_BG) {
        ctx.fillStyle = st.bg;
        ctx.fillRect(px, py, w, CELL_H);
      }
      if (ch && ch !== ' ') {
        ctx.font = `${st.italic ? 'italic ' : ''}${st.bold ? 'bold ' : ''}${FONT_PX}px ${FONT_FAMILY}`;
        ctx.globalAlpha = st.dim ? 0.55 : 1;
        ctx.fillStyle = st.fg;
        ctx.fillText(ch, px, py + baseline, w);
        ctx.globalAlpha = 1;
      }
      if (st.underline) {
        ctx.fillStyle = st.fg;
        ctx.fillRect(px, py + CELL_H - 2, w, 1);
      }
    }
  }
  const cur = g.cursor;
  if (cur?.visible && !opts.only) {
    ctx.strokeStyle = TERM_FG;
    ctx.lineWidth = 1;
    ctx.strokeRect(cur.x * CELL_W + 0.5, cur.y * CELL_H + 0.5, CELL_W - 1, CELL_H - 1);
  }
}

export function drawFrame(canvas: HTMLCanvasElement, frame: FrameInput, opts: DrawOptions = {}): Grid {
  const g = toGrid(frame);
  drawGrid(canvas, g, opts);
  return g;
}

/** Both frames drawn on canvases of one size, as PNG data URLs (for pixel diffs). */
export function renderPair(golden: FrameInput, actual: FrameInput): { golden: string; actual: string; width: number; height: number } {
  const g = toGrid(golden);
  const a = toGrid(actual);
  const size = { cols: Math.max(g.cols, a.cols), rows: Math.max(g.rows, a.rows) };
  const c = document.createElement('canvas');
  drawGrid(c, g, size);
  const gu = c.toDataURL('image/png');
  drawGrid(c, a, size);
  return { golden: gu, actual: c.toDataURL('image/png'), width: c.width, height: c.height };
}
