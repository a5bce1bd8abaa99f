// Drives an interactive target in a real PTY rendered by a headless xterm, step by step.
import pty from '@lydell/node-pty';
import { Screen, type Frame } from '../frames/screen.ts';
import type { Step } from '../scenario/schema.ts';
import { keyBytes, pasteBytes } from './keys.ts';
import { targetCommand, type TargetName } from './targets.ts';

// Upstream treats a key that follows typed text too closely as part of a paste burst (Enter would
// insert a newline), so keys wait this long after the last typed character.
const KEY_AFTER_TYPING_MS = 500;
const TYPE_CHAR_GAP_MS = 15;
const ECHO_WAIT_MS = 3_000;
const SNAPSHOT_IDLE_MS = 300;
const DEFAULT_WAIT_MS = 10_000;

/** What a `sample` step saw: the screen every few ms, and the PTY writes of the window. */
export interface SampleWindow {
  name: string;
  rowMatch: string;
  everyMs: number;
  /** When the window opened and closed, ms since the program started. */
  startMs: number;
  endMs: number;
  /** One frame per sample, `tMs` since the program started, and the window title at that moment. */
  frames: Frame[];
  titles: string[];
  /**
   * The screen when the window opened and after each write parsed during it: every state the program
   * showed, which samples on a loaded machine can miss. And every window title it set meanwhile.
   */
  written: Frame[];
  titlesSet: string[];
  /** The bytes written during the window, and each write as it arrived: ms since the window opened and its offset in `raw`. */
  raw: string;
  writes: { tMs: number; offset: number }[];
}

export interface TuiRun {
  frames: Frame[];
  samples: SampleWindow[];
  raw: string;
  exitCode: number | null;
  signal: string | null;
  errors: string[];
  /** waits: when each wait_for step was satisfied, in step order (benchmarks time what happens between them) */
  timings: { wallMs: number; firstFrameMs?: number; readyMs?: number; snapshots: Record<string, number>; waits: number[] };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runTui(
  target: TargetName,
  argv: string[],
  steps: Step[],
  opts: { cwd: string; env: Record<string, string>; cols: number; rows: number; timeoutMs: number },
): Promise<TuiRun> {
  const cmd = targetCommand(target, argv);
  const screen = new Screen(opts.cols, opts.rows);
  const started = performance.now();
  const now = () => performance.now() - started;
  const child = pty.spawn(cmd.file, cmd.args, { name: 'xterm-256color', cols: opts.cols, rows: opts.rows, cwd: opts.cwd, env: opts.env });
  const frames: Frame[] = [];
  const samples: SampleWindow[] = [];
  // Every write's arrival, so a sample window can read its own cadence.
  const writes: { tMs: number; offset: number }[] = [];
  const errors: string[] = [];
  const timings: TuiRun['timings'] = { wallMs: 0, snapshots: {}, waits: [] };
  let raw = '';
  let lastOutput = now();
  let lastTyped = -Infinity;
  let pending: Promise<void> = Promise.resolve();
  let exited: { code: number | null; signal: string | null } | null = null;
  const exitPromise = new Promise<void>((resolve) =>
    child.onExit(({ exitCode, signal }) => {
      exited = { code: exitCode, signal: signal ? String(signal) : null };
      resolve();
    }),
  );
  screen.onReply((reply) => {
    if (!exited) child.write(reply);
  });
  // While a sample window is open: the screen after every write, and every title set.
  let watching: { frames: Frame[]; titles: string[] } | null = null;
  screen.onTitle((t) => watching?.titles.push(t));
  child.onData((data) => {
    writes.push({ tMs: now(), offset: raw.length });
    raw += data;
    lastOutput = now();
    pending = pending.then(() => screen.write(data)).then(() => {
      if (watching) watching.frames.push(screen.snapshot('written', now()));
    });
    if (timings.firstFrameMs === undefined && /\S/.test(data.replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\x1b[=>]/g, ''))) timings.firstFrameMs = now();
  });

  const flush = () => pending;
  const waitUntil = async (done: () => boolean, timeoutMs: number) => {
    const deadline = now() + timeoutMs;
    for (;;) {
      await flush();
      if (done()) return true;
      if (exited || now() > deadline) return false;
      await sleep(10);
    }
  };
  // A failed wait ends the run; the screen at that moment becomes the frame the scenario was
  // heading for, marked, so a report shows what was there instead of "not captured".
  const failWait = (index: number, what: string) => {
    const error = `${what} ${exited ? 'failed: the program exited' : 'timed out'}`;
    errors.push(error);
    const next = steps.slice(index + 1).find((s): s is Extract<Step, { snapshot: string }> => 'snapshot' in s);
    frames.push({ ...screen.snapshot(next?.snapshot ?? 'timed-out', now()), timedOut: error });
  };
  const waitIdle = async (idleMs: number, capMs: number) => {
    const deadline = now() + capMs;
    while (now() - lastOutput < idleMs && now() < deadline && !exited) await sleep(10);
    await flush();
  };
  // Samples on a fixed schedule from the window's start (not sleep-after-work), so a slow sample
  // does not stretch the window; a sample whose slot already passed is taken at once.
  const sampleWindow = async (spec: { name: string; every_ms: number; for_ms: number; row_match: string }): Promise<SampleWindow> => {
    await flush();
    const startMs = now();
    const firstWrite = writes.length;
    const rawStart = raw.length;
    const taken: Frame[] = [];
    const titles: string[] = [];
    const seen = { frames: [screen.snapshot('written', startMs)], titles: [screen.title] };
    watching = seen;
    for (let i = 0; i * spec.every_ms <= spec.for_ms && !exited; i++) {
      const wait = startMs + i * spec.every_ms - now();
      if (wait > 0) await sleep(wait);
      await flush();
      taken.push(screen.snapshot(`${spec.name}#${i}`, now()));
      titles.push(screen.title);
    }
    const endMs = now();
    watching = null;
    return {
      name: spec.name,
      rowMatch: spec.row_match,
      everyMs: spec.every_ms,
      startMs,
      endMs,
      frames: taken,
      titles,
      // A late last sample stretches the window; the states past its planned end are not part of it.
      written: seen.frames.filter((f) => f.tMs <= startMs + spec.for_ms),
      titlesSet: seen.titles,
      raw: raw.slice(rawStart),
      writes: writes.slice(firstWrite).filter((w) => w.tMs <= endMs).map((w) => ({ tMs: w.tMs - startMs, offset: w.offset - rawStart })),
    };
  };
  const send = (data: string) => {
    if (!exited) child.write(data);
  };

  const overall = setTimeout(() => errors.push(`scenario timed out after ${opts.timeoutMs} ms`), opts.timeoutMs);
  try {
    for (const [index, step] of steps.entries()) {
      if (errors.length) break;
      if ('type' in step) {
        let sentLast = now();
        for (const ch of step.type) {
          sentLast = now();
          send(ch);
          await sleep(TYPE_CHAR_GAP_MS);
        }
        // The paste-burst window runs from when the program took the text in, not from when it was
        // sent: on a loaded machine the echo lags, and an Enter 500 ms after sending could still land
        // inside the burst (a newline, not a submit). So the clock starts once the typed text shows:
        // the program has written since the last key (a tail already on screen, `?` or `hi` in
        // "anything", proves nothing alone) and the tail is there.
        const tail = step.type.trim().split(/\s+/).at(-1) ?? '';
        await waitUntil(() => lastOutput > sentLast && (!tail || screen.text().includes(tail)), ECHO_WAIT_MS);
        lastTyped = now();
      } else if ('press' in step) {
        const wait = lastTyped + KEY_AFTER_TYPING_MS - now();
        if (wait > 0) await sleep(wait);
        send(keyBytes(step.press));
      } else if ('paste' in step) {
        send(pasteBytes(step.paste));
        lastTyped = now();
      } else if ('resize' in step) {
        const [cols, rows] = step.resize;
        await flush();
        if (!exited) child.resize(cols, rows);
        screen.resize(cols, rows);
      } else if ('wait_for' in step) {
        const ok = await waitUntil(() => screen.text().includes(step.wait_for), step.timeout_ms ?? DEFAULT_WAIT_MS);
        if (!ok) failWait(index, `wait_for ${JSON.stringify(step.wait_for)}`);
        else {
          if (timings.readyMs === undefined) timings.readyMs = now();
          timings.waits.push(now());
        }
      } else if ('wait_for_title' in step) {
        const ok = await waitUntil(() => screen.title.includes(step.wait_for_title), step.timeout_ms ?? DEFAULT_WAIT_MS);
        if (!ok) failWait(index, `wait_for_title ${JSON.stringify(step.wait_for_title)} (title ${JSON.stringify(screen.title)})`);
      } else if ('wait_idle' in step) {
        await waitIdle(step.wait_idle, DEFAULT_WAIT_MS);
      } else if ('wait_exit' in step) {
        const timeout = step.timeout_ms ?? DEFAULT_WAIT_MS;
        await Promise.race([exitPromise, sleep(timeout)]);
        if (!exited) failWait(index, `wait_exit after ${timeout} ms`);
      } else if ('sleep' in step) {
        await sleep(step.sleep);
      } else if ('sample' in step) {
        samples.push(await sampleWindow(step.sample));
      } else if ('snapshot' in step) {
        await waitIdle(SNAPSHOT_IDLE_MS, 5_000);
        const t = now();
        frames.push(screen.snapshot(step.snapshot, t));
        timings.snapshots[step.snapshot] = t;
      }
    }
  } finally {
    clearTimeout(overall);
  }
  if (!exited) {
    child.kill('SIGKILL');
    await Promise.race([exitPromise, sleep(2_000)]);
  }
  await flush();
  timings.wallMs = now();
  const ex = exited as { code: number | null; signal: string | null } | null;
  return { frames, samples, raw, exitCode: ex?.code ?? null, signal: ex?.signal ?? 'KILLED', errors, timings };
}
