// A serialized frame (text layer + attribute layer) as a terminal-looking <pre> with coloured spans.
import { DEFAULT_STYLE, parseSerialized, type FrameMeta } from '../frames/serialize.ts';
import { esc } from './html.ts';

/** The terminal the frames are shown on: colours used for `default` (and by inverse). */
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

/** A canonical style key (`fg=… bg=… bold dim italic underline inverse`) → inline CSS and extra classes. */
export function styleCss(key: string): { css: string; classes: string[] } {
  const tokens = key.split(' ');
  const get = (name: string) => tokens.find((t) => t.startsWith(`${name}=`))?.slice(name.length + 1) ?? 'default';
  const has = (flag: string) => tokens.includes(flag);
  const classes: string[] = [];
  const fgRaw = get('fg');
  const bgRaw = get('bg');
  if (fgRaw === 'masked' || bgRaw === 'masked') classes.push('masked');
  let fg = colourCss(fgRaw);
  let bg = colourCss(bgRaw);
  if (has('inverse')) [fg, bg] = [bg ?? TERM_BG, fg ?? TERM_FG];
  const css: string[] = [];
  if (fg) css.push(`color:${fg}`);
  if (bg) css.push(`background:${bg}`);
  if (has('bold')) css.push('font-weight:bold');
  if (has('dim')) css.push('opacity:.6');
  if (has('italic')) css.push('font-style:italic');
  if (has('underline')) css.push('text-decoration:underline');
  return { css: css.join(';'), classes };
}

export interface FrameInput {
  text: string;
  attrs: string;
  meta?: Partial<FrameMeta>;
}

function span(style: string, cursor: boolean, text: string): string {
  const { css, classes } = style === DEFAULT_STYLE ? { css: '', classes: [] } : styleCss(style);
  if (cursor) classes.push('cur');
  if (!css && !classes.length) return esc(text);
  const cls = classes.length ? ` class="${classes.join(' ')}"` : '';
  const st = css ? ` style="${esc(css)}"` : '';
  return `<span${cls}${st}>${esc(text)}</span>`;
}

/** The frame as `<pre class="term">`: runs of equally styled cells become one span; the visible cursor is outlined. */
export function frameHtml(frame: FrameInput, label?: string): string {
  const title = label ? ` title="${esc(label)}"` : '';
  let parsed;
  try {
    parsed = parseSerialized(frame);
  } catch (e) {
    // An unreadable attribute layer still leaves a readable text layer.
    return `<pre class="term"${title}>${esc(frame.text)}</pre><div class="mut">attributes unreadable: ${esc((e as Error).message)}</div>`;
  }
  const cur = frame.meta?.cursor;
  const lines: string[] = [];
  for (let y = 0; y < parsed.rows; y++) {
    let out = '';
    let runStyle = '';
    let runCursor = false;
    let run = '';
    for (let x = 0; x < parsed.cols; x++) {
      const ch = parsed.text[y][x];
      if (ch === '') continue; // trailing half of a wide char
      const style = parsed.styles[y][x];
      const isCursor = !!cur?.visible && cur.x === x && cur.y === y;
      if (run && (style !== runStyle || isCursor || runCursor)) {
        out += span(runStyle, runCursor, run);
        run = '';
      }
      if (!run) {
        runStyle = style;
        runCursor = isCursor;
      }
      run += ch;
    }
    if (run) out += runStyle === DEFAULT_STYLE && !runCursor ? esc(run.trimEnd()) : span(runStyle, runCursor, run);
    lines.push(out);
  }
  const width = parsed.cols ? ` style="width:${parsed.cols}ch"` : '';
  return `<pre class="term"${title}${width}>${lines.join('\n')}</pre>`;
}
