import { describe, expect, it } from 'vitest';
import type { SampleWindow } from '../drivers/tui-driver.ts';
import { Screen } from '../frames/screen.ts';
import { cadenceOf, canonicalCycle, fullClears, isVisible, timelineOf } from './timeline.ts';

const grey = (v: number) => `\x1b[1;38;2;${v};${v};${v}m`;
const RESET = '\x1b[0m';
const DIM = '\x1b[2m';
const BOLD = '\x1b[1m';
/** Upstream's status row at row 4 (1-based): a pulsing dot, then the dim text with `esc` bold. */
const statusRow = (dot: number, secs: number) => `\x1b[4;1H${grey(dot)}•${RESET} ${DIM}Working${RESET} ${DIM}(${secs}s • ${RESET}${BOLD}esc${RESET}${DIM} to interrupt)${RESET}`;
const sync = (body: string) => `\x1b[?2026h${body}\x1b[6;3H\x1b[?25h\x1b[?2026l`;

/**
 * A sample window built the way the driver builds one, from writes at given times: each write is
 * parsed by a headless terminal and the screen after it becomes a `written` frame; samples are taken
 * every `every` ms from the screen as it was then.
 */
async function windowOf(writes: { t: number; bytes: string; title?: string }[], opts: { every?: number; forMs?: number } = {}): Promise<SampleWindow> {
  const every = opts.every ?? 50;
  const forMs = opts.forMs ?? Math.max(...writes.map((w) => w.t));
  const screen = new Screen(40, 8);
  // What was on screen when the window opened.
  for (const w of writes.filter((w) => w.t <= 0)) await screen.write((w.title !== undefined ? `\x1b]0;${w.title}\x07` : '') + w.bytes);
  writes = writes.filter((w) => w.t > 0);
  const written = [screen.snapshot('written', 0)];
  const titlesSet = [screen.title];
  screen.onTitle((t) => titlesSet.push(t));
  const frames = [];
  const titles = [];
  let raw = '';
  const offsets = [];
  let next = 0;
  for (const w of writes) {
    while (next * every < w.t && next * every <= forMs) {
      frames.push(screen.snapshot(`s#${next}`, next * every));
      titles.push(screen.title);
      next++;
    }
    offsets.push({ tMs: w.t, offset: raw.length });
    raw += (w.title !== undefined ? `\x1b]0;${w.title}\x07` : '') + w.bytes;
    await screen.write((w.title !== undefined ? `\x1b]0;${w.title}\x07` : '') + w.bytes);
    written.push(screen.snapshot('written', w.t));
  }
  return { name: 'working', rowMatch: 'esc to interrupt', everyMs: every, startMs: 0, endMs: forMs, frames, titles, written, titlesSet, raw, writes: offsets };
}

// The dot's greys over one two-second sweep, 100 ms apart: rest, up to the peak, back down.
const PULSE = [128, 138, 167, 202, 231, 242, 231, 202, 167, 138];
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * Two seconds of a running turn from `phase` steps into the sweep, drawn as upstream draws it: a frame
 * every 33 ms that writes only what changed (most frames only park the cursor), the dot's grey
 * changing every 100 ms (ten steps of rest, ten of pulse), the title's spinner too, the clock each second.
 */
function pulseWrites(phase: number, ms = 2000): { t: number; bytes: string; title?: string }[] {
  const out = [];
  let shown = '';
  let title = '';
  for (let t = 0; t <= ms; t += 33) {
    const step = Math.floor(t / 100);
    const k = (step + phase) % 20;
    const row = statusRow(k < 10 ? 128 : PULSE[k - 10], Math.floor(t / 1000));
    const nextTitle = `${SPINNER[(step + phase) % 10]} ws`;
    out.push({ t, bytes: sync(row === shown ? '' : row), ...(nextTitle === title ? {} : { title: nextTitle }) });
    shown = row;
    title = nextTitle;
  }
  return out;
}

describe('canonicalCycle', () => {
  it('gives one period in the same rotation whatever phase the window opened at', () => {
    const a = canonicalCycle(['b', 'b', 'c', 'a', 'a', 'b']);
    const b = canonicalCycle(['a', 'b', 'c', 'a']);
    expect(a).toEqual(['a', 'b', 'c']);
    expect(b).toEqual(['a', 'b', 'c']);
  });

  it('folds a period seen twice, and keeps a back-and-forth pulse whole', () => {
    expect(canonicalCycle(['x', 'y', 'z', 'x', 'y', 'z', 'x'])).toEqual(['x', 'y', 'z']);
    expect(canonicalCycle(['1', '2', '3', '2', '1'])).toEqual(['1', '2', '3', '2']);
  });

  it('folds a window a little longer than one period, whose last states repeat its first ones', () => {
    const pulse = ['ca', 'e7', 'f2', 'e7', 'ca', 'a7', '8a', '80', '8a', 'a7'];
    expect(canonicalCycle([...pulse, 'ca', 'e7'])).toEqual(canonicalCycle(pulse));
    expect(canonicalCycle([...pulse, 'ca', 'e7'])).toEqual(['80', '8a', 'a7', 'ca', 'e7', 'f2', 'e7', 'ca', 'a7', '8a']);
  });

  it('tells different cycles apart (a missed state shows)', () => {
    expect(canonicalCycle(['a', 'b', 'c', 'd'])).not.toEqual(canonicalCycle(['a', 'b', 'd']));
  });
});

describe('raw-byte checks', () => {
  it('counts ESC[2J and a home followed by erase-to-end as full clears, not line erases', () => {
    expect(fullClears('\x1b[2J\x1b[H\x1b[J\x1b[1;1H\x1b[0J')).toBe(3);
    expect(fullClears('\x1b[K\x1b[5;1H\x1b[J\x1b[1K')).toBe(0);
  });

  it('calls a frame visible only when it changes cells', () => {
    expect(isVisible('\x1b[?2026h\x1b[39m\x1b[49m\x1b[0m\x1b[27;3H\x1b[?25h\x1b[?2026l')).toBe(false);
    expect(isVisible('\x1b]0;⠙ ws\x07\x1b[1;1H')).toBe(false);
    expect(isVisible('\x1b[24;1H\x1b[1m\x1b[38;2;138;138;138;49m•')).toBe(true);
    expect(isVisible('\x1b[3;1H\x1b[K')).toBe(true);
  });
});

describe('timelineOf', () => {
  it('reads the status row: its text with the elapsed time masked, static styles, the animated dot and its cycle, the tick, the title spinner', async () => {
    const t = timelineOf(await windowOf(pulseWrites(0)));
    expect(t.rows).toEqual([{ row: 3, text: '• Working (<n>s • esc to interrupt)' }]);
    expect(t.attrs).toBe('~.aaaaaaa.aaaaaabbbaaaaaaaaaaaaaa');
    expect(t.legend).toEqual({ a: 'fg=default bg=default dim', b: 'fg=default bg=default bold' });
    expect(t.animated).toEqual([{ cols: '0', cycle: PULSE.map((v) => `fg=#${v.toString(16).repeat(3)} bg=default bold`) }]);
    expect(t.elapsed).toEqual({ steps: [1] });
    expect(t.title_spinner).toHaveLength(10);
    expect(t.full_clears).toBe(0);
    expect(t.lines_written_twice).toBe(0);
  });

  it('is the same for a window that opened at another phase of the sweep', async () => {
    const a = timelineOf(await windowOf(pulseWrites(0)));
    const b = timelineOf(await windowOf(pulseWrites(13)));
    expect(b).toEqual(a);
  });

  it('holds every state even when the samples came too late to see some', async () => {
    // Samples every 400 ms see a fraction of the 100 ms states; the written frames see them all.
    const w = await windowOf(pulseWrites(0), { every: 400 });
    expect(timelineOf(w).animated[0].cycle).toHaveLength(10);
  });

  it('counts a transcript line written again unchanged, but not the status row rewritten by the animation', async () => {
    const line = '\x1b[2;1Hcommitted answer line';
    const writes = pulseWrites(0).map((w, i) => (i === 10 || i === 20 ? { ...w, bytes: w.bytes + line } : w));
    expect(timelineOf(await windowOf(writes)).lines_written_twice).toBe(1);
  });

  it('tells text growing in place from whole new rows, and leaves out a line blanked for a frame', async () => {
    const pulse = pulseWrites(0);
    const at = (i: number, bytes: string) => ({ ...pulse[i], bytes: pulse[i].bytes + bytes });
    const growing = pulse.map((w, i) => (i === 5 ? at(i, '\x1b[2;3HHel') : i === 8 ? at(i, '\x1b[2;6Hlo') : w));
    expect(timelineOf(await windowOf(growing)).text_arrives).toEqual(['extended in place', 'new rows']);
    const wholeLines = pulse.map((w, i) => (i === 5 ? at(i, '\x1b[2;3HHello') : i === 8 ? at(i, '\x1b[2;1H\x1b[K') : i === 9 ? at(i, '\x1b[2;3HHello there') : w));
    expect(timelineOf(await windowOf(wholeLines)).text_arrives).toEqual(['new rows']);
    expect(timelineOf(await windowOf(pulse)).text_arrives).toEqual([]);
  });

  it('counts a full repaint while the turn runs', async () => {
    const writes = pulseWrites(0).map((w, i) => (i === 5 ? { ...w, bytes: '\x1b[H\x1b[2J' + w.bytes } : w));
    expect(timelineOf(await windowOf(writes)).full_clears).toBe(1);
  });

  it('lists a static status row with no animation, and no title spinner', async () => {
    const writes = [0, 1, 2].map((s) => ({ t: 1 + s * 1000, bytes: statusRow(128, s) }));
    const t = timelineOf(await windowOf(writes));
    expect(t.animated).toEqual([]);
    expect(t.attrs.startsWith('a.')).toBe(true);
    expect(t.title_spinner).toEqual([]);
    expect(t.elapsed).toEqual({ steps: [1] });
  });
});

describe('cadenceOf', () => {
  it('groups writes into frames, tells visible ones apart and measures how long a state held', async () => {
    const writes = pulseWrites(0).filter((w) => w.t > 0);
    const c = cadenceOf(await windowOf(writes));
    expect(c.frames).toBe(writes.length);
    expect(c.medianFrameGapMs).toBe(33);
    expect(c.framesPerSec).toBeCloseTo(30, 0);
    // A visible change every 100 ms while the dot pulses, and the clock's tick.
    expect(c.visibleFrames).toBeGreaterThanOrEqual(10);
    expect(c.visibleFrames).toBeLessThan(writes.length);
    expect(c.medianStateMs).toBeGreaterThanOrEqual(99);
    expect(c.medianStateMs).toBeLessThanOrEqual(132);
  });
});
