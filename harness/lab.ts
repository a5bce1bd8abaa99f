// The lab's operations, shared by the CLI and the tests: record a golden from upstream, check a target.
import { createTwoFilesPatch } from 'diff';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fullRequests, toCapture, toMeasurements, type Capture, type Measurements } from './capture/capture.ts';
import { rawCounters, type RawCounters } from './capture/raw-counters.ts';
import { compareCaptures, type Comparison } from './diff/capture.ts';
import { LAB_LOCALE } from './drivers/env.ts';
import { disposeRun, runScenario } from './drivers/run.ts';
import { repoRoot, type TargetName } from './drivers/targets.ts';
import { currentEnvironment, environmentDifferences, type Environment } from './golden/environment.ts';
import { componentOfFile, goldenFilesOf, readGoldenVariants, readMeasurements, writeGolden, writeMeasurements } from './golden/store.ts';
import type { Cadence } from './capture/timeline.ts';
import type { Scenario } from './scenario/schema.ts';

export const paths = {
  scenarios: path.join(repoRoot, 'scenarios'),
  goldens: path.join(repoRoot, 'goldens'),
  captures: path.join(repoRoot, 'reference-captures'),
  report: path.join(repoRoot, '.lab/report'),
};

export interface LabOptions {
  goldens?: string;
  captures?: string;
  keep?: boolean;
}

export class RecordError extends Error {}

/** The environment a scenario runs in on this machine. */
export function scenarioEnvironment(scenario: Scenario): Environment {
  return currentEnvironment(scenario.terminal ?? null, LAB_LOCALE);
}

/** The changed lines of two texts (hunk headers, - and + lines), indented, at most `max` of them. */
export function changedLines(a: string, b: string, max = 30): string {
  const patch = createTwoFilesPatch('a', 'b', a, b, '', '', { context: 1 });
  const lines = patch.split('\n').slice(3).filter((l) => /^[-+@]/.test(l));
  return lines.slice(0, max).map((l) => '      ' + l).join('\n');
}

/** How two recordings of one scenario differ: per golden file, its component and the changed lines. */
export function describeVariation(scenario: string, a: Record<string, string>, b: Record<string, string>): string {
  const out: string[] = [];
  for (const rel of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
    if (a[rel] !== b[rel]) out.push(`  ${componentOfFile(rel)} (${rel}):\n${changedLines(a[rel] ?? '', b[rel] ?? '')}`);
  }
  return `${scenario}: upstream's output differed between runs, golden not written\n${out.join('\n')}`;
}

export interface RecordOptions extends LabOptions {
  /** How many upstream runs must agree before a golden is written (default 3). */
  runs?: number;
}

/**
 * Runs upstream `runs` times and writes its normalized behaviour as the scenario's golden, only when
 * every run agrees. A scenario that declares `upstream_varies` keeps each distinct output it saw as
 * an alternative instead, most frequent first.
 */
export async function recordScenario(scenario: Scenario, opts: RecordOptions = {}): Promise<Measurements> {
  const runs = opts.runs ?? 3;
  const seen: { files: Record<string, string>; key: string; capture: Capture; count: number }[] = [];
  const measured: { m: Measurements; requests: unknown }[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await runScenario(scenario, 'upstream');
    try {
      const capture = toCapture(result);
      // A golden recorded from a broken run would make every later check meaningless.
      if (capture.problems.length) throw new RecordError(`${scenario.name}: upstream run ${i + 1} had problems, golden not written:\n  ${capture.problems.join('\n  ')}`);
      const files = goldenFilesOf(capture);
      const key = JSON.stringify(files);
      const same = seen.find((v) => v.key === key);
      if (same) same.count++;
      else seen.push({ files, key, capture, count: 1 });
      if (seen.length > 1 && !scenario.upstream_varies) throw new RecordError(describeVariation(scenario.name, seen[0].files, seen[seen.length - 1].files));
      measured.push({ m: toMeasurements(result), requests: fullRequests(result) });
    } finally {
      if (!opts.keep) disposeRun(result);
    }
  }
  const variants = [...seen].sort((a, b) => b.count - a.count).map((v) => v.capture);
  writeGolden(path.join(opts.goldens ?? paths.goldens, scenario.name), variants, scenarioEnvironment(scenario));
  // The run with the median wall time stands for the scenario's reference timings.
  const median = [...measured].sort((a, b) => a.m.wallMs - b.m.wallMs)[Math.floor(measured.length / 2)];
  writeMeasurements(path.join(opts.captures ?? paths.captures, scenario.name), median.m, median.requests);
  return median.m;
}

export interface CheckResult extends Comparison {
  scenario: string;
  target: TargetName;
  /** Which recorded output matched: `golden`, or `alt-<k>` for a scenario whose upstream output varies. */
  matched: string;
  /** Differences between the machine the golden was recorded on and this one. */
  environment: string[];
  /**
   * This run's wall time (the median of `runsMs` when the scenario ran several times) and when each
   * snapshot was taken. Compared only with the other target measured in the same run, never with a
   * time recorded on another machine.
   */
  timing: { wallMs: number; runsMs: number[]; snapshots?: Record<string, number> };
  /** Counters over a TUI run's raw PTY bytes (full-screen clears, lines written twice, …). */
  raw?: RawCounters;
  /**
   * Each `sample` window's frame cadence in this run, beside upstream's from its recording
   * (reference-captures/); reported, never failed on: it moves with the machine's load.
   */
  cadence?: Record<string, { target: Cadence; reference?: Cadence }>;
  runDir?: string;
}

/**
 * A target's gap between visible frames or state length this far from upstream's reads as a
 * different cadence. Frames per second are shown, not judged: upstream also sends ~30 empty frames a
 * second while it animates, which change nothing on screen (csm sends none).
 */
export const CADENCE_TOLERANCE = 0.25;

/** One line per sample window: the target's cadence against upstream's recording, flagged when outside the tolerance. */
export function describeCadence(r: Pick<CheckResult, 'scenario' | 'target' | 'cadence'>): string[] {
  return Object.entries(r.cadence ?? {}).map(([name, { target: t, reference: u }]) => {
    const fmt = (c: Cadence) => `${c.framesPerSec} frames/s (median gap ${c.medianFrameGapMs ?? '—'} ms), ${c.visibleFrames} visible (median gap ${c.medianVisibleGapMs ?? '—'} ms), animated states held ${c.medianStateMs ?? '—'} ms`;
    const off = (a: number | null, b: number | null) => a !== null && b !== null && b > 0 && Math.abs(a - b) / b > CADENCE_TOLERANCE;
    const flag = u && (off(t.medianVisibleGapMs, u.medianVisibleGapMs) || off(t.medianStateMs, u.medianStateMs)) ? ' — differs from upstream by more than 25%' : '';
    const load = t.maxSampleGapMs > 2 * (t.windowMs / Math.max(1, t.samples - 1)) ? ` (sampling stalled up to ${t.maxSampleGapMs} ms: a loaded machine)` : '';
    return `${r.scenario} ${r.target} motion ${name}: ${fmt(t)}${load}${u ? `\n  upstream recorded: ${fmt(u)}` : ''}${flag}`;
  });
}

function readEnvironment(dir: string): Partial<Environment> | null {
  const f = path.join(dir, 'environment.json');
  return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null;
}

/** Compares a capture with each recorded variant: the first that passes, else the one with most passing components. */
export function compareWithVariants(variants: { label: string; capture: Capture }[], actual: Capture): Comparison & { matched: string } {
  let best: (Comparison & { matched: string }) | null = null;
  for (const v of variants) {
    const c = { ...compareCaptures(v.capture, actual), matched: v.label };
    if (c.pass) return c;
    const passing = (x: Comparison) => x.components.filter((k) => k.pass).length;
    if (!best || passing(c) > passing(best)) best = c;
  }
  return best!;
}

export async function checkScenario(scenario: Scenario, target: TargetName, opts: LabOptions = {}): Promise<CheckResult> {
  const dir = path.join(opts.goldens ?? paths.goldens, scenario.name);
  const reference = readMeasurements(path.join(opts.captures ?? paths.captures, scenario.name))?.cadence;
  const variants = readGoldenVariants(dir);
  const environment = environmentDifferences(readEnvironment(dir), scenarioEnvironment(scenario));
  const result = await runScenario(scenario, target);
  try {
    const comparison = compareWithVariants(variants, toCapture(result));
    const cadence = toMeasurements(result).cadence;
    const wallMs = Math.round(result.timings.wallMs);
    const snapshots = Object.fromEntries(Object.entries(result.timings.snapshots).map(([k, v]) => [k, Math.round(v)]));
    return {
      scenario: scenario.name,
      target,
      ...comparison,
      environment,
      timing: { wallMs, runsMs: [wallMs], ...(Object.keys(snapshots).length ? { snapshots } : {}) },
      ...(result.raw ? { raw: rawCounters(result.raw) } : {}),
      ...(cadence ? { cadence: Object.fromEntries(Object.entries(cadence).map(([k, c]) => [k, { target: c, ...(reference?.[k] ? { reference: reference[k] } : {}) }])) } : {}),
      runDir: opts.keep ? result.run.root : undefined,
    };
  } finally {
    if (!opts.keep) disposeRun(result);
  }
}

export interface FlakeResult {
  scenario: string;
  target: TargetName;
  runs: number;
  passed: number;
  /** Component → how many runs failed it against the golden. */
  failures: Record<string, number>;
  /** Components whose output was not the same in every run (whatever the golden says). */
  varied: string[];
  /** The first failing run's problems (a wait that timed out, …), for triage. */
  firstProblems?: string;
}

/** Runs one target `runs` times on a scenario: its pass rate and what changed from run to run. */
export async function flakeScenario(scenario: Scenario, target: TargetName, runs: number, opts: LabOptions = {}): Promise<FlakeResult> {
  const variants = readGoldenVariants(path.join(opts.goldens ?? paths.goldens, scenario.name));
  const out: FlakeResult = { scenario: scenario.name, target, runs, passed: 0, failures: {}, varied: [] };
  let first: Capture | null = null;
  const varied = new Set<string>();
  for (let i = 0; i < runs; i++) {
    const result = await runScenario(scenario, target);
    try {
      const capture = toCapture(result);
      const c = compareWithVariants(variants, capture);
      if (c.pass) out.passed++;
      else if (out.firstProblems === undefined && capture.problems.length) out.firstProblems = `run ${i + 1}: ${capture.problems.join('; ')}`;
      for (const k of c.components.filter((k) => !k.pass)) out.failures[k.component] = (out.failures[k.component] ?? 0) + 1;
      if (!first) first = capture;
      else for (const k of compareCaptures(first, capture).components.filter((k) => !k.pass)) varied.add(k.component);
    } finally {
      disposeRun(result);
    }
  }
  out.varied = [...varied].sort();
  return out;
}
