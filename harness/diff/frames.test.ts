import { describe, expect, it } from 'vitest';
import { Screen } from '../frames/screen.ts';
import { serializeFrame } from '../frames/serialize.ts';
import { diffFrames } from './frames.ts';

async function files(ansi: string, cols = 10, rows = 4) {
  const screen = new Screen(cols, rows);
  await screen.write(ansi);
  return serializeFrame(screen.snapshot('f', 0));
}

describe('diffFrames', () => {
  it('scores identical frames 1.0 with an empty diff', async () => {
    const a = await files('\x1b[1mhello\x1b[0m\r\nworld');
    expect(diffFrames(a, a)).toEqual({ textMatch: 1, attrMatch: 1, textDiff: '' });
  });

  it('scores one changed character below 1 and names its row in the diff', async () => {
    const expected = await files('one\r\ntwo\r\nthree');
    const actual = await files('one\r\ntwo\r\nthrEe');
    const d = diffFrames(expected, actual);
    expect(d.textMatch).toBeCloseTo(1 - 1 / 40);
    expect(d.attrMatch).toBe(1);
    expect(d.textDiff).toContain('-row  3 |three');
    expect(d.textDiff).toContain('+row  3 |thrEe');
    expect(d.textDiff).toContain(' row  2 |two');
  });

  it('keeps text at 1 when only attributes change', async () => {
    const expected = await files('\x1b[31mred\x1b[0m text');
    const actual = await files('\x1b[32mred\x1b[0m text');
    const d = diffFrames(expected, actual);
    expect(d.textMatch).toBe(1);
    expect(d.textDiff).toBe('');
    expect(d.attrMatch).toBeCloseTo(1 - 3 / 40);
  });

  it('compares styles, not letters, so a different letter order is no difference', async () => {
    // Same cells, but the first style seen differs, so the letters swap.
    const expected = await files('\x1b[31mr\x1b[0m\r\n\x1b[32mg\x1b[0m');
    const actual = { ...expected, attrs: 'a fg=p2 bg=default\nb fg=p1 bg=default\n--\nb\na\n\n' };
    expect(expected.attrs).not.toBe(actual.attrs);
    expect(diffFrames(expected, actual).attrMatch).toBe(1);
  });

  it('aligns wide characters by column', async () => {
    const expected = await files('日本語');
    const actual = await files('日本x');
    const d = diffFrames(expected, actual);
    // 語 spans two columns; x fills one and leaves one blank.
    expect(d.textMatch).toBeCloseTo(1 - 2 / 40);
  });

  it('scores against the larger grid when sizes differ', async () => {
    const small = await files('hi', 10, 2);
    const large = await files('hi', 20, 4);
    const d = diffFrames(small, large);
    expect(d.textMatch).toBe(1); // outside the small frame, cells count as blank
    expect(d.textDiff).toContain('+row  4 |');
  });
});
