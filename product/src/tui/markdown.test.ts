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

describe('Markdown answers, as upstream 0.171.0 lays them out', () => {
  it("style emphasis, code and links inline in its theme's colours, the address after the label", () => {
    const [line] = renderMarkdown('Run **npm test** with `--watch`, see [docs](https://x.dev).', 80);
    expect(line.find((s) => s.text === 'npm test')?.style).toMatchObject({ fg: '#f38ba8', bold: true });
    expect(line.find((s) => s.text === '--watch')?.style).toMatchObject({ fg: '#a6e3a1' });
    expect(line.find((s) => s.text === 'https://x.dev')?.style).toMatchObject({ fg: '#89b4fa', underline: true });
    expect(text([line])[0]).toBe('Run npm test with --watch, see docs (https://x.dev).');
  });
  it('keep the # marks of headings, and lay out lists, code blocks, quotes and rules', () => {
    const md = ['# Plan', '', '1. first step', '2. second', '', '- a', '  - nested', '', '```sh', 'npm ci', '```', '', '> note', '', '---', '', 'end'].join('\n');
    expect(text(renderMarkdown(md, 40))).toEqual(['# Plan', '', '1. first step', '2. second', '', '• a', '    • nested', '', 'npm ci', '', '> note', '', '———', '', 'end']);
  });
  it('right-align numbers and indent nested lists four columns per level, a blank line after a nested list', () => {
    const md = ['1. First', '   - nested a', '   - nested b', '2. Second'].join('\n');
    expect(text(renderMarkdown(md, 40))).toEqual(['1. First', '    • nested a', '    • nested b', '', '2. Second']);
  });
  it('wraps list items under their text', () => {
    expect(text(renderMarkdown('- alpha beta gamma delta', 14))).toEqual(['• alpha beta', '  gamma delta']);
  });
  it('set every item of a list apart once one of them takes more than one line at the width, as upstream does', () => {
    const md = ['- one', '- two', '- alpha beta gamma delta', '- four'].join('\n');
    // Wider, no item wraps: the list stays tight.
    expect(text(renderMarkdown(md, 40))).toEqual(['• one', '• two', '• alpha beta gamma delta', '• four']);
    expect(text(renderMarkdown(md, 14))).toEqual(['• one', '', '• two', '', '• alpha beta', '  gamma delta', '', '• four']);
    // A nested list makes its item two lines; the nested list itself stays tight.
    expect(text(renderMarkdown(['- a', '- b', '  - c', '  - d', '- e'].join('\n'), 40))).toEqual(['• a', '', '• b', '    • c', '    • d', '', '• e']);
  });
  it('draws a table without borders: the header over a heavy rule, light rules between rows, cells aligned', () => {
    const lines = renderMarkdown('| Name | Size |\n|------|-----:|\n| a.txt | 12 |\n| b.md | 3 |', 80);
    expect(text(lines).map((l) => l.trimEnd())).toEqual([' Name     Size', '━━━━━━━  ━━━━━━', ' a.txt      12', '───────  ──────', ' b.md        3']);
    expect(lines[0][1].style).toMatchObject({ fg: '#f9e2af', bold: true });
  });
});
