// A grapheme's width in cells is string-width's, whichever path measures it.
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { cellWidth, graphemes, widthOf } from './canvas.ts';

describe('cellWidth', () => {
  it('agrees with string-width on every single code point of the BMP and the emoji planes', () => {
    const differ: string[] = [];
    const ranges: Array<[number, number]> = [[0x20, 0xd7ff], [0xe000, 0xffff], [0x1f000, 0x1faff], [0x20000, 0x2000f]];
    for (const [from, to] of ranges) {
      for (let cp = from; cp <= to; cp++) {
        const ch = String.fromCodePoint(cp);
        if ([...graphemes(ch)].length !== 1) continue;
        if (cellWidth(ch) !== stringWidth(ch)) differ.push(cp.toString(16));
      }
    }
    expect(differ).toEqual([]);
  });

  it('measures clusters (emoji sequences, flags, combining marks) as string-width does', () => {
    for (const text of ['👍🏽', '👨‍👩‍👧', '🇫🇷', 'é', '1️⃣', '☀️', '☀', 'ｱﾞ', '한', '\u200b']) {
      for (const g of graphemes(text)) expect(cellWidth(g), JSON.stringify(g)).toBe(stringWidth(g));
    }
  });

  it('gives a string the sum of its graphemes, ASCII or not', () => {
    for (const text of ['', 'plain ascii', '› Ask Codex · ~/ws', '日本語のテキスト', 'mixed 👍🏽 and 🇫🇷 ok', 'tab\tinside']) expect(widthOf(text), text).toBe(stringWidth(text));
  });
});
