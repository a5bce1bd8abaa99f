// The diff `/theme` shows in the highlighted theme, drawn as upstream 0.171.0 draws diff lines: the
// line number dim, the sign in the terminal's red or green, the code coloured by the theme, removed
// and added lines on upstream's dark red and dark green, where a token colour too faint to read on
// them is lightened until it reaches WCAG's 4.5:1 contrast. Each line is cut at the width.
import type { Span, Style } from '../screen/canvas.ts';
import { highlightCode } from './highlighter.ts';
import { luminance } from './tmtheme.ts';

type Kind = 'context' | 'removed' | 'added';
export interface PreviewLine {
  lineNo: number;
  kind: Kind;
  code: string;
}

// Upstream's sample, as its picker shows it (beside the list, and the short one under it).
export const WIDE_PREVIEW: readonly PreviewLine[] = [
  { lineNo: 31, kind: 'context', code: 'fn summarize(users: &[User]) -> String {' },
  { lineNo: 32, kind: 'removed', code: '    let active = users.iter().filter(|u| u.is_active).count();' },
  { lineNo: 32, kind: 'added', code: '    let active = users.iter().filter(|u| u.is_active()).count();' },
  { lineNo: 33, kind: 'context', code: '    let names: Vec<&str> = users.iter().map(User::name).take(3).collect();' },
  { lineNo: 34, kind: 'removed', code: '    format!("{} active: {}", active, names.join(", "))' },
  { lineNo: 34, kind: 'added', code: '    format!("{active} active users: {}", names.join(", "))' },
  { lineNo: 35, kind: 'added', code: '        .trim()' },
  { lineNo: 36, kind: 'context', code: '}' },
];
export const NARROW_PREVIEW: readonly PreviewLine[] = [
  { lineNo: 12, kind: 'context', code: 'fn greet(name: &str) -> String {' },
  { lineNo: 13, kind: 'removed', code: '    format!("Hello, {}!", name)' },
  { lineNo: 13, kind: 'added', code: '    format!("Hello, {name}!")' },
  { lineNo: 14, kind: 'context', code: '}' },
];

/** Upstream's backgrounds for removed and added lines (on a dark terminal). */
export const DIFF_BG: Record<Exclude<Kind, 'context'>, string> = { removed: '#4a221d', added: '#213a2b' };
const SIGN: Record<Kind, Span> = {
  context: { text: ' ' },
  removed: { text: '-', style: { fg: 1 } },
  added: { text: '+', style: { fg: 2 } },
};

/** WCAG contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/**
 * `fg` as upstream draws it on `bg`: unchanged when it reads at 4.5:1 or better, else moved toward
 * white (black on a light background) in steps of 1/255 until it does, channels truncated.
 */
export function readableOn(fg: string, bg: string, min = 4.5): string {
  if (contrast(fg, bg) >= min) return fg;
  const toward = luminance(bg) < 0.5 ? 255 : 0;
  const rgb = [1, 3, 5].map((i) => parseInt(fg.slice(i, i + 2), 16));
  for (let step = 1; step <= 255; step++) {
    const c = `#${rgb.map((v) => Math.floor(v + ((toward - v) * step) / 255).toString(16).padStart(2, '0')).join('')}`;
    if (contrast(c, bg) >= min) return c;
  }
  return toward ? '#ffffff' : '#000000';
}

/** Spans cut to `width` cells (the sample is ASCII). */
function cut(spans: Span[], width: number): Span[] {
  const out: Span[] = [];
  let left = width;
  for (const sp of spans) {
    if (left <= 0) break;
    const text = sp.text.slice(0, left);
    left -= text.length;
    out.push({ ...sp, text });
  }
  return out;
}

/** The sample's rows in `theme`, each `width` cells at most (plain until the highlighter is ready). */
export function previewRows(lines: readonly PreviewLine[], theme: string, width: number): Span[][] {
  const coloured = highlightCode(lines.map((l) => l.code).join('\n'), 'rust', theme);
  const numberWidth = Math.max(...lines.map((l) => String(l.lineNo).length));
  return lines.map((line, i) => {
    const bg = line.kind === 'context' ? undefined : DIFF_BG[line.kind];
    const on = (style: Style | undefined): Style => {
      if (!bg) return { ...style };
      const fg = typeof style?.fg === 'string' ? readableOn(style.fg, bg) : style?.fg;
      return { ...style, ...(fg !== undefined ? { fg } : {}), bg };
    };
    const code = coloured?.[i] ?? [{ text: line.code }];
    const spans = cut(
      [{ text: `${String(line.lineNo).padStart(numberWidth)} `, style: on({ dim: true }) }, { ...SIGN[line.kind], style: bg ? on(SIGN[line.kind].style) : SIGN[line.kind].style }, ...code.map((sp) => ({ ...sp, style: on(sp.style) }))],
      width,
    );
    // A removed or added line's background runs to the end of the preview.
    const used = spans.reduce((n, sp) => n + sp.text.length, 0);
    if (bg && used < width) spans.push({ text: ' '.repeat(width - used), style: { bg } });
    return spans.filter((sp) => sp.text);
  });
}
