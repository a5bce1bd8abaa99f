// The agent's Markdown as styled screen lines, laid out as upstream 0.171.0 shows it under its
// default theme: paragraphs and list items word-wrapped to the width, headings with their `#`
// marks, **bold**, *italic*, `code` and links (the address after the label) in the theme's colours,
// lists with `•` and right-aligned numbers four columns deeper per level, quotes after `> `,
// tables without borders (a heavy rule under the header, light ones between rows), fenced code
// kept line for line (coloured in the syntax theme when its fence names a language), rules as `———`. Parsing is marked's lexer; the layout is ours.
import { Lexer, type Token, type Tokens } from 'marked';
import { widthOf, type Span, type Style } from './screen/canvas.ts';
import { DEFAULT_THEME } from './syntax/catalogue.ts';
import { highlightCode } from './syntax/highlighter.ts';

// Upstream's default theme's colours, as its frames show them.
const CODE: Style = { fg: '#a6e3a1' };
const QUOTE: Style = { fg: '#f5c2e7' };
const STRONG: Style = { fg: '#f38ba8', bold: true };
const EM: Style = { fg: '#f38ba8', italic: true };
const LINK: Style = { fg: '#89b4fa', underline: true };
const HEADINGS: Style[] = [
  { fg: '#f38ba8', bold: true, underline: true },
  { fg: '#fab387', bold: true },
  { fg: '#f9e2af', bold: true, italic: true },
  { italic: true },
  { italic: true },
  { italic: true },
];
const ORDERED: Style = { fg: 12 };
const BULLET: Style = { fg: '#94e2d5' };
const TABLE_HEAD: Style = { fg: '#f9e2af', bold: true };

/** The style a line carries as a whole (a quote's colour, a table header's): the message's bullet or indent takes it too. */
const lineStyles = new WeakMap<Span[], Style>();
export const lineStyleOf = (line: Span[]): Style | undefined => lineStyles.get(line);
function styledLine(line: Span[], style: Style): Span[] {
  lineStyles.set(line, style);
  return line;
}

/** Inline tokens → spans; a line break inside is kept as '\n' in the text. */
function inline(tokens: Token[] | undefined, style: Style = {}): Span[] {
  const out: Span[] = [];
  for (const t of tokens ?? []) {
    switch (t.type) {
      case 'strong':
        out.push(...inline((t as Tokens.Strong).tokens, { ...style, ...STRONG }));
        break;
      case 'em':
        out.push(...inline((t as Tokens.Em).tokens, { ...style, ...EM }));
        break;
      case 'del':
        out.push(...inline((t as Tokens.Del).tokens, { ...style, dim: true }));
        break;
      case 'codespan':
        out.push({ text: decode((t as Tokens.Codespan).text), style: { ...style, ...CODE } });
        break;
      case 'link': {
        const l = t as Tokens.Link;
        const label = inline(l.tokens, { ...style, ...LINK });
        out.push(...label);
        const text = label.map((s) => s.text).join('');
        if (l.href && l.href !== text && !l.href.startsWith('#')) out.push({ text: ' (', style }, { text: l.href, style: { ...style, ...LINK } }, { text: ')', style });
        break;
      }
      case 'br':
        out.push({ text: '\n', style });
        break;
      case 'text':
      case 'escape':
      case 'html': {
        const tx = t as Tokens.Text;
        if (tx.tokens?.length) out.push(...inline(tx.tokens, style));
        else out.push({ text: decode(tx.text ?? tx.raw), style });
        break;
      }
      default:
        out.push({ text: t.raw, style });
    }
  }
  return out;
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (m) => ENTITIES[m]);

/**
 * Greedy word wrap of styled spans to `width` cells. The first line starts with `first`, the others
 * with `rest` (prefixes count toward the width); '\n' in a span starts a new line; a word longer
 * than a line is cut.
 */
export function wrapSpans(spans: Span[], width: number, first: Span[] = [], rest: Span[] = first): Span[][] {
  const widthOfSpans = (xs: Span[]) => xs.reduce((n, s) => n + widthOf(s.text), 0);
  const lines: Span[][] = [];
  let line: Span[] = first.map((s) => ({ ...s }));
  let used = widthOfSpans(first);
  let empty = true;
  let space: Span | null = null;
  const newLine = () => {
    lines.push(line);
    line = rest.map((s) => ({ ...s }));
    used = widthOfSpans(rest);
    empty = true;
    space = null;
  };
  const put = (text: string, style: Style | undefined) => {
    const last = line[line.length - 1];
    if (!empty && last && last.style === style) last.text += text;
    else line.push({ text, style });
    used += widthOf(text);
    empty = false;
  };
  for (const span of spans) {
    for (const part of span.text.split(/(\n| +)/)) {
      if (!part) continue;
      if (part === '\n') {
        newLine();
      } else if (part[0] === ' ') {
        // Spaces between words; none at the start of a line.
        if (!empty) space = { text: part, style: span.style };
      } else {
        let word = part;
        const gap: Span | null = space;
        space = null;
        if (!empty && used + (gap ? widthOf(gap.text) : 0) + widthOf(word) > width) newLine();
        else if (gap) put(gap.text, gap.style);
        // A word longer than a whole line is cut.
        while (used + widthOf(word) > width) {
          let cut = 0;
          let w = 0;
          for (const ch of word) {
            if (used + w + widthOf(ch) > width) break;
            w += widthOf(ch);
            cut += ch.length;
          }
          if (cut === 0) {
            if (empty) break; // not even one character fits: give up cutting
            newLine();
            continue;
          }
          put(word.slice(0, cut), span.style);
          word = word.slice(cut);
          newLine();
        }
        if (word) put(word, span.style);
      }
    }
  }
  lines.push(line);
  return lines;
}

/** Block tokens → lines; blocks are separated by a blank line unless `tight` (a tight list's item). */
function blocks(tokens: Token[], width: number, indent: Span[], out: Span[][], theme: string, tight = false, depth = 0, base: Span[] = indent): void {
  let firstBlock = true;
  let afterList = false;
  for (const t of tokens) {
    if (t.type === 'space') continue;
    // A nested list ends with a blank line before whatever follows it, even in a tight list.
    if (!firstBlock && (!tight || afterList)) out.push([...indent]);
    firstBlock = false;
    afterList = t.type === 'list';
    switch (t.type) {
      case 'paragraph':
      case 'text':
        out.push(...wrapSpans(inline((t as Tokens.Paragraph).tokens ?? [{ type: 'text', raw: t.raw, text: t.raw } as Token]), width, indent));
        break;
      case 'heading': {
        const h = t as Tokens.Heading;
        const style = HEADINGS[Math.min(6, Math.max(1, h.depth)) - 1];
        out.push(...wrapSpans([{ text: `${'#'.repeat(h.depth)} `, style }, ...inline(h.tokens, style)], width, indent));
        break;
      }
      case 'code': {
        // A fence naming a language is coloured in the syntax theme (plain until the highlighter has loaded).
        const code = t as Tokens.Code;
        const coloured = code.lang ? highlightCode(code.text, code.lang, theme) : null;
        if (coloured) for (const l of coloured) out.push([...indent, ...l]);
        else for (const l of code.text.split('\n')) out.push([...indent, { text: l, style: CODE }]);
        break;
      }
      case 'blockquote': {
        const inner: Span[][] = [];
        blocks((t as Tokens.Blockquote).tokens, width, [...indent, { text: '> ', style: QUOTE }], inner, theme);
        // The quote's text takes its colour too.
        out.push(...inner.map((line) => styledLine(line.map((sp, k) => (k < indent.length ? sp : { ...sp, style: { ...QUOTE, ...sp.style, fg: QUOTE.fg } })), QUOTE)));
        break;
      }
      case 'list': {
        // Markers sit four columns deeper per level, counted from the message's edge; a number is
        // right-aligned in its level's width, and the item's lines continue after its marker.
        const list = t as Tokens.List;
        const level = depth + 1;
        const markerWidth = level * 4 - 3;
        const items = list.items.map((item, i) => {
          const marker = list.ordered ? `${String(Number(list.start || 1) + i).padStart(markerWidth)}. ` : `${' '.repeat(markerWidth - 1)}• `;
          const pad = ' '.repeat(widthOf(marker));
          const inner: Span[][] = [];
          blocks(item.tokens, width, [...base, { text: pad }], inner, theme, !list.loose, level, base);
          // The marker takes the place of the first line's padding.
          if (inner.length) inner[0] = [...base, { text: marker, style: list.ordered ? ORDERED : BULLET }, ...inner[0].slice(base.length + 1)];
          return inner;
        });
        // Items are apart in a loose list, and in any list one of whose items takes more than one
        // line at this width (wrapped, continued or holding a nested list), as upstream lays them out.
        const apart = list.loose || items.some((inner) => inner.length > 1);
        items.forEach((inner, i) => {
          if (i > 0 && apart) out.push([...indent]);
          out.push(...inner);
        });
        break;
      }
      case 'table':
        out.push(...tableLines(t as Tokens.Table, indent));
        break;
      case 'hr':
        out.push([...indent, { text: '———' }]);
        break;
      case 'html':
      default:
        for (const l of t.raw.replace(/\n+$/, '').split('\n')) out.push(...wrapSpans([{ text: l }], width, indent));
    }
  }
}

/**
 * A table as upstream draws it, without borders: each column as wide as its widest cell plus a space
 * either side, two spaces between columns, the header bold across the whole row, a heavy dim rule
 * under it and a light one between body rows; cells aligned as the separator row says.
 */
function tableLines(t: Tokens.Table, indent: Span[]): Span[][] {
  const text = (cell: Tokens.TableCell) => inline(cell.tokens).map((sp) => sp.text).join('');
  const widths = t.header.map((h, c) => Math.max(3, widthOf(text(h)), ...t.rows.map((r) => (r[c] ? widthOf(text(r[c])) : 0))) + 2);
  const place = (cell: Tokens.TableCell | undefined, c: number): Span[] => {
    const spans = cell ? inline(cell.tokens) : [];
    const room = widths[c] - 2 - (cell ? widthOf(text(cell)) : 0);
    const align = t.align[c];
    const left = align === 'right' ? room : align === 'center' ? Math.floor(room / 2) : 0;
    return [{ text: ' '.repeat(1 + left) }, ...spans, { text: ' '.repeat(1 + room - left) }];
  };
  const row = (cells: Array<Tokens.TableCell | undefined>, style?: Style): Span[] =>
    widths.flatMap((_, c) => [...(c ? [{ text: '  ' }] : []), ...place(cells[c], c)]).map((sp) => (style ? { ...sp, style: { ...style, ...sp.style } } : sp));
  const rule = (ch: string): Span[] => [...indent, { text: widths.map((w) => ch.repeat(w)).join('  '), style: { dim: true } }];
  const out: Span[][] = [styledLine([...indent, ...row(t.header, TABLE_HEAD), { text: ' '.repeat(1000), style: TABLE_HEAD }], TABLE_HEAD), rule('━')];
  t.rows.forEach((r, i) => {
    if (i) out.push(rule('─'));
    out.push([...indent, ...row(r)]);
  });
  return out;
}

/** Markdown → screen lines of at most `width` cells. */
/** The most of one message laid out: beyond it, only its end (what the screen shows first). */
export const MAX_LAID_OUT_CHARS = 128 * 1024;

/**
 * The end of a message too long to lay out whole: the last MAX_LAID_OUT_CHARS, starting at a block
 * (blank line) or at least a line, a code fence reopened when the cut falls inside one; and how much
 * was left out. The rest of a message this size is not drawn, so a frame never costs more than this.
 */
export function markdownTail(text: string): { text: string; omitted: number } {
  if (text.length <= MAX_LAID_OUT_CHARS) return { text, omitted: 0 };
  let from = text.length - MAX_LAID_OUT_CHARS;
  const block = text.indexOf('\n\n', from);
  const line = text.indexOf('\n', from);
  if (block >= 0 && block - from < MAX_LAID_OUT_CHARS / 2) from = block + 2;
  else if (line >= 0 && line - from < MAX_LAID_OUT_CHARS / 2) from = line + 1;
  let fences = 0;
  for (let i = text.indexOf('```'); i >= 0 && i < from; i = text.indexOf('```', i + 3)) if (i === 0 || text[i - 1] === '\n') fences++;
  return { text: (fences % 2 ? '```\n' : '') + text.slice(from), omitted: from };
}

/** `theme`: the syntax theme fenced code is coloured in. */
export function renderMarkdown(text: string, width: number, theme: string = DEFAULT_THEME): Span[][] {
  const out: Span[][] = [];
  const tail = markdownTail(text);
  if (tail.omitted) out.push([{ text: `… ${tail.omitted.toLocaleString('en-US')} earlier characters of this message not shown`, style: { dim: true } }], []);
  blocks(new Lexer({ gfm: true }).lex(tail.text), Math.max(8, width), [], out, theme);
  return out.length ? out : [[]];
}
