import { describe, expect, it } from 'vitest';
import { computeStats, formatStats, type StatsRow } from './stats.ts';

const utcDay = (d: Date) => d.toISOString().slice(0, 10);
const rows: StatsRow[] = [
  { id: 'a', cwd: '/repo/one', model: 'gpt-5.5', createdAt: '2026-11-23T10:00:00Z', size: 1_000, totalTokens: 500 },
  { id: 'b', cwd: '/repo/one', model: 'gpt-5.5', createdAt: '2026-11-23T22:00:00Z', size: 4_000, totalTokens: 1_500 },
  { id: 'c', cwd: '/repo/two', model: 'gpt-5', createdAt: '2026-11-24T01:00:00Z', size: 9_000, totalTokens: 100 },
  { id: 'd', cwd: null, model: null, createdAt: Date.parse('2026-11-22T12:00:00Z'), size: 2_000, totalTokens: null },
];

describe('computeStats', () => {
  const stats = computeStats(rows, { dayOf: utcDay });

  it('totals sessions, bytes and tokens', () => {
    expect([stats.sessions, stats.bytes, stats.tokens]).toEqual([4, 16_000, 2_100]);
  });

  it('groups by day, oldest first', () => {
    expect(stats.byDay).toEqual([
      { key: '2026-11-22', sessions: 1, bytes: 2_000, tokens: 0 },
      { key: '2026-11-23', sessions: 2, bytes: 5_000, tokens: 2_000 },
      { key: '2026-11-24', sessions: 1, bytes: 9_000, tokens: 100 },
    ]);
  });

  it('groups by model and by directory, most tokens first, unknowns named', () => {
    expect(stats.byModel.map((g) => [g.key, g.sessions, g.tokens])).toEqual([
      ['gpt-5.5', 2, 2_000],
      ['gpt-5', 1, 100],
      ['(unknown)', 1, 0],
    ]);
    expect(stats.byCwd.map((g) => [g.key, g.sessions, g.bytes])).toEqual([
      ['/repo/one', 2, 5_000],
      ['/repo/two', 1, 9_000],
      ['(unknown)', 1, 2_000],
    ]);
  });

  it('lists the largest sessions, at most ten', () => {
    expect(stats.largest.map((r) => r.id)).toEqual(['c', 'b', 'd', 'a']);
    const many = Array.from({ length: 25 }, (_, i) => ({ ...rows[0], id: `s${i}`, size: i }));
    expect(computeStats(many).largest.map((r) => r.size)).toEqual([24, 23, 22, 21, 20, 19, 18, 17, 16, 15]);
  });

  it('is empty for no sessions', () => {
    expect(computeStats([])).toEqual({ sessions: 0, bytes: 0, tokens: 0, byDay: [], byModel: [], byCwd: [], largest: [] });
  });
});

describe('formatStats', () => {
  it('prints a summary line and aligned tables', () => {
    const text = formatStats(computeStats(rows, { dayOf: utcDay }));
    expect(text.split('\n').slice(0, 6)).toEqual([
      '4 sessions, 16 KB, 2,100 tokens',
      '',
      'By day',
      'Day         Sessions    Size  Tokens',
      '2026-11-22         1  2.0 KB       0',
      '2026-11-23         2  4.9 KB   2,000',
    ]);
    expect(text).toContain('Largest sessions\nSession    Size  Tokens  Model      Directory\nc        8.8 KB     100  gpt-5      /repo/two');
  });
});
