import { describe, expect, it } from 'vitest';
import { cellDiff, colourCss, paletteHex, resolveStyle, TERM_BG, TERM_FG, toGrid } from './cells.ts';
import { brokenAnswer, goldenFrames, makeFrame } from './test-fixtures.ts';

describe('palette', () => {
  it('maps the standard, cube and grey ramp indices like xterm', () => {
    expect([0, 1, 9, 15, 16, 75, 208, 231, 232, 244, 255].map(paletteHex)).toEqual([
      '#000000', '#cd0000', '#ff0000', '#ffffff', '#000000', '#5fafff', '#ff8700', '#ffffff', '#080808', '#808080', '#eeeeee',
    ]);
    expect(paletteHex(256)).toBeNull();
    expect(colourCss('#ABDFA7')).toBe('#abdfa7');
    expect(colourCss('default')).toBeNull();
  });

  it('resolves a style key to colours and flags, swapping for inverse', () => {
    expect(resolveStyle('fg=p1 bg=#444444 bold dim italic underline')).toMatchObject({ fg: '#cd0000', bg: '#444444', bold: true, dim: true, italic: true, underline: true });
    expect(resolveStyle('fg=default bg=default inverse')).toMatchObject({ fg: TERM_BG, bg: TERM_FG });
    expect(resolveStyle('fg=masked bg=default').masked).toBe(true);
  });
});

describe('cellDiff', () => {
  it('finds nothing between a frame and itself', () => {
    const d = cellDiff(goldenFrames.answer, goldenFrames.answer);
    expect(d.cells).toEqual([]);
    expect(d.cursor.drift).toBe(false);
  });

  it('tells text, style, shifted rows and cursor drift apart', () => {
    const d = cellDiff(goldenFrames.answer, brokenAnswer);
    const at = (x: number, y: number) => d.cells.find((c) => c.x === x && c.y === y);
    expect(at(6, 2)).toMatchObject({ kind: 'text', golden: { ch: 'o' }, actual: { ch: 'x' } });
    expect(at(0, 2)).toMatchObject({ kind: 'style', golden: { style: 'fg=p2 bg=default' }, actual: { style: 'fg=p1 bg=default' } });
    // 'second line' moved from row 3 to row 4: row 4 is a shift, row 3 (now blank) is lost text.
    expect(d.shifted).toEqual([{ row: 4, from: 3, by: 1 }]);
    expect(at(4, 4)?.kind).toBe('shift');
    expect(at(4, 3)?.kind).toBe('text');
    expect(d.cursor).toEqual({ golden: { x: 2, y: 0, visible: true }, actual: { x: 5, y: 1, visible: true }, drift: true });
    expect(d.counts.text + d.counts.style + d.counts.both + d.counts.shift).toBe(d.cells.length);
  });

  it('counts a cell whose text and style both changed once, as both', () => {
    const a = makeFrame('x', ['ab'], []);
    const b = makeFrame('x', ['aB'], [{ row: 0, from: 1, to: 1, style: { bold: true } }]);
    expect(cellDiff(a, b).cells).toEqual([{ x: 1, y: 0, kind: 'both', golden: { ch: 'b', style: 'fg=default bg=default' }, actual: { ch: 'B', style: 'fg=default bg=default bold' } }]);
  });

  it('still compares the text of a frame whose attribute layer is unreadable', () => {
    const g = toGrid({ text: 'hi', attrs: 'garbage' });
    expect(g.problem).toMatch(/no "--" line/);
    expect(cellDiff({ text: 'hi', attrs: 'garbage' }, { text: 'ho', attrs: '--' }).cells.map((c) => c.kind)).toEqual(['text']);
  });
});
