// Stable on-disk form of a frame: a text layer a person can read, an attribute layer beside it
// (one char per column, letters explained by a legend), and a little metadata.
import type { Cell, Cursor, Frame } from './screen.ts';
import { textToCells } from './width.ts';

export interface FrameMeta {
  cols: number;
  rows: number;
  altScreen: boolean;
  cursor: Cursor;
}

export interface SerializedFrame {
  /** Text rows joined by \n (all rows, so the row count survives). */
  text: string;
  /** Legend lines, the separator, then attribute rows. */
  attrs: string;
  meta: FrameMeta;
}

/** A frame read back from disk, cell by cell. */
export interface ParsedFrame {
  cols: number;
  rows: number;
  /** [row][col] characters; '' for the trailing half of a wide char. */
  text: string[][];
  /** [row][col] canonical style keys; DEFAULT_STYLE for unstyled cells. */
  styles: string[][];
}

export const DEFAULT_STYLE = 'fg=default bg=default';
const DEFAULT_MARK = '.';
/** Ends the legend in the attrs file; chosen so no legend line can look like it. */
export const ATTRS_SEPARATOR = '--';
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Canonical style key, e.g. `fg=p75 bg=default bold`; flags in a fixed order. */
export function styleKey(c: Cell): string {
  const flags = (['bold', 'dim', 'italic', 'underline', 'inverse'] as const).filter((f) => c[f]);
  return [`fg=${c.fg}`, `bg=${c.bg}`, ...flags].join(' ');
}

function letter(i: number): string {
  // Past 62 styles fall back to Latin Extended letters: still one column each.
  return i < LETTERS.length ? LETTERS[i] : String.fromCodePoint(0x100 + i - LETTERS.length);
}

export function frameText(frame: Frame): string[] {
  return frame.cells.map((row) =>
    row
      .filter((c) => c.width !== 0)
      .map((c) => c.ch || ' ')
      .join('')
      .trimEnd(),
  );
}

export function frameAttrs(frame: Frame): { rows: string[]; legend: Record<string, string> } {
  const byKey = new Map<string, string>();
  const legend: Record<string, string> = {};
  const rows = frame.cells.map((row) => {
    let s = '';
    for (const c of row) {
      const key = styleKey(c);
      if (key === DEFAULT_STYLE) {
        s += DEFAULT_MARK;
        continue;
      }
      let l = byKey.get(key);
      if (l === undefined) {
        l = letter(byKey.size);
        byKey.set(key, l);
        legend[l] = key;
      }
      s += l;
    }
    return s.replace(/\.+$/, '');
  });
  return { rows, legend };
}

export function serializeFrame(frame: Frame): SerializedFrame {
  const { rows, legend } = frameAttrs(frame);
  const legendLines = Object.entries(legend).map(([l, key]) => `${l} ${key}`);
  return {
    text: frameText(frame).join('\n'),
    attrs: [...legendLines, ATTRS_SEPARATOR, ...rows].join('\n'),
    meta: { cols: frame.cols, rows: frame.rows, altScreen: frame.altScreen, cursor: { ...frame.cursor } },
  };
}

function parseAttrs(attrs: string): { legend: Map<string, string>; rows: string[] } {
  const lines = attrs.split('\n');
  const sep = lines.indexOf(ATTRS_SEPARATOR);
  if (sep < 0) throw new Error(`attrs layer has no "${ATTRS_SEPARATOR}" line after its legend`);
  const legend = new Map<string, string>();
  for (const line of lines.slice(0, sep)) {
    const m = /^(\S) (.+)$/u.exec(line);
    if (!m) throw new Error(`bad attrs legend line: ${JSON.stringify(line)}`);
    legend.set(m[1], m[2]);
  }
  return { legend, rows: lines.slice(sep + 1) };
}

/** Reads the text and attrs layers back into per-cell grids; meta, when given, fixes the size. */
export function parseSerialized(s: { text: string; attrs: string; meta?: Partial<FrameMeta> }): ParsedFrame {
  const textRows = s.text.split('\n').map(textToCells);
  const { legend, rows: attrRows } = parseAttrs(s.attrs);
  const styleRows = attrRows.map((row) =>
    Array.from(row, (ch) => {
      if (ch === DEFAULT_MARK) return DEFAULT_STYLE;
      const key = legend.get(ch);
      if (key === undefined) throw new Error(`attrs row uses ${JSON.stringify(ch)}, which the legend lacks`);
      return key;
    }),
  );
  const rows = s.meta?.rows ?? Math.max(textRows.length, styleRows.length);
  const cols = s.meta?.cols ?? Math.max(0, ...textRows.map((r) => r.length), ...styleRows.map((r) => r.length));
  const grid = <T>(src: T[][], blank: T) =>
    Array.from({ length: rows }, (_, y) => Array.from({ length: cols }, (_, x) => src[y]?.[x] ?? blank));
  return { cols, rows, text: grid(textRows, ' '), styles: grid(styleRows, DEFAULT_STYLE) };
}
