// A full-screen pager over styled lines (`/diff`): a dim title rule, the lines from `top`, `~` past
// their end, then a rule with how far through it is and the keys. ↑/↓, PgUp/PgDn, Home/End scroll;
// q or Esc closes it.
import type { Key } from '../screen/keys.ts';
import { Canvas, type Span, type Style } from '../screen/canvas.ts';
import { routed, type Routed } from '../input/effects.ts';
import type { ChatState } from '../state.ts';

export interface Pager {
  /** shown spaced out in the title rule: `D I F F` */
  title: string;
  lines: Span[][];
  /** the first line in view */
  top: number;
}

const DIM: Style = { dim: true };
const BOLD: Style = { bold: true };

/** Rows the pager's text gets on a screen `rows` tall: the title rule above, three rows and a blank below. */
export const pagerHeight = (rows: number) => Math.max(1, rows - 5);

/** `top` kept where the last screenful still fills the page. */
function clampTop(p: Pager, top: number, height: number): number {
  return Math.max(0, Math.min(top, p.lines.length - height));
}

export function pagerKey(s: ChatState, k: Key, rows: number): Routed | null {
  const p = s.pager;
  if (!p) return null;
  const h = pagerHeight(rows);
  const to = (top: number) => routed([{ type: 'pager', pager: { ...p, top: clampTop(p, top, h) } }]);
  switch (k.kind) {
    case 'escape':
      return routed([{ type: 'pager', pager: null }]);
    case 'up':
      return to(p.top - 1);
    case 'down':
      return to(p.top + 1);
    case 'pageup':
      return to(p.top - h);
    case 'pagedown':
      return to(p.top + h);
    case 'home':
      return to(0);
    case 'end':
      return to(p.lines.length);
    case 'text':
      if (k.text === 'q') return routed([{ type: 'pager', pager: null }]);
      if (k.text === 'k') return to(p.top - 1);
      if (k.text === 'j') return to(p.top + 1);
      if (k.text === ' ') return to(p.top + h);
      return routed();
    default:
      // Nothing under the pager takes keys while it is open.
      return routed();
  }
}

export function drawPager(p: Pager, cols: number, rows: number): Canvas {
  const c = new Canvas(cols, rows);
  const h = pagerHeight(rows);
  const head = `/ ${p.title.split('').join(' ')} `;
  c.write(0, 0, [{ text: (head + '/ '.repeat(cols)).slice(0, cols), style: DIM }]);
  for (let i = 0; i < h; i++) {
    const line = p.lines[p.top + i];
    c.write(0, 1 + i, line ?? [{ text: '~' }]);
  }
  const shown = Math.min(p.lines.length, p.top + h);
  const percent = p.lines.length ? Math.round((shown / p.lines.length) * 100) : 100;
  const tail = ` ${percent}% ─`;
  c.write(0, rows - 4, [{ text: '─'.repeat(Math.max(0, cols - tail.length)) + tail, style: DIM }]);
  c.write(0, rows - 3, [
    { text: ' ', style: DIM },
    { text: '↑/↓', style: BOLD },
    { text: ' to scroll · ', style: DIM },
    { text: 'pgup/pgdn', style: BOLD },
    { text: ' to page · ', style: DIM },
    { text: 'home/end', style: BOLD },
    { text: ' to jump', style: DIM },
  ]);
  c.write(0, rows - 2, [{ text: ' ', style: DIM }, { text: 'q', style: BOLD }, { text: ' close', style: DIM }]);
  c.cursor = { x: 8, y: rows - 2, visible: false };
  return c;
}
