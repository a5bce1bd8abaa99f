import { describe, expect, it } from 'vitest';
import { Screen, type Frame } from './screen.ts';
import { DEFAULT_STYLE, frameAttrs, frameText, parseSerialized, serializeFrame } from './serialize.ts';
import { textToCells } from './width.ts';

async function frameOf(ansi: string, cols = 16, rows = 4): Promise<Frame> {
  const screen = new Screen(cols, rows);
  await screen.write(ansi);
  return screen.snapshot('f', 0);
}

describe('frameText', () => {
  it('gives one right-trimmed string per row, skipping wide-char trailing halves', async () => {
    const f = await frameOf('hello   \r\n日本 ok\r\n');
    expect(frameText(f)).toEqual(['hello', '日本 ok', '', '']);
  });
});

describe('frameAttrs', () => {
  it("marks default cells '.', lettering other styles in order of first appearance, top-down", async () => {
    const f = await frameOf('\x1b[1;31mAB\x1b[0m c\r\n\x1b[38;5;208mo\x1b[1;31mR\x1b[0m\r\n\x1b[7m  \x1b[0m');
    const { rows, legend } = frameAttrs(f);
    expect(rows).toEqual(['aa', 'ba', 'cc', '']);
    expect(legend).toEqual({
      a: 'fg=p1 bg=default bold',
      b: 'fg=p208 bg=default',
      c: 'fg=default bg=default inverse',
    });
  });

  it('has one attribute column per screen column, wide chars included', async () => {
    const f = await frameOf('\x1b[32m日x\x1b[0m');
    expect(frameAttrs(f).rows[0]).toBe('aaa');
  });

  it('is the same for the same screen, whatever was drawn before it', async () => {
    const a = await frameOf('\x1b[2J\x1b[H\x1b[3mi\x1b[0m \x1b[4mu\x1b[0m');
    const b = await frameOf('\x1b[4mjunk\x1b[0m\x1b[2J\x1b[H\x1b[3mi\x1b[0m \x1b[4mu\x1b[0m');
    expect(serializeFrame(a).attrs).toBe(serializeFrame(b).attrs);
  });
});

describe('serializeFrame / parseSerialized', () => {
  it('writes text, attrs (legend, separator, rows) and meta', async () => {
    const f = await frameOf('\x1b[1mhi\x1b[0m there\x1b[?25l', 12, 2);
    const s = serializeFrame(f);
    expect(s.text).toBe('hi there\n');
    expect(s.attrs).toBe('a fg=default bg=default bold\n--\naa\n');
    expect(s.meta).toEqual({ cols: 12, rows: 2, altScreen: false, cursor: { x: 8, y: 0, visible: false } });
  });

  it('reads back per-cell characters and resolved styles on the full grid', async () => {
    const f = await frameOf('\x1b[35m日\x1b[0mz', 5, 2);
    const p = parseSerialized(serializeFrame(f));
    expect([p.cols, p.rows]).toEqual([5, 2]);
    expect(p.text[0]).toEqual(['日', '', 'z', ' ', ' ']);
    expect(p.styles[0]).toEqual(['fg=p5 bg=default', 'fg=p5 bg=default', DEFAULT_STYLE, DEFAULT_STYLE, DEFAULT_STYLE]);
    expect(p.text[1]).toEqual([' ', ' ', ' ', ' ', ' ']);
  });

  it('rejects an attrs layer whose letters the legend does not explain', () => {
    expect(() => parseSerialized({ text: 'x', attrs: 'a fg=p1 bg=default\n--\nab' })).toThrow(/legend lacks/);
  });
});

describe('textToCells (column widths as the emulator sees them)', () => {
  it('agrees with xterm on wide, narrow, emoji and combining characters', async () => {
    const sample = '日한Ａ😀✓─e\u0301〿⚡❯•ab';
    const f = await frameOf(sample, 30, 1);
    expect(textToCells(sample)).toEqual(f.cells[0].slice(0, textToCells(sample).length).map((c) => c.ch));
  });
});
