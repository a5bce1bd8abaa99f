import { describe, expect, it } from 'vitest';
import { renderMarkdown, wrapSpans } from './markdown.ts';
import type { Span } from './screen/canvas.ts';

const text = (lines: Span[][]) => lines.map((l) => l.map((s) => s.text).join(''));

describe('word wrapping styled text', () => {
  it('breaks between words at the width, with prefixes', () => {
    expect(text(wrapSpans([{ text: 'one two three four' }], 9, [{ text: '• ' }], [{ text: '  ' }]))).toEqual(['• one two', '  three', '  four']);
  });
  it('cuts a word longer than a line and keeps line breaks', () => {
    expect(text(wrapSpans([{ text: 'abcdefghij\nxy' }], 4))).toEqual(['abcd', 'efgh', 'ij', 'xy']);
  });
  it('wraps plain prose exactly as the answers in upstream’s frames', () => {
    const answer = 'This is a streamed answer from the mock server, chunk by chunk, long enough to wrap at eighty columns.';
    expect(text(wrapSpans([{ text: answer }], 80, [{ text: '• ' }], [{ text: '  ' }]))).toEqual([
      '• This is a streamed answer from the mock server, chunk by chunk, long enough to',
      '  wrap at eighty columns.',
    ]);
  });
});

describe('Markdown answers', () => {
  it('style emphasis, code and links inline', () => {
    const [line] = renderMarkdown('Run **npm test** with `--watch`, see [docs](https://x.dev).', 80);
    expect(line.find((s) => s.text === 'npm test')?.style).toMatchObject({ bold: true });
    expect(line.find((s) => s.text === '--watch')?.style).toMatchObject({ fg: 6 });
    expect(text([line])[0]).toBe('Run npm test with --watch, see docs (https://x.dev).');
  });
  it('lay out headings, lists, code blocks and quotes', () => {
    const md = ['# Plan', '', '1. first step', '2. second', '', '- a', '  - nested', '', '```sh', 'npm ci', '```', '', '> note'].join('\n');
    expect(text(renderMarkdown(md, 40))).toEqual(['Plan', '', '1. first step', '2. second', '', '- a', '  - nested', '', 'npm ci', '', '▌ note']);
  });
  it('wraps list items under their text', () => {
    expect(text(renderMarkdown('- alpha beta gamma delta', 14))).toEqual(['- alpha beta', '  gamma delta']);
  });
});
