// Frames as cell grids for the dashboard, shared by Node (tests, pixel diffs) and the browser bundle:
// the xterm palette, styles resolved to colours and flags, and a cell-by-cell diff that tells text,
// style and cursor drift apart and recognises rows that only moved.
import { DEFAULT_STYLE, parseSerialized, type FrameMeta } from '../frames/serialize.ts';

/** The terminal the frames are drawn on: colours used for `default` (and by inverse). */
export const TERM_FG = '#e5e5e5';
export const TERM_BG = '#101010';

/** xterm's 16 standard colours (its default XTerm*color0..15 resources). */
const STANDARD = [
  '#000000', '#cd0000', '#00cd00', '#cdcd00', '#0000ee', '#cd00cd', '#00cdcd', '#e5e5e5',
  '#7f7f7f', '#ff0000', '#00ff00', '#ffff00', '#5c5cff', '#ff00ff', '#00ffff', '#ffffff',
];
/** Channel levels of xterm's 6×6×6 colour cube (indices 16–231). */
const CUBE = [0, 0x5f, 0x87, 0xaf, 0xd7, 0xff];

const hex2 = (n: number) => n.toString(16).padStart(2, '0');

/** xterm 256-colour palette index → #rrggbb; null outside 0–255. */
export function paletteHex(index: number): string | null {
  if (!Number.isInteger(index) || index < 0 || index > 255) return null;
  if (index < 16) return STANDARD[index];
  if (index < 232) {
    const i = index - 16;
    return `#${hex2(CUBE[Math.floor(i / 36)])}${hex2(CUBE[Math.floor(i / 6) % 6])}${hex2(CUBE[i % 6])}`;
  }
  const grey = 8 + 10 * (index - 232);
  return `#${hex2(grey)}${hex2(grey)}${hex2(grey)}`;
}

/** A colour value of a style key (`default`, `masked`, `pN`, `#rrggbb`) → CSS colour, or null for the terminal default. */
export function colourCss(value: string): string | null {
  if (/^#[0-9a-fA-F]{6}$/.test(value)) return value.toLowerCase();
  const p = /^p(\d+)$/.exec(value);
  if (p) return paletteHex(Number(p[1]));
  return null;
}

export interface ResolvedStyle {
  /** Colours as drawn (inverse already applied, defaults filled in). */
  fg: string;
  bg: string;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  inverse: boolean;
  masked: boolean;
}

/** A canonical style key (`fg=… bg=… bold dim italic underline inverse`) → what to draw. */
export function resolveStyle(key: string): ResolvedStyle {
  const tokens = key.split(' ');
  const get = (name: string) => tokens.find((t) => t.startsWith(`${name}=`))?.slice(name.length + 1) ?? 'default';
  const has = (flag: string) => tokens.includes(flag);
  const fgRaw = get('fg');
  const bgRaw = get('bg');
  let fg = colourCss(fgRaw) ?? TERM_FG;
  let bg = colourCss(bgRaw) ?? TERM_BG;
  if (has('inverse')) [fg, bg] = [bg, fg];
  return {
    fg,
    bg,
    bold: has('bold'),
    dim: has('dim'),
    italic: has('italic'),
    underline: has('underline'),
    inverse: has('inverse'),
    masked: fgRaw === 'masked' || bgRaw === 'masked',
  };
}

export interface FrameInput {
  text: string;
  attrs: string;
  meta?: Partial<FrameMeta>;
}

export interface Grid {
  cols: number;
  rows: number;
  /** [row][col]: the character ('' for the trailing half of a wide char). */
  text: string[][];
  /** [row][col]: canonical style key. */
  styles: string[][];
  cursor: { x: number; y: number; visible: boolean } | null;
  /** Set when the attribute layer could not be read (the text is still drawn, unstyled). */
  problem?: string;
}

/** A stored frame → its cell grid; an unreadable attribute layer leaves the text, unstyled. */
export function toGrid(frame: FrameInput): Grid {
  const cursor = frame.meta?.cursor ? { ...frame.meta.cursor } : null;
  try {
    const p = parseSerialized(frame);
    return { cols: p.cols, rows: p.rows, text: p.text, styles: p.styles, cursor };
  } catch (e) {
    const p = parseSerialized({ text: frame.text, attrs: '--', meta: frame.meta });
    return { cols: p.cols, rows: p.rows, text: p.text, styles: p.styles, cursor, problem: (e as Error).message };
  }
}

export type DriftKind = 'text' | 'style' | 'both' | 'shift';

export interface CellDrift {
  x: number;
  y: number;
  kind: DriftKind;
  golden: { ch: string; style: string };
  actual: { ch: string; style: string };
}

export interface CellDiff {
  cols: number;
  rows: number;
  cells: CellDrift[];
  /** Rows of the target whose text is a golden row's text at another row: `by` = row − golden row. */
  shifted: { row: number; from: number; by: number }[];
  cursor: { golden: Grid['cursor']; actual: Grid['cursor']; drift: boolean };
  counts: { text: number; style: number; both: number; shift: number };
}

const rowText = (g: Grid, y: number) => (g.text[y] ?? []).join('').trimEnd();

/**
 * Compares two frames cell by cell. A target row whose text differs from the golden row at the same
 * place but equals another golden row is reported as shifted, and its cells as `shift` drift, so a
 * line inserted above does not look like a screenful of wrong text.
 */
export function cellDiff(golden: FrameInput, actual: FrameInput): CellDiff {
  const g = toGrid(golden);
  const a = toGrid(actual);
  const rows = Math.max(g.rows, a.rows);
  const cols = Math.max(g.cols, a.cols);
  const shifted: CellDiff['shifted'] = [];
  const shiftRows = new Set<number>();
  for (let y = 0; y < rows; y++) {
    const text = rowText(a, y);
    if (!text || text === rowText(g, y)) continue;
    let best = -1;
    for (let gy = 0; gy < g.rows; gy++) {
      if (gy !== y && rowText(g, gy) === text && (best < 0 || Math.abs(gy - y) < Math.abs(best - y))) best = gy;
    }
    if (best >= 0) {
      shifted.push({ row: y, from: best, by: y - best });
      shiftRows.add(y);
    }
  }
  const cells: CellDrift[] = [];
  const counts = { text: 0, style: 0, both: 0, shift: 0 };
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      const gc = { ch: g.text[y]?.[x] ?? ' ', style: g.styles[y]?.[x] ?? DEFAULT_STYLE };
      const ac = { ch: a.text[y]?.[x] ?? ' ', style: a.styles[y]?.[x] ?? DEFAULT_STYLE };
      const t = gc.ch !== ac.ch;
      const s = gc.style !== ac.style;
      if (!t && !s) continue;
      const kind: DriftKind = shiftRows.has(y) ? 'shift' : t && s ? 'both' : t ? 'text' : 'style';
      counts[kind]++;
      cells.push({ x, y, kind, golden: gc, actual: ac });
    }
  }
  const gcur = g.cursor;
  const acur = a.cursor;
  const drift = !!gcur && !!acur && (gcur.visible !== acur.visible || (gcur.visible && (gcur.x !== acur.x || gcur.y !== acur.y)));
  return { cols, rows, cells, shifted, cursor: { golden: gcur, actual: acur, drift }, counts };
}

/** A cell's attributes in words, for the hover card: `'a' fg=p1 bg=default bold`. */
export function describeCell(c: { ch: string; style: string }): string {
  const ch = c.ch === '' ? '(wide char tail)' : JSON.stringify(c.ch);
  return `${ch} ${c.style}`;
}
