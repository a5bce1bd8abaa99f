// The agent's Markdown as styled screen lines: paragraphs and list items word-wrapped to the
// width, **bold**, *italic*, `code` and links styled, headings bold, fenced code kept line for line,
// quotes marked. Parsing is marked's lexer; the layout is ours.
import { Lexer, type Token, type Tokens } from 'marked';
import { widthOf, type Span, type Style } from './screen/canvas.ts';

const CODE: Style = { fg: 6 };
const QUOTE: Style = { fg: 2 };

/** Inline tokens → spans; a line break inside is kept as '\n' in the text. */
function inline(tokens: Token[] | undefined, style: Style = {}): Span[] {
  const out: Span[] = [];
  for (const t of tokens ?? []) {
    switch (t.type) {
      case 'strong':
        out.push(...inline((t as Tokens.Strong).tokens, { ...style, bold: true }));
        break;
      case 'em':
        out.push(...inline((t as Tokens.Em).tokens, { ...style, italic: true }));
        break;
      case 'del':
        out.push(...inline((t as Tokens.Del).tokens, { ...style, dim: true }));
        break;
      case 'codespan':
        out.push({ text: decode((t as Tokens.Codespan).text), style: { ...style, ...CODE } });
        break;
      case 'link': {
        const l = t as Tokens.Link;
        const label = inline(l.tokens, { ...style, underline: true });
        out.push(...label);
        const text = label.map((s) => s.text).join('');
        if (l.href && l.href !== text && !l.href.startsWith('#')) out.push({ text: ` (${l.href})`, style: { ...style, dim: true } });
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
function blocks(tokens: Token[], width: number, indent: Span[], out: Span[][], tight = false): void {
  let firstBlock = true;
  for (const t of tokens) {
    if (t.type === 'space') continue;
    if (!firstBlock && !tight) out.push([...indent]);
    firstBlock = false;
    switch (t.type) {
      case 'paragraph':
      case 'text':
        out.push(...wrapSpans(inline((t as Tokens.Paragraph).tokens ?? [{ type: 'text', raw: t.raw, text: t.raw } as Token]), width, indent));
        break;
      case 'heading':
        out.push(...wrapSpans(inline((t as Tokens.Heading).tokens, { bold: true }), width, indent));
        break;
      case 'code':
        for (const l of (t as Tokens.Code).text.split('\n')) out.push([...indent, { text: l, style: CODE }]);
        break;
      case 'blockquote': {
        const inner: Span[][] = [];
        blocks((t as Tokens.Blockquote).tokens, width, [...indent, { text: '▌ ', style: QUOTE }], inner);
        out.push(...inner);
        break;
      }
      case 'list': {
        const list = t as Tokens.List;
        list.items.forEach((item, i) => {
          const marker = list.ordered ? `${Number(list.start || 1) + i}. ` : '- ';
          const pad = ' '.repeat(widthOf(marker));
          const inner: Span[][] = [];
          blocks(item.tokens, width, [...indent, { text: pad }], inner, !list.loose);
          // The marker takes the place of the first line's padding.
          if (inner.length) inner[0] = [...indent, { text: marker, style: { dim: !list.ordered } }, ...inner[0].slice(indent.length + 1)];
          if (list.loose && i > 0) out.push([...indent]);
          out.push(...inner);
        });
        break;
      }
      case 'hr':
        out.push([...indent, { text: '─'.repeat(Math.max(1, Math.min(width - widthOf(indent.map((s) => s.text).join('')), 40))), style: { dim: true } }]);
        break;
      case 'table':
      case 'html':
      default:
        for (const l of t.raw.replace(/\n+$/, '').split('\n')) out.push(...wrapSpans([{ text: l }], width, indent));
    }
  }
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

export function renderMarkdown(text: string, width: number): Span[][] {
  const out: Span[][] = [];
  const tail = markdownTail(text);
  if (tail.omitted) out.push([{ text: `… ${tail.omitted.toLocaleString('en-US')} earlier characters of this message not shown`, style: { dim: true } }], []);
  blocks(new Lexer({ gfm: true }).lex(tail.text), Math.max(8, width), [], out);
  return out.length ? out : [[]];
}
