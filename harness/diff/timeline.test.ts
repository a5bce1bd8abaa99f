import { describe, expect, it } from 'vitest';
import type { Timeline } from '../capture/timeline.ts';
import { compareTimelines, cyclicSubsequence } from './timeline.ts';

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

  it('accepts a cycle with states left out only from a target that went >100 ms without drawing (it skipped them itself)', () => {
    const pulse = ['80', '8a', 'ca', 'f2', 'ca', '8a'];
    const g = { ...golden, animated: [{ cols: '0', cycle: pulse }] };
    const skipped = { ...g, animated: [{ cols: '0', cycle: ['80', '8a', 'ca', '8a'] }] };
    expect(compareTimelines([g], [{ ...skipped, stalled_ms: 40 }]).pass).toBe(false);
    const r = compareTimelines([g], [{ ...skipped, stalled_ms: 180 }]);
    expect(r).toMatchObject({ pass: true, score: 1 });
    expect(r.detail).toContain('went 180 ms without drawing');
    // Never an added or reordered state, stalled or not.
    expect(compareTimelines([g], [{ ...g, animated: [{ cols: '0', cycle: ['80', 'ff', 'ca'] }], stalled_ms: 180 }]).pass).toBe(false);
  });
});

describe('cyclicSubsequence', () => {
  it('finds the states in the same cyclic order, wherever the cycle starts', () => {
    expect(cyclicSubsequence(['c', 'a'], ['a', 'b', 'c'])).toBe(true);
    expect(cyclicSubsequence(['b', 'a', 'c', 'a'], ['a', 'b', 'c'])).toBe(false);
    expect(cyclicSubsequence(['a', 'c', 'b'], ['a', 'b', 'c', 'd'])).toBe(false);
  });
});
