// The lab's operations, shared by the CLI and the tests: record a golden from upstream, check a target.
import path from 'node:path';
import { fullRequests, toCapture, toMeasurements, type Measurements } from './capture/capture.ts';
import { compareCaptures, type Comparison } from './diff/capture.ts';
import { disposeRun, runScenario } from './drivers/run.ts';
import { repoRoot, type TargetName } from './drivers/targets.ts';
import { readGolden, readMeasurements, writeGolden, writeMeasurements } from './golden/store.ts';
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

/** Runs upstream and writes its normalized behaviour as the scenario's golden. */
export async function recordScenario(scenario: Scenario, opts: LabOptions = {}): Promise<Measurements> {
  const result = await runScenario(scenario, 'upstream');
  try {
    const capture = toCapture(result);
    // A golden recorded from a broken run would make every later check meaningless.
    if (capture.problems.length) throw new RecordError(`${scenario.name}: upstream run had problems, golden not written:\n  ${capture.problems.join('\n  ')}`);
    writeGolden(path.join(opts.goldens ?? paths.goldens, scenario.name), capture);
    const m = toMeasurements(result);
    writeMeasurements(path.join(opts.captures ?? paths.captures, scenario.name), m, fullRequests(result));
    return m;
  } finally {
    if (!opts.keep) disposeRun(result);
  }
}

export interface CheckResult extends Comparison {
  scenario: string;
  target: TargetName;
  timing: { wallMs: number; goldenWallMs: number | null; ratio: number | null };
  runDir?: string;
}

export async function checkScenario(scenario: Scenario, target: TargetName, opts: LabOptions = {}): Promise<CheckResult> {
  const golden = readGolden(path.join(opts.goldens ?? paths.goldens, scenario.name));
  const reference = readMeasurements(path.join(opts.captures ?? paths.captures, scenario.name));
  const result = await runScenario(scenario, target);
  try {
    const comparison = compareCaptures(golden, toCapture(result));
    const wallMs = Math.round(result.timings.wallMs);
    const goldenWallMs = reference?.wallMs ?? null;
    return {
      scenario: scenario.name,
      target,
      ...comparison,
      timing: { wallMs, goldenWallMs, ratio: goldenWallMs ? +(wallMs / goldenWallMs).toFixed(2) : null },
      runDir: opts.keep ? result.run.root : undefined,
    };
  } finally {
    if (!opts.keep) disposeRun(result);
  }
}
