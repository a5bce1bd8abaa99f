// Applies attr-masks.yaml to a frame: the matched cells keep their characters but lose their colours
// and flags, so a golden does not depend on a colour chosen at random (e.g. by thread id).
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import * as z from 'zod';
import type { Frame } from '../frames/screen.ts';

const schema = z.strictObject({
  masks: z.array(z.strictObject({ name: z.string().min(1), pattern: z.string().min(1) })),
});

const FILE = new URL('./attr-masks.yaml', import.meta.url);
let cached: RegExp[] | null = null;

function patterns(): RegExp[] {
  if (!cached) {
    const parsed = schema.safeParse(parseYaml(readFileSync(FILE, 'utf8')));
    if (!parsed.success) throw new Error(`${FILE.pathname}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    cached = parsed.data.masks.map((m) => new RegExp(m.pattern, 'dg'));
  }
  return cached;
}

/** A row as one character per cell (the trailing half of a wide char becomes a space), so regex indices are columns. */
function rowString(cells: Frame['cells'][number]): string {
  return cells.map((c) => (c.width === 0 || !c.ch ? ' ' : [...c.ch].length === 1 ? c.ch : '?')).join('');
}

export function maskFrameAttrs(frame: Frame, res: RegExp[] = patterns()): Frame {
  const cells = frame.cells.map((row) => {
    const text = rowString(row);
    const masked = new Set<number>();
    for (const re of res)
      for (const m of text.matchAll(re)) {
        const [start, end] = m.indices?.[1] ?? m.indices![0];
        for (let x = start; x < end; x++) masked.add(x);
      }
    if (!masked.size) return row;
    return row.map((c, x) => (masked.has(x) ? { ...c, fg: 'masked', bg: 'masked', bold: false, dim: false, italic: false, underline: false, inverse: false } : c));
  });
  return { ...frame, cells };
}
