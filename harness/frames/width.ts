// Column width of a text cell as xterm's default Unicode 6 tables see it. Serialized text drops the
// trailing halves of wide chars, so reading a golden back into columns needs this.

// East Asian wide/fullwidth ranges of Unicode 6 (emoji are narrow there).
const WIDE: Array<[number, number]> = [
  [0x1100, 0x115f],
  [0x2329, 0x232a],
  [0x2e80, 0x303e],
  [0x3040, 0xa4cf],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

/** 2 for a wide grapheme, else 1 (combining marks ride on their base char). */
export function cellWidth(grapheme: string): number {
  const cp = grapheme.codePointAt(0) ?? 0;
  return WIDE.some(([lo, hi]) => cp >= lo && cp <= hi) ? 2 : 1;
}

const segmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Splits a text row into per-column cells; a wide char's trailing column is ''. */
export function textToCells(row: string): string[] {
  const cells: string[] = [];
  for (const { segment } of segmenter.segment(row)) {
    cells.push(segment);
    if (cellWidth(segment) === 2) cells.push('');
  }
  return cells;
}
