// A `sample` window as a timeline: what moved on screen (the watched status row, the window title's
// spinner) and how the program wrote it (full clears, lines written twice, frame cadence).
// Split in two: the Timeline is deterministic and goes to the golden; the cadence varies with load
// and goes to reference-captures/ and the report.
import type { SampleWindow } from '../drivers/tui-driver.ts';
import type { Cell, Frame } from '../frames/screen.ts';
import { DEFAULT_STYLE, styleKey } from '../frames/serialize.ts';
import { normalizeText, type NormalizeContext } from '../normalize/normalize.ts';
import { linesWrittenTwice } from './raw-counters.ts';

/** An animated run of cells: the columns, and the styles they go through in one period. */
export interface AnimatedCells {
  /** `0` or `2-8`. */
  cols: string;
  cycle: string[];
}

export interface Timeline {
  name: string;
  row_match: string;
  /** Distinct states of the watched row, in order: its screen row (null: not on screen) and text, elapsed time as `<n>s`. */
  rows: { row: number | null; text: string }[];
  /** The watched row's static styles, one char per cell (`.` default, `~` animated), and the legend of the letters. */
  attrs: string;
  legend: Record<string, string>;
  /** Cells whose style changes during the window, adjacent columns with the same cycle merged. */
  animated: AnimatedCells[];
  /**
   * The elapsed seconds on the row: the distinct steps between the values seen (`[1]`: it ticks one
   * second at a time). Not the first value: when the window opens after a wait, load moves it.
   */
  elapsed: { steps: number[] } | null;
  /**
   * The glyphs the window title's leading spinner showed, sorted. A set, not a cycle: a program
   * that draws only when text arrives (upstream while an answer streams) skips a glyph now and then.
   */
  title_spinner: string[];
  /**
   * How text arrived in the rows outside the watched one, from one screen state to the next: a row
   * `extended in place` (a partial line growing as deltas come) and/or `new rows` (a blank row
   * filled). Rows rewritten or blanked are left out: upstream blanks a finished line for one frame
   * before writing it committed, a moment's flicker whose frames a loaded machine may merge.
   */
  text_arrives: string[];
  /** Over the window's bytes: full-screen clears, and lines (outside the watched row) written again unchanged. */
  full_clears: number;
  lines_written_twice: number;
  /**
   * Measured, never in a golden: the longest the program went without writing in the window. Past
   * a state's length (~95 ms for the shimmer), the program itself skipped an animation state.
   */
  stalled_ms?: number;
}

/** The golden's part of a timeline (what repeat recordings must agree on). */
export function goldenTimeline(t: Timeline): Timeline {
  const { stalled_ms: _, ...rest } = t;
  return rest;
}

/** How the program paced its output in the window (varies run to run: never in a golden). */
export interface Cadence {
  windowMs: number;
  samples: number;
  /** The longest gap between two samples: a loaded machine shows here first. */
  maxSampleGapMs: number;
  /** Writes grouped into frames (writes closer than FRAME_GAP_MS are one frame). */
  frames: number;
  framesPerSec: number;
  medianFrameGapMs: number | null;
  /** Frames that changed something visible (text, style, erase), not only the cursor or the title. */
  visibleFrames: number;
  medianVisibleGapMs: number | null;
  /** How long each state of the watched row lasted, median (a sweep's step). */
  medianStateMs: number | null;
}

/** Writes this close together are parts of one frame. */
const FRAME_GAP_MS = 3;

const ELAPSED = /\b(?:(\d+)h )?(?:(\d+)m )?(\d+)s\b/;

function rowText(cells: Cell[]): string {
  return cells
    .filter((c) => c.width !== 0)
    .map((c) => c.ch || ' ')
    .join('')
    .trimEnd();
}

function findRow(frame: Frame, match: string): number | null {
  const y = frame.cells.findIndex((row) => rowText(row).includes(match));
  return y < 0 ? null : y;
}

function elapsedSeconds(text: string): number | null {
  const m = ELAPSED.exec(text);
  return m ? Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3]) : null;
}

const dedupe = <T>(xs: T[], same: (a: T, b: T) => boolean = (a, b) => a === b): T[] => xs.filter((x, i) => i === 0 || !same(xs[i - 1], x));

/**
 * The states of something periodic, sampled over at least one period, as one period in a canonical
 * rotation, so two windows that started at different phases give the same answer: consecutive
 * repeats merged, a closing state equal to the opening one dropped, the states past one period
 * folded (the shortest period the sequence agrees with where it overlaps itself), then rotated to
 * start at the lexicographically smallest rotation.
 */
export function canonicalCycle(states: string[]): string[] {
  let seq = dedupe(states);
  if (seq.length > 1 && seq[0] === seq[seq.length - 1]) seq = seq.slice(0, -1);
  const n = seq.length;
  // The shortest period the sequence agrees with wherever it overlaps itself: a window a little
  // longer than one period (a late sample stretches it) repeats its first states at its end.
  for (let p = 1; p < n; p++) {
    if (seq.every((s, i) => i + p >= n || s === seq[i + p])) {
      seq = seq.slice(0, p);
      break;
    }
  }
  let best = seq;
  for (let r = 1; r < seq.length; r++) {
    const rot = [...seq.slice(r), ...seq.slice(0, r)];
    if (rot.join('\n') < best.join('\n')) best = rot;
  }
  return best;
}

/** Is this burst of output more than cursor moves, mode switches and a title? */
export function isVisible(bytes: string): boolean {
  const rest = bytes
    .replace(/\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g, '') // OSC: titles, colour queries
    .replace(/\x1b\[\?[0-9;]*[hl]/g, '') // DEC modes: cursor visibility, synchronized update
    .replace(/\x1b\[[0-9;]*[HfABCDGd]/g, '') // cursor moves
    .replace(/\x1b\[[0-9;:]*m/g, ''); // SGR alone changes nothing on screen
  return rest.length > 0;
}

/** ESC[2J, or a home followed by erase-to-end (ESC[H ESC[J): the whole screen wiped. */
export function fullClears(raw: string): number {
  return (raw.match(/\x1b\[2J|\x1b\[(?:1;1)?H\x1b\[0?J/g) ?? []).length;
}

const median = (xs: number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

function colRange(from: number, to: number): string {
  return from === to ? String(from) : `${from}-${to}`;
}

/** The deterministic part of a sample window; text normalized like frames' text. */
export function timelineOf(w: SampleWindow, ctx?: NormalizeContext): Timeline {
  const norm = (s: string) => (ctx ? normalizeText(s, ctx) : s);
  // Every state the program showed (the screen after each write), not only the 50 ms samples: on a
  // loaded machine a sample can come late and miss a state that lasted 100 ms.
  const found = w.written.map((f) => ({ f, y: findRow(f, w.rowMatch) }));
  const rows = dedupe(
    found.map(({ f, y }) => ({ row: y, text: y === null ? '' : norm(rowText(f.cells[y])).replace(ELAPSED, '<n>s') })),
    (a, b) => a.row === b.row && a.text === b.text,
  );

  // Per column of the watched row, the styles it showed in each sample where the row was on screen.
  const shown = found.filter((x): x is { f: Frame; y: number } => x.y !== null);
  const width = Math.max(0, ...shown.map(({ f, y }) => rowText(f.cells[y]).length));
  const perCol: string[][] = Array.from({ length: width }, (_, x) => shown.map(({ f, y }) => styleKey(f.cells[y][x])));
  const isAnimated = perCol.map((styles) => new Set(styles).size > 1);
  const legend: Record<string, string> = {};
  const letters = new Map<string, string>();
  const attrs = perCol
    .map((styles, x) => {
      if (isAnimated[x]) return '~';
      const key = styles[0] ?? DEFAULT_STYLE;
      if (key === DEFAULT_STYLE) return '.';
      if (!letters.has(key)) {
        const l = String.fromCharCode(97 + letters.size);
        letters.set(key, l);
        legend[l] = key;
      }
      return letters.get(key)!;
    })
    .join('');
  const animated: AnimatedCells[] = [];
  for (let x = 0; x < width; x++) {
    if (!isAnimated[x]) continue;
    const cycle = canonicalCycle(perCol[x]);
    const last = animated.at(-1);
    const lastTo = last ? Number(last.cols.split('-').at(-1)) : -2;
    if (last && lastTo === x - 1 && last.cycle.join('\n') === cycle.join('\n')) last.cols = colRange(Number(last.cols.split('-')[0]), x);
    else animated.push({ cols: String(x), cycle });
  }

  const seconds = dedupe(shown.map(({ f, y }) => elapsedSeconds(rowText(f.cells[y]))).filter((s): s is number => s !== null));
  const steps = [...new Set(seconds.slice(1).map((s, i) => s - seconds[i]))].sort((a, b) => a - b);
  const spinner = dedupe(w.titlesSet).map((t) => /^[\u2800-\u28ff]/u.exec(t)?.[0]).filter((g): g is string => g !== undefined);
  const watched = new Set(shown.map(({ y }) => y));
  const arrives = new Set<string>();
  for (let i = 1; i < w.written.length; i++) {
    const before = w.written[i - 1].cells.map(rowText);
    const after = w.written[i].cells.map(rowText);
    after.forEach((text, y) => {
      if (watched.has(y) || text === before[y] || !text.trim()) return;
      if (!before[y]?.trim()) arrives.add('new rows');
      else if (text.startsWith(before[y])) arrives.add('extended in place');
    });
  }
  return {
    name: w.name,
    row_match: w.rowMatch,
    rows,
    attrs,
    legend,
    animated,
    elapsed: seconds.length ? { steps } : null,
    title_spinner: [...new Set(spinner)].sort(),
    text_arrives: [...arrives].sort(),
    full_clears: fullClears(w.raw),
    lines_written_twice: linesWrittenTwice(w.raw, watched),
    stalled_ms: Math.round(Math.max(0, ...[0, ...w.writes.map((x) => x.tMs), w.endMs - w.startMs].map((t, i, ts) => (i ? t - ts[i - 1] : 0)))),
  };
}

/** Frames are bursts of writes; a frame is visible when its bytes change the screen. */
export function cadenceOf(w: SampleWindow): Cadence {
  const frames: { tMs: number; bytes: string }[] = [];
  let lastT = -Infinity;
  w.writes.forEach((wr, i) => {
    const bytes = w.raw.slice(wr.offset, w.writes[i + 1]?.offset ?? w.raw.length);
    if (frames.length && wr.tMs - lastT < FRAME_GAP_MS) frames[frames.length - 1].bytes += bytes;
    else frames.push({ tMs: wr.tMs, bytes });
    lastT = wr.tMs;
  });
  const gaps = (ts: number[]) => ts.slice(1).map((t, i) => t - ts[i]);
  const visible = frames.filter((f) => isVisible(f.bytes));
  const sampleTimes = w.frames.map((f) => f.tMs);
  const windowMs = w.endMs - w.startMs;
  // How long each state of the watched row lasted, from the write that showed it to the next change.
  const changeTimes = w.written.map((f) => f.tMs);
  const rowKeys = w.written.map((f) => {
    const y = findRow(f, w.rowMatch);
    return y === null ? '' : f.cells[y].map(styleKey).join('|');
  });
  const holds: number[] = [];
  let runStart = 0;
  for (let i = 1; i <= rowKeys.length; i++) {
    if (i === rowKeys.length || rowKeys[i] !== rowKeys[runStart]) {
      // Runs cut by the window's edges are not whole states.
      if (runStart > 0 && i < rowKeys.length) holds.push(changeTimes[i] - changeTimes[runStart]);
      runStart = i;
    }
  }
  const round = (x: number | null) => (x === null ? null : Math.round(x));
  return {
    windowMs: Math.round(windowMs),
    samples: w.frames.length,
    maxSampleGapMs: Math.round(Math.max(0, ...gaps(sampleTimes))),
    frames: frames.length,
    framesPerSec: windowMs > 0 ? Math.round((frames.length / windowMs) * 10_000) / 10 : 0,
    medianFrameGapMs: round(median(gaps(frames.map((f) => f.tMs)))),
    visibleFrames: visible.length,
    medianVisibleGapMs: round(median(gaps(visible.map((f) => f.tMs)))),
    medianStateMs: round(median(holds)),
  };
}
