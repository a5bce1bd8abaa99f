// What the dashboard shows, computed once in Node from check results and goldens: the triage home
// (worst first per dimension, parity score, change against a baseline), per scenario the frames
// of every side, the results, timing measured in the same run, and completeness. The browser app
// (client/app.ts) only draws this; merge and baseline read it back from report.json.
import type { CapturedFrame } from '../capture/capture.ts';
import type { RawCounters } from '../capture/raw-counters.ts';
import type { GoldenChange } from '../golden/staging.ts';
import type { CheckResult } from '../lab.ts';

export const REPORT_SCHEMA = 1;

export interface Versions {
  /** The upstream Codex version the targets ran against. */
  upstream: string;
  /** csm's package version and commit. */
  csm: string;
  /** A hash over every golden file: shards checked against different goldens cannot be merged. */
  goldens: string;
}

export interface ShardInfo {
  index: number;
  count: number;
}

export interface PixelDiff {
  /** Pixels that differ between the golden and the target frame, drawn alike in Chromium. */
  changed: number;
  total: number;
  width: number;
  height: number;
  /** The pixelmatch diff image, relative to the report directory. */
  image: string;
}

export interface ResultEntry extends Omit<CheckResult, 'runDir'> {
  /** Mean of the component scores, 0..1. */
  score: number;
  /** Frame name → pixel diff (failing frames only, when Chromium was available). */
  pixels?: Record<string, PixelDiff>;
}

export interface TimingEntry {
  upstreamMs: number;
  csmMs: number;
  /** csm / upstream, both medians of the runs of this report. */
  ratio: number;
  runs: { upstream: number; csm: number };
}

export interface StagedScenario {
  /** The new upstream's frames (first variant). */
  frames: CapturedFrame[];
  changes: GoldenChange[];
  /** Path under the staging dir → sha256, as the staging manifest holds them (what an accept file names). */
  hashes: Record<string, string>;
}

export interface ScenarioEntry {
  name: string;
  kind: 'tui' | 'exec' | 'jsonrpc';
  /** Variant label (`golden`, `alt-1`, …) → its frames. */
  golden: Record<string, CapturedFrame[]>;
  results: Record<string, ResultEntry>;
  timing: TimingEntry | null;
  /** Raw counters of the golden's recording run (another machine: shown for reference only). */
  reference?: RawCounters;
  staged?: StagedScenario;
}

export interface TriageEntry {
  scenario: string;
  target: string;
  score: number;
  /** The failing components of this entry's dimension (all failing components on the failures list). */
  components: string[];
  timedOut: boolean;
  matched: string;
}

export interface Dimension {
  id: string;
  label: string;
  failing: number;
  total: number;
  /** Failing results, worst first. */
  entries: TriageEntry[];
}

export interface TimingDimension {
  id: 'timing';
  label: string;
  /** Scenarios where csm took over SLOW_RATIO × upstream's time in the same run. */
  failing: number;
  total: number;
  /** Every scenario with both targets, slowest csm first. */
  entries: { scenario: string; ratio: number; upstreamMs: number; csmMs: number }[];
}

export interface BaselineDelta {
  generatedAt: string;
  scoreBefore: number;
  scoreAfter: number;
  /** Results that passed in the baseline and fail now, or whose score dropped. */
  regressions: { scenario: string; target: string; before: number; after: number; wasPass: boolean; isPass: boolean }[];
  fixes: { scenario: string; target: string; before: number; after: number; wasPass: boolean; isPass: boolean }[];
  added: string[];
  removed: string[];
}

export interface Completeness {
  complete: boolean;
  /** What a merged report lacks: missing shards, scenarios without a result. */
  missing: string[];
  notes: string[];
}

export interface ReportData {
  schema: typeof REPORT_SCHEMA;
  generatedAt: string;
  wallMs: number;
  targets: string[];
  versions: Versions;
  /** Set on the report of one shard (a partial report). */
  shard: ShardInfo | null;
  completeness: Completeness;
  /** How this machine differs from the goldens' recording machine (union over scenarios). */
  environment: string[];
  score: { target: string; overall: number; perTarget: Record<string, { passed: number; total: number; score: number }> };
  failures: TriageEntry[];
  dimensions: Dimension[];
  timing: TimingDimension;
  scenarios: ScenarioEntry[];
  baseline?: BaselineDelta;
  staging?: { dir: string; upstream: string; recordedAt: string };
  pixels: { note: string; frames: number };
}

/** csm slower than this many times upstream's time in the same run is listed as a timing failure. */
export const SLOW_RATIO = 1.5;

export const DIMENSIONS: { id: string; label: string; match: (component: string) => boolean }[] = [
  { id: 'frames-text', label: 'frames · text', match: (c) => c === 'frames.text' },
  { id: 'frames-attrs', label: 'frames · attributes', match: (c) => c === 'frames.attrs' || c === 'frames.meta' },
  { id: 'requests', label: 'requests', match: (c) => c === 'requests' || c === 'title_requests' },
  { id: 'events', label: 'events', match: (c) => /^events/.test(c) },
  { id: 'rollouts', label: 'rollouts', match: (c) => c === 'rollouts' },
  { id: 'messages', label: 'JSON-RPC messages', match: (c) => c === 'messages' },
  { id: 'motion', label: 'motion · timelines', match: (c) => c === 'timelines' },
  { id: 'output', label: 'stdout · stderr · exit · files', match: (c) => /^(stdout|stderr|exit_code|invocation|files|problems)/.test(c) },
];

export function median(xs: number[]): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) / 2);
}

export const resultScore = (r: Pick<CheckResult, 'components'>) =>
  r.components.length ? r.components.reduce((s, c) => s + c.score, 0) / r.components.length : 1;

const round4 = (x: number) => Math.round(x * 10000) / 10000;

/** The target the parity score is about: csm when present. */
export const scoredTarget = (targets: string[]) => (targets.includes('csm') ? 'csm' : targets.find((t) => t !== 'upstream') ?? targets[0]);

export interface BuildInput {
  results: CheckResult[];
  targets: string[];
  wallMs: number;
  generatedAt?: string;
  versions: Versions;
  shard?: ShardInfo | null;
  completeness?: Completeness;
  /** Scenario → variant label → frames (null when the golden cannot be read). */
  goldens: (scenario: string) => Record<string, CapturedFrame[]> | null;
  reference?: (scenario: string) => RawCounters | undefined;
  staging?: { dir: string; upstream: string; recordedAt: string; scenario: (name: string) => StagedScenario | undefined };
  baseline?: ReportData;
}

const byName = (a: { scenario: string; target: string }, b: { scenario: string; target: string }, targets: string[]) =>
  a.scenario.localeCompare(b.scenario) || targets.indexOf(a.target) - targets.indexOf(b.target);

export function buildReportData(input: BuildInput): ReportData {
  const { targets } = input;
  const results = [...input.results].sort((a, b) => byName(a, b, targets));
  const names = [...new Set(results.map((r) => r.scenario))];
  const entry = (r: CheckResult): ResultEntry => {
    const { runDir: _runDir, ...rest } = r;
    return { ...rest, score: round4(resultScore(r)) };
  };
  const scenarios: ScenarioEntry[] = names.map((name) => {
    const rs = results.filter((r) => r.scenario === name);
    const golden = input.goldens(name) ?? {};
    const kind = rs.some((r) => r.components.some((c) => c.component === 'messages')) ? 'jsonrpc' : Object.values(golden).some((f) => f.length) || rs.some((r) => r.frames.length) ? 'tui' : 'exec';
    const up = rs.find((r) => r.target === 'upstream');
    const csm = rs.find((r) => r.target === 'csm');
    const timing: TimingEntry | null =
      up && csm
        ? (() => {
            const u = median(up.timing.runsMs?.length ? up.timing.runsMs : [up.timing.wallMs]);
            const c = median(csm.timing.runsMs?.length ? csm.timing.runsMs : [csm.timing.wallMs]);
            return { upstreamMs: u, csmMs: c, ratio: u > 0 ? Math.round((c / u) * 100) / 100 : NaN, runs: { upstream: up.timing.runsMs?.length ?? 1, csm: csm.timing.runsMs?.length ?? 1 } };
          })()
        : null;
    const reference = input.reference?.(name);
    const staged = input.staging?.scenario(name);
    return {
      name,
      kind,
      golden,
      results: Object.fromEntries(rs.map((r) => [r.target, entry(r)])),
      timing,
      ...(reference ? { reference } : {}),
      ...(staged ? { staged } : {}),
    };
  });

  const triage = (r: CheckResult, components: string[]): TriageEntry => ({
    scenario: r.scenario,
    target: r.target,
    score: round4(components.length ? Math.min(...r.components.filter((c) => components.includes(c.component)).map((c) => c.score)) : resultScore(r)),
    components,
    timedOut: r.frames.some((f) => !!f.actual?.timedOut),
    matched: r.matched,
  });
  const worstFirst = (a: TriageEntry, b: TriageEntry) => a.score - b.score || byName(a, b, targets);

  const failures = results
    .filter((r) => !r.pass)
    .map((r) => ({ ...triage(r, []), score: round4(resultScore(r)), components: r.components.filter((c) => !c.pass).map((c) => c.component) }))
    .sort(worstFirst);

  const dimensions: Dimension[] = DIMENSIONS.map((d) => {
    const having = results.filter((r) => r.components.some((c) => d.match(c.component)));
    const entries = having
      .map((r) => ({ r, failing: r.components.filter((c) => d.match(c.component) && !c.pass).map((c) => c.component) }))
      .filter((x) => x.failing.length)
      .map((x) => triage(x.r, x.failing))
      .sort(worstFirst);
    return { id: d.id, label: d.label, failing: entries.length, total: having.length, entries };
  });

  const timed = scenarios
    .filter((s) => s.timing && Number.isFinite(s.timing.ratio))
    .map((s) => ({ scenario: s.name, ratio: s.timing!.ratio, upstreamMs: s.timing!.upstreamMs, csmMs: s.timing!.csmMs }))
    .sort((a, b) => b.ratio - a.ratio || a.scenario.localeCompare(b.scenario));
  const timing: TimingDimension = {
    id: 'timing',
    label: 'timing · csm / upstream, same run',
    failing: timed.filter((t) => t.ratio > SLOW_RATIO).length,
    total: timed.length,
    entries: timed,
  };

  const perTarget = Object.fromEntries(
    targets.map((t) => {
      const rs = results.filter((r) => r.target === t);
      const score = rs.length ? rs.reduce((s, r) => s + resultScore(r), 0) / rs.length : 0;
      return [t, { passed: rs.filter((r) => r.pass).length, total: rs.length, score: round4(score) }];
    }),
  );
  const target = scoredTarget(targets);
  const data: ReportData = {
    schema: REPORT_SCHEMA,
    generatedAt: input.generatedAt ?? new Date().toISOString(),
    wallMs: Math.round(input.wallMs),
    targets,
    versions: input.versions,
    shard: input.shard ?? null,
    completeness: input.completeness ?? { complete: true, missing: [], notes: [] },
    environment: [...new Set(results.flatMap((r) => r.environment ?? []))].sort(),
    score: { target, overall: perTarget[target]?.score ?? 0, perTarget },
    failures,
    dimensions,
    timing,
    scenarios,
    ...(input.staging ? { staging: { dir: input.staging.dir, upstream: input.staging.upstream, recordedAt: input.staging.recordedAt } } : {}),
    pixels: { note: 'not rendered', frames: 0 },
  };
  if (input.baseline) data.baseline = compareBaseline(input.baseline, data);
  return data;
}

/** What changed since a previous report: its score, results that got worse or better, scenarios added or gone. */
export function compareBaseline(before: ReportData, after: ReportData): BaselineDelta {
  const index = (d: ReportData) => {
    const m = new Map<string, { score: number; pass: boolean }>();
    for (const s of d.scenarios) for (const [t, r] of Object.entries(s.results)) m.set(`${s.name}\u0000${t}`, { score: r.score, pass: r.pass });
    return m;
  };
  const b = index(before);
  const a = index(after);
  const regressions: BaselineDelta['regressions'] = [];
  const fixes: BaselineDelta['fixes'] = [];
  for (const [key, now] of a) {
    const was = b.get(key);
    if (!was) continue;
    const [scenario, target] = key.split('\u0000');
    const row = { scenario, target, before: was.score, after: now.score, wasPass: was.pass, isPass: now.pass };
    if ((was.pass && !now.pass) || now.score < was.score) regressions.push(row);
    else if ((!was.pass && now.pass) || now.score > was.score) fixes.push(row);
  }
  const names = (d: ReportData) => new Set(d.scenarios.map((s) => s.name));
  const [nb, na] = [names(before), names(after)];
  return {
    generatedAt: before.generatedAt,
    scoreBefore: before.score.overall,
    scoreAfter: after.score.overall,
    regressions: regressions.sort((x, y) => x.after - x.before - (y.after - y.before) || x.scenario.localeCompare(y.scenario)),
    fixes: fixes.sort((x, y) => y.after - y.before - (x.after - x.before) || x.scenario.localeCompare(y.scenario)),
    added: [...na].filter((n) => !nb.has(n)).sort(),
    removed: [...nb].filter((n) => !na.has(n)).sort(),
  };
}
