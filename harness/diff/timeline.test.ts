import { describe, expect, it } from 'vitest';
import type { Timeline } from '../capture/timeline.ts';
import { compareTimelines } from './timeline.ts';

const golden: Timeline = {
  name: 'working',
  row_match: 'esc to interrupt',
  rows: [{ row: 23, text: '• Working (<n>s • esc to interrupt)' }],
  attrs: '~.aaaaaaa.aaaaaabbb',
  legend: { a: 'fg=default bg=default dim', b: 'fg=default bg=default bold' },
  animated: [{ cols: '0', cycle: ['fg=#808080 bg=default bold', 'fg=#f2f2f2 bg=default bold'] }],
  elapsed: { steps: [1] },
  title_spinner: ['⠋', '⠙'],
  text_arrives: [],
  full_clears: 0,
  lines_written_twice: 0,
};

describe('compareTimelines', () => {
  it('passes a timeline equal to the golden, even with its style letters assigned the other way round', () => {
    const relettered = { ...golden, attrs: '~.bbbbbbb.bbbbbbaaa', legend: { a: golden.legend.b, b: golden.legend.a } };
    expect(compareTimelines([golden], [relettered])).toMatchObject({ component: 'timelines', pass: true, score: 1, detail: '' });
  });

  it('names each field that differs, golden beside target, and scores the share that matches', () => {
    const moved = { ...golden, rows: [{ row: 25, text: golden.rows[0].text }], animated: [], full_clears: 2 };
    const r = compareTimelines([golden], [moved]);
    expect(r.pass).toBe(false);
    expect(r.score).toBeCloseTo(5 / 8);
    expect(r.detail).toContain('timeline working rows:\n  golden [{"row":23');
    expect(r.detail).toContain('target [{"row":25');
    expect(r.detail).toContain('timeline working animated:');
    expect(r.detail).toContain('timeline working full_clears:\n  golden 0\n  target 2');
  });

  it('shows static style differences column by column', () => {
    const bold = { ...golden, attrs: '~.bbbbbbb.aaaaaabbb' };
    expect(compareTimelines([golden], [bold]).detail).toContain('col 2: golden fg=default bg=default dim, target fg=default bg=default bold');
  });

  it('fails a window the target did not sample, and one only the target sampled', () => {
    expect(compareTimelines([golden], []).detail).toBe('timeline working: not sampled by the target');
    expect(compareTimelines([], [golden]).pass).toBe(false);
  });
});
