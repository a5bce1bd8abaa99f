// Compares two serialized frames cell by cell: text drift and attribute drift are scored apart,
// and the text drift is also shown as a readable unified diff.
import { structuredPatch } from 'diff';
import { parseSerialized, type FrameMeta } from '../frames/serialize.ts';

/** A frame as stored on disk; meta (cols/rows) fixes the grid size when known. */
export interface FrameFiles {
  text: string;
  attrs: string;
  meta?: Partial<FrameMeta>;
}

export interface FrameDiff {
  /** Share of equal characters over max(rows) × max(cols), 0..1. */
  textMatch: number;
  /** Share of cells with the same resolved style, same denominator. */
  attrMatch: number;
  /** Unified diff of the text layers with row numbers; '' when the text is equal. */
  textDiff: string;
}

export function diffFrames(expected: FrameFiles, actual: FrameFiles): FrameDiff {
  const e = parseSerialized(expected);
  const a = parseSerialized(actual);
  const rows = Math.max(e.rows, a.rows);
  const cols = Math.max(e.cols, a.cols);
  let sameText = 0;
  let sameStyle = 0;
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      // Outside a smaller frame a cell counts as blank and unstyled.
      if ((e.text[y]?.[x] ?? ' ') === (a.text[y]?.[x] ?? ' ')) sameText++;
      // Styles compare by resolved key: the letters are assigned per file.
      if ((e.styles[y]?.[x] ?? '') === (a.styles[y]?.[x] ?? '')) sameStyle++;
    }
  }
  const total = rows * cols;
  return {
    textMatch: total === 0 ? 1 : sameText / total,
    attrMatch: total === 0 ? 1 : sameStyle / total,
    textDiff: unifiedRows(expected.text, actual.text),
  };
}

/** A unified diff whose lines name their screen row (1-based), e.g. `-row 3 |old`; ends in \n like any patch. */
function unifiedRows(expected: string, actual: string): string {
  if (expected === actual) return '';
  // Terminate every row, so a trailing empty row is a line of its own rather than a missing newline.
  const patch = structuredPatch('expected', 'actual', `${expected}\n`, `${actual}\n`, '', '', { context: 2 });
  const out = ['--- expected', '+++ actual'];
  for (const h of patch.hunks) {
    out.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
    let oldRow = h.oldStart;
    let newRow = h.newStart;
    for (const line of h.lines) {
      const sign = line[0];
      const row = sign === '+' ? newRow++ : oldRow++;
      if (sign === ' ') newRow++;
      out.push(`${sign}row ${String(row).padStart(2)} |${line.slice(1)}`);
    }
  }
  return `${out.join('\n')}\n`;
}
