// Turns a raw run into a Capture: the normalized, deterministic record that goldens hold and checks
// compare, plus Measurements (timings, byte counters) that vary run to run and are kept apart.
import type { RpcEntry } from '../drivers/jsonrpc-driver.ts';
import type { RunResult } from '../drivers/result.ts';
import { serializeFrame } from '../frames/serialize.ts';
import { maskFrameAttrs } from '../normalize/attr-masks.ts';
import { normalizeJson, normalizeText, type NormalizeContext } from '../normalize/normalize.ts';
import { requestShapes, type RequestShape } from './request-shape.ts';
import { rolloutShape, type RolloutShape } from './rollout-shape.ts';
import { rawCounters, type RawCounters } from './raw-counters.ts';
import { cadenceOf, timelineOf, type Cadence, type Timeline } from './timeline.ts';

export interface CapturedInvocation {
  argv: string[];
  exit_code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSONL when every line is JSON (exec --json), normalized. */
  events: unknown[] | null;
}

export interface CapturedFrame {
  name: string;
  text: string;
  attrs: string;
  meta: { cols: number; rows: number; altScreen: boolean; cursor: { x: number; y: number; visible: boolean } };
  /** Why this frame is the screen at a failed wait rather than a snapshot (never in a golden: such runs are not recorded). */
  timedOut?: string;
}

export interface Capture {
  scenario: string;
  invocations: CapturedInvocation[];
  frames: CapturedFrame[];
  requests: { turns: RequestShape[]; titles: RequestShape[]; other: RequestShape[] };
  rollouts: RolloutShape[];
  files: Record<string, string | null>;
  problems: string[];
  /** A jsonrpc scenario's transcript, normalized, and the methods compared as a multiset. */
  rpc?: { unordered: string[]; messages: RpcEntry[] };
  /** A TUI scenario's `sample` windows, their deterministic part (absent when it has none). */
  timelines?: Timeline[];
}

export interface Measurements {
  wallMs: number;
  invocationsMs: number[];
  firstFrameMs?: number;
  readyMs?: number;
  snapshots: Record<string, number>;
  raw?: RawCounters;
  requestCount: number;
  /** Each `sample` window's frame cadence, by name. */
  cadence?: Record<string, Cadence>;
}

function parseEvents(stdout: string): unknown[] | null {
  const lines = stdout.split('\n').filter((l) => l.trim());
  if (!lines.length) return null;
  try {
    return lines.map((l) => JSON.parse(l));
  } catch {
    return null;
  }
}

/**
 * Object keys in sorted order: a JSON object's key order means nothing, and upstream's app-server
 * serializes some maps in an order that changes from run to run.
 */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
}

export function contextOf(result: RunResult): NormalizeContext {
  return { paths: result.run.paths };
}

export function toCapture(result: RunResult): Capture {
  const ctx = contextOf(result);
  return {
    scenario: result.scenario,
    invocations: result.invocations.map((inv) => {
      const events = parseEvents(inv.stdout);
      return {
        argv: inv.argv.map((a) => normalizeText(a, ctx)),
        exit_code: inv.exitCode,
        signal: inv.signal,
        stdout: normalizeText(inv.stdout, ctx),
        stderr: normalizeText(inv.stderr, ctx),
        events: events ? (normalizeJson(events, ctx) as unknown[]) : null,
      };
    }),
    frames: result.frames.map((f) => {
      const s = serializeFrame(maskFrameAttrs(f));
      const text = s.text.split('\n').map((row) => normalizeText(row, ctx)).join('\n');
      return { name: f.name, text, attrs: s.attrs, meta: s.meta, ...(f.timedOut ? { timedOut: normalizeText(f.timedOut, ctx) } : {}) };
    }),
    requests: normalizeJson(requestShapes(result.requests), ctx) as Capture['requests'],
    rollouts: result.rollouts.map(rolloutShape),
    files: normalizeJson(result.files, ctx) as Record<string, string | null>,
    problems: result.problems.map((p) => normalizeText(p, ctx)),
    ...(result.rpc ? { rpc: { unordered: result.rpc.unordered, messages: sortKeys(normalizeJson(result.rpc.transcript, ctx)) as RpcEntry[] } } : {}),
    ...(result.samples?.length ? { timelines: result.samples.map((w) => timelineOf(w, ctx)) } : {}),
  };
}

export function toMeasurements(result: RunResult): Measurements {
  return {
    wallMs: Math.round(result.timings.wallMs),
    invocationsMs: result.invocations.map((i) => Math.round(i.wallMs)),
    firstFrameMs: result.timings.firstFrameMs && Math.round(result.timings.firstFrameMs),
    readyMs: result.timings.readyMs && Math.round(result.timings.readyMs),
    snapshots: Object.fromEntries(Object.entries(result.timings.snapshots).map(([k, v]) => [k, Math.round(v)])),
    raw: result.raw ? rawCounters(result.raw) : undefined,
    requestCount: result.requests.length,
    ...(result.samples?.length ? { cadence: Object.fromEntries(result.samples.map((w) => [w.name, cadenceOf(w)])) } : {}),
  };
}

/** Full request bodies, normalized and with secrets masked by the mock: reference material for builders. */
export function fullRequests(result: RunResult): unknown {
  return normalizeJson(
    [...result.requests].sort((a, b) => a.seq - b.seq).map((r) => ({ kind: r.kind, path: r.path, headers: r.headers, body: r.body })),
    contextOf(result),
  );
}
