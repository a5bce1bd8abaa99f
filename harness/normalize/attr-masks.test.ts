import { describe, expect, it } from 'vitest';
import type { Cell, Frame } from '../frames/screen.ts';
import { maskFrameAttrs } from './attr-masks.ts';

const cell = (ch: string, fg: string): Cell => ({ ch, width: 1, fg, bg: 'default', bold: false, dim: false, italic: false, underline: false, inverse: false });
const frameOf = (rows: Array<[string, string]>): Frame => ({
  name: 't',
  tMs: 0,
  cols: 40,
  rows: rows.length,
  altScreen: true,
  cursor: { x: 0, y: 0, visible: true },
  cells: rows.map(([text, fg]) => [...text.padEnd(40)].map((ch) => cell(ch, fg))),
});

describe('attribute masks', () => {
  it('strip the colour of the footer thread title and nothing else on the row', () => {
    const frame = frameOf([['  GPT-5.5 default · ~/ws · Greeting', '#f2cdcd']]);
    const row = maskFrameAttrs(frame).cells[0];
    const title = '  GPT-5.5 default · ~/ws · '.length;
    expect(row.slice(title, title + 'Greeting'.length).every((c) => c.fg === 'masked')).toBe(true);
    expect(row.slice(0, title).every((c) => c.fg === '#f2cdcd')).toBe(true);
    expect(row.map((c) => c.ch).join('').trimEnd()).toBe('  GPT-5.5 default · ~/ws · Greeting');
  });

  it('strip it after the absolute folder a --remote TUI shows', () => {
    const text = '  GPT-5.5 default · /home/lab/ws · Greeting';
    const row = maskFrameAttrs({ ...frameOf([[text, '#f2cdcd']]), cols: 60, cells: [[...text.padEnd(60)].map((ch) => cell(ch, '#f2cdcd'))] }).cells[0];
    const title = text.indexOf('Greeting');
    expect(row.slice(title, title + 'Greeting'.length).every((c) => c.fg === 'masked')).toBe(true);
    expect(row.slice(0, title).every((c) => c.fg === '#f2cdcd')).toBe(true);
  });

  it('leave rows without a match untouched', () => {
    const frame = frameOf([['  GPT-5.5 default · ~/ws', 'p1']]);
    expect(maskFrameAttrs(frame).cells[0]).toBe(frame.cells[0]);
  });
});
