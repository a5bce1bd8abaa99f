// Small synthetic goldens and check results for the report's tests: real Captures compared by the
// lab's own compareCaptures, so the results have the shape and scores a suite run gives, in
// milliseconds. `tui-broken` is the deliberately broken one: csm draws wrong cells in its `answer`
// frame (a changed letter, a changed colour, a row moved down, the cursor elsewhere), that frame is
// the screen of a timed-out wait, and its request and rollout differ too.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Capture, CapturedFrame } from '../capture/capture.ts';
import { compareCaptures } from '../diff/capture.ts';
import type { Cell, Frame } from '../frames/screen.ts';
import { serializeFrame } from '../frames/serialize.ts';
import { writeGolden } from '../golden/store.ts';
import type { CheckResult } from '../lab.ts';
import type { Versions } from './model.ts';

export const COLS = 32;
export const ROWS = 6;

type Span = { row: number; from: number; to: number; style: Partial<Cell> };

export function makeFrame(name: string, lines: string[], spans: Span[] = [], cursor = { x: 2, y: 0, visible: true }, timedOut?: string): CapturedFrame {
  const blank = (): Cell => ({ ch: ' ', width: 1, fg: 'default', bg: 'default', bold: false, dim: false, italic: false, underline: false, inverse: false });
  const cells = Array.from({ length: ROWS }, (_, y) => Array.from({ length: COLS }, (_, x) => ({ ...blank(), ch: lines[y]?.[x] ?? ' ' })));
  for (const s of spans) for (let x = s.from; x <= s.to; x++) Object.assign(cells[s.row][x], s.style);
  const f: Frame = { name, tMs: 0, cols: COLS, rows: ROWS, altScreen: false, cursor, cells };
  const ser = serializeFrame(f);
  return { name, text: ser.text, attrs: ser.attrs, meta: ser.meta, ...(timedOut ? { timedOut } : {}) };
}

const PROMPT = { row: 0, from: 0, to: 0, style: { fg: 'p6', bold: true } };
const STATUS = { row: 5, from: 2, to: 20, style: { dim: true } };

export const goldenFrames = {
  startup: makeFrame('startup', ['› ', '', '', '', '', '  gpt-5.5 · 100% left'], [PROMPT, STATUS]),
  answer: makeFrame('answer', ['› say hello', '', '• Hello there', '  second line', '', '  gpt-5.5 · 99% left'], [PROMPT, STATUS, { row: 2, from: 0, to: 0, style: { fg: 'p2' } }], { x: 2, y: 0, visible: true }),
};

/** csm's broken `answer`: 'Hellx', the bullet's colour, 'second line' moved a row down, cursor moved. */
export const brokenAnswer = makeFrame(
  'answer',
  ['› say hello', '', '• Hellx there', '', '  second line', '  gpt-5.5 · 99% left'],
  [PROMPT, STATUS, { row: 2, from: 0, to: 0, style: { fg: 'p1' } }],
  { x: 5, y: 1, visible: true },
  "wait_for 'Hello there' timed out after 5000 ms",
);

const request = (extra: Record<string, unknown> = {}) => ({ model: 'gpt-5.5', input: ['message:user'], tools: ['exec_command'], ...extra });

function capture(scenario: string, c: Partial<Capture> & { stdout?: string; events?: unknown[] | null } = {}): Capture {
  return {
    scenario,
    invocations: [{ argv: ['exec', 'hi'], exit_code: 0, signal: null, stdout: c.stdout ?? 'hello\n', stderr: '', events: c.events ?? null }],
    frames: c.frames ?? [],
    requests: c.requests ?? { turns: [request() as never], titles: [], other: [] },
    rollouts: c.rollouts ?? ([{ lines: ['session_meta', 'turn_context', 'response_item:message'] }] as never),
    files: {},
    problems: [],
  };
}

export const SCENARIOS = ['exec-events', 'exec-plain', 'exec-requests', 'tui-broken', 'tui-ok'];

const goldenCaptures: Record<string, Capture> = {
  'exec-plain': capture('exec-plain'),
  'exec-events': capture('exec-events', { events: [{ type: 'thread.started' }, { type: 'turn.completed' }] }),
  'exec-requests': capture('exec-requests'),
  'tui-ok': capture('tui-ok', { frames: [goldenFrames.startup] }),
  'tui-broken': capture('tui-broken', { frames: [goldenFrames.startup, goldenFrames.answer] }),
};

const csmCaptures: Record<string, Capture> = {
  ...goldenCaptures,
  'exec-requests': capture('exec-requests', { requests: { turns: [request({ store: true }) as never], titles: [], other: [] } }),
  'exec-events': capture('exec-events', { events: [{ type: 'thread.started' }, { type: 'turn.failed' }] }),
  'tui-broken': capture('tui-broken', {
    frames: [goldenFrames.startup, brokenAnswer],
    requests: { turns: [request({ parallel_tool_calls: true }) as never], titles: [], other: [] },
    rollouts: [{ lines: ['session_meta', 'response_item:message'] }] as never,
  }),
};

export const VERSIONS: Versions = { upstream: '0.171.0', csm: '0.1.0+fixture', goldens: 'fixture' };

/** Writes the fixture goldens into a fresh temporary directory. */
export function writeFixtureGoldens(dir = mkdtempSync(path.join(os.tmpdir(), 'lab-report-goldens-'))): string {
  for (const [name, c] of Object.entries(goldenCaptures)) writeGolden(path.join(dir, name), [c]);
  return dir;
}

const WALL: Record<string, [number, number]> = {
  'exec-plain': [900, 1000],
  'exec-events': [800, 2400],
  'exec-requests': [1000, 1100],
  'tui-ok': [2000, 2100],
  'tui-broken': [3000, 3600],
};

/** Check results of both targets on every fixture scenario (upstream passes everywhere). */
export function fixtureResults(): CheckResult[] {
  const out: CheckResult[] = [];
  for (const name of SCENARIOS) {
    for (const target of ['upstream', 'csm'] as const) {
      const actual = target === 'upstream' ? goldenCaptures[name] : csmCaptures[name];
      const wallMs = WALL[name][target === 'upstream' ? 0 : 1];
      const tui = goldenCaptures[name].frames.length > 0;
      out.push({
        scenario: name,
        target,
        ...compareCaptures(goldenCaptures[name], actual),
        matched: 'golden',
        environment: [],
        timing: { wallMs, runsMs: [wallMs], ...(tui ? { snapshots: Object.fromEntries(goldenCaptures[name].frames.map((f, i) => [f.name, Math.round(((i + 1) * wallMs) / 3)])) } : {}) },
        ...(tui ? { raw: { bytes: 4000, fullClears: target === 'csm' ? 3 : 0, eraseLines: 10, cursorUps: 4, altScreenEnters: 0, syncUpdates: 6, linesWrittenTwice: target === 'csm' ? 12 : 1 } } : {}),
      });
    }
  }
  return out;
}
