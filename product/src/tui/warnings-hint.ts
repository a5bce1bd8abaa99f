// The footer's count of the session's warnings, at its right edge as upstream draws it.
import type { Canvas } from './screen/canvas.ts';
import { warningsHint } from './warnings-list.ts';

export function drawWarningsHint(c: Canvas, count: number, cols: number, rows: number): void {
  const text = warningsHint(count);
  const [mark, rest] = [text.slice(0, 2), text.slice(2)];
  const [what, keys] = rest.split(' · ');
  const x = cols - 1 - text.length;
  if (x < 40) return;
  c.write(x, rows - 1, [{ text: mark }, { text: what, style: { fg: '#c4a767' } }, { text: ' · ' }, { text: 'f2', style: { bold: true } }, { text: keys.slice(2) }]);
}
