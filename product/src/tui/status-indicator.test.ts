import { beforeEach, describe, expect, it } from 'vitest';
import { elapsedLabel, resetShimmerClock, shimmerColours, statusIndicatorSpans, statusShown } from './status-indicator.ts';

describe('the status row while a turn runs', () => {
  beforeEach(() => resetShimmerClock());

  it('pulses the dot from grey toward white and back once every two seconds, in ~95 ms steps (upstream greys)', () => {
    const t0 = 1_000_000;
    shimmerColours(1, t0);
    const greys = Array.from({ length: 21 }, (_, k) => shimmerColours(1, t0 + k * (2000 / 21) + 1)[0]);
    // Five cells of band each side of the dot: rest, then up to 90% of white at the centre, then down.
    expect(greys).toEqual([
      ...Array(6).fill('#808080'),
      '#8a8a8a', '#a7a7a7', '#cacaca', '#e7e7e7', '#f2f2f2', '#e7e7e7', '#cacaca', '#a7a7a7', '#8a8a8a',
      ...Array(6).fill('#808080'),
    ]);
    expect(shimmerColours(1, t0 + 2000 + 10 * (2000 / 21) + 1)).toEqual(['#f2f2f2']);
  });

  it('clocks the sweep from the first shimmer drawn, so every turn of a run moves in phase', () => {
    shimmerColours(1, 5_000);
    expect(shimmerColours(1, 5_000 + 1000)).toEqual(['#f2f2f2']);
    resetShimmerClock();
    expect(shimmerColours(1, 6_000)).toEqual(['#808080']);
  });

  it('shades a longer text cell by cell as the band passes', () => {
    const at = (ms: number) => shimmerColours(7, 1 + ms);
    shimmerColours(7, 1);
    // The band's centre on the first character: it is brightest, the next ones fade.
    const c = at((10 / 27) * 2000 + 1);
    expect(c[0]).toBe('#f2f2f2');
    expect(c[1]).toBe('#e7e7e7');
    expect(c[6]).toBe('#808080');
  });

  it('spells the row as upstream: dot, Working dim, elapsed and "esc to interrupt" dim with esc bold', () => {
    const spans = statusIndicatorSpans(0, 12_345);
    expect(spans.map((s) => s.text).join('')).toBe('• Working (12s • esc to interrupt)');
    expect(spans[0].style).toMatchObject({ bold: true });
    expect(spans.find((s) => s.text === 'Working')?.style).toEqual({ dim: true });
    expect(spans.find((s) => s.text === 'esc')?.style).toEqual({ bold: true });
  });

  it('formats the elapsed time in seconds, then minutes and hours', () => {
    expect(elapsedLabel(999)).toBe('0s');
    expect(elapsedLabel(65_000)).toBe('1m 05s');
    expect(elapsedLabel(3_723_000)).toBe('1h 02m 03s');
  });

  it('shows while a turn runs, and goes while an answer streams in (as upstream takes it away)', () => {
    expect(statusShown({ runningSince: null, cells: [] })).toBe(false);
    expect(statusShown({ runningSince: 5, cells: [{ kind: 'user' }] })).toBe(true);
    expect(statusShown({ runningSince: 5, cells: [{ kind: 'user' }, { kind: 'agent', streaming: true }] })).toBe(false);
    expect(statusShown({ runningSince: 5, cells: [{ kind: 'agent' }, { kind: 'command' }] })).toBe(true);
  });
});
