// Writes a report directory (.lab/report/ by default):
//   index.html, app.js, data.js   the dashboard (opens from file://, no network)
//   report.json                   what the dashboard shows (read back by --baseline)
//   results.json, manifest.json   the raw check results of this run and their completeness (read by merge and `lab report`)
//   summary.json, summary.md      the table; <target>/<scenario>.json one result each
//   pixels/                       pixel-diff images of failing frames
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CapturedFrame } from '../capture/capture.ts';
import { goldenChanges, readManifest, stagingPaths } from '../golden/staging.ts';
import { goldenFiles, readGolden, readGoldenVariants, readMeasurements } from '../golden/store.ts';
import type { CheckResult } from '../lab.ts';
import { appScript } from './bundle.ts';
import { buildReportData, REPORT_SCHEMA, type Completeness, type ReportData, type ShardInfo, type StagedScenario, type Versions } from './model.ts';
import { indexHtml } from './page.ts';
import { addPixelDiffs } from './pixels.ts';
import { summaryTable } from './table.ts';

/** The check results of one run (one shard, or everything): what `lab merge` and `lab report` read. */
export interface PartResults {
  kind: 'lab-results';
  schema: typeof REPORT_SCHEMA;
  versions: Versions;
  shard: ShardInfo | null;
  targets: string[];
  /** The scenarios this run was to check (its shard of the selection). */
  scenarios: string[];
  /** The whole selection before sharding: what a merge of every shard must cover. */
  allScenarios: string[];
  wallMs: number;
  generatedAt: string;
  results: CheckResult[];
}

/** Completeness manifest of a part: what it was to cover, what it holds, and the hash of results.json. */
export interface PartManifest {
  kind: 'lab-part';
  schema: typeof REPORT_SCHEMA;
  shard: ShardInfo | null;
  versions: Versions;
  targets: string[];
  scenarios: string[];
  expected: number;
  present: number;
  complete: boolean;
  missing: string[];
  resultsSha256: string;
}

export interface ReportOptions {
  results: CheckResult[];
  targets: string[];
  wallMs: number;
  versions: Versions;
  /** The goldens the results were checked against (frames for the dashboard). */
  goldens: string;
  /** reference-captures/ (the golden recording's raw counters). */
  captures?: string;
  shard?: ShardInfo | null;
  /** The scenarios this run was to check; defaults to those with results. */
  scenarios?: string[];
  allScenarios?: string[];
  /** A previous report directory to show the change against. */
  baseline?: string;
  /** A staging directory of an upstream bump: three-way frames and the accept file. */
  staging?: string;
  /** Render failing frames in Chromium and diff them (default true). */
  pixels?: boolean;
  /** Set by merge: what the merged parts lack. */
  completeness?: Completeness;
  generatedAt?: string;
}

export interface WrittenReport {
  dir: string;
  index: string;
  table: string;
  data: ReportData;
  /** Time to build and write the report, pixel diffs included. */
  buildMs: number;
}

// ---------------------------------------------------------------- secrets

const SECRET_ENV = /(KEY|TOKEN|SECRET|PASSWORD|AUTH)/i;

/** Masks credentials in report text: values of secret-named environment variables, API keys, bearer tokens. */
export function redactSecrets(text: string, env: NodeJS.ProcessEnv = process.env): string {
  let out = text;
  for (const [name, value] of Object.entries(env)) {
    if (!value || value.length < 8 || !SECRET_ENV.test(name)) continue;
    out = out.split(value).join('[redacted]');
  }
  return out
    .replace(/\bsk-[A-Za-z0-9_-]{16,}/g, 'sk-[redacted]')
    .replace(/\b(Bearer\s+)(?!\[redacted\])[A-Za-z0-9._~+/=-]{12,}/g, '$1[redacted]');
}

const json = (v: unknown) => redactSecrets(JSON.stringify(v, null, 2)) + '\n';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

// ---------------------------------------------------------------- reading inputs

function goldenFramesOf(dir: string): (scenario: string) => Record<string, CapturedFrame[]> | null {
  return (scenario) => {
    try {
      return Object.fromEntries(readGoldenVariants(path.join(dir, scenario)).map((v) => [v.label, v.capture.frames]));
    } catch {
      return null;
    }
  };
}

function stagingOf(dir: string, goldens: string) {
  const manifest = readManifest(dir);
  const staged = stagingPaths(dir);
  return {
    dir,
    upstream: manifest.upstream,
    recordedAt: manifest.recordedAt,
    scenario: (name: string): StagedScenario | undefined => {
      if (!manifest.scenarios[name] || !existsSync(path.join(staged.goldens, name))) return undefined;
      const pinned = existsSync(path.join(goldens, name)) ? goldenFiles(path.join(goldens, name)) : {};
      return {
        frames: readGolden(path.join(staged.goldens, name)).frames,
        changes: goldenChanges(pinned, goldenFiles(path.join(staged.goldens, name))),
        hashes: manifest.scenarios[name],
      };
    },
  };
}

/** report.json of a previous report directory (for --baseline). */
export function readReportData(dir: string): ReportData {
  const file = path.join(dir, 'report.json');
  if (!existsSync(file)) throw new Error(`${dir} holds no report.json: pass a directory a suite, check or report wrote`);
  const data = JSON.parse(readFileSync(file, 'utf8')) as ReportData;
  if (data.schema !== REPORT_SCHEMA) throw new Error(`${file}: report schema ${data.schema}, this lab reads ${REPORT_SCHEMA}`);
  return data;
}

/** results.json of a report directory, checked against its manifest. */
export function readPart(dir: string): { part: PartResults; manifest: PartManifest } {
  const rfile = path.join(dir, 'results.json');
  const mfile = path.join(dir, 'manifest.json');
  if (!existsSync(rfile) || !existsSync(mfile)) throw new Error(`${dir}: not a lab results directory (results.json and manifest.json expected)`);
  const text = readFileSync(rfile, 'utf8');
  const manifest = JSON.parse(readFileSync(mfile, 'utf8')) as PartManifest;
  if (manifest.resultsSha256 !== sha256(text)) throw new Error(`${rfile} does not match the sha256 in its manifest.json (truncated or edited)`);
  const part = JSON.parse(text) as PartResults;
  if (part.kind !== 'lab-results' || part.schema !== REPORT_SCHEMA) throw new Error(`${rfile}: not lab results of schema ${REPORT_SCHEMA}`);
  return { part, manifest };
}

// ---------------------------------------------------------------- writing

const size = (p: string): number => (statSync(p).isDirectory() ? readdirSync(p).reduce((s, n) => s + size(path.join(p, n)), 0) : statSync(p).size);

/** Bytes under a directory. */
export const dirBytes = (dir: string) => (existsSync(dir) ? size(dir) : 0);

function clean(dir: string, targets: string[]): void {
  for (const n of ['index.html', 'app.js', 'data.js', 'report.json', 'results.json', 'manifest.json', 'summary.json', 'summary.md', 'pixels', ...targets])
    rmSync(path.join(dir, n), { recursive: true, force: true });
}

export async function writeReport(dir: string, opts: ReportOptions): Promise<WrittenReport> {
  const t0 = performance.now();
  const targets = opts.targets;
  const scenarios = opts.scenarios ?? [...new Set(opts.results.map((r) => r.scenario))];
  const generatedAt = opts.generatedAt ?? new Date().toISOString();
  // Read every input before touching the directory: the baseline or the results may live in it.
  const baseline = opts.baseline ? readReportData(opts.baseline) : undefined;
  const missing = scenarios.flatMap((s) => targets.filter((t) => !opts.results.some((r) => r.scenario === s && r.target === t)).map((t) => `${s} · ${t}`));
  const data = buildReportData({
    results: opts.results,
    targets,
    wallMs: opts.wallMs,
    generatedAt,
    versions: opts.versions,
    shard: opts.shard ?? null,
    completeness: opts.completeness ?? { complete: missing.length === 0, missing: missing.map((m) => `no result for ${m}`), notes: [] },
    goldens: goldenFramesOf(opts.goldens),
    reference: opts.captures ? (s) => readMeasurements(path.join(opts.captures!, s))?.raw : undefined,
    staging: opts.staging ? stagingOf(opts.staging, opts.goldens) : undefined,
    baseline,
  });

  mkdirSync(dir, { recursive: true });
  clean(dir, targets);
  if (opts.pixels !== false) await addPixelDiffs(data, dir);
  else data.pixels = { note: 'not rendered (--no-pixels)', frames: 0 };

  const part: PartResults = {
    kind: 'lab-results',
    schema: REPORT_SCHEMA,
    versions: opts.versions,
    shard: opts.shard ?? null,
    targets,
    scenarios,
    allScenarios: opts.allScenarios ?? scenarios,
    wallMs: Math.round(opts.wallMs),
    generatedAt,
    results: opts.results.map(({ runDir: _runDir, ...r }) => r),
  };
  const resultsText = json(part);
  writeFileSync(path.join(dir, 'results.json'), resultsText);
  const manifest: PartManifest = {
    kind: 'lab-part',
    schema: REPORT_SCHEMA,
    shard: part.shard,
    versions: part.versions,
    targets,
    scenarios,
    expected: scenarios.length * targets.length,
    present: scenarios.length * targets.length - missing.length,
    complete: missing.length === 0,
    missing,
    resultsSha256: sha256(resultsText),
  };
  writeFileSync(path.join(dir, 'manifest.json'), json(manifest));

  for (const r of part.results) {
    mkdirSync(path.join(dir, r.target), { recursive: true });
    writeFileSync(path.join(dir, r.target, `${r.scenario}.json`), json(r));
  }
  const table = summaryTable(opts.results, targets, data);
  writeFileSync(
    path.join(dir, 'summary.json'),
    json({
      generatedAt,
      wallMs: data.wallMs,
      versions: data.versions,
      shard: data.shard,
      complete: data.completeness.complete,
      score: data.score,
      targets: Object.fromEntries(targets.map((t) => [t, { passed: data.score.perTarget[t]?.passed ?? 0, failed: (data.score.perTarget[t]?.total ?? 0) - (data.score.perTarget[t]?.passed ?? 0) }])),
      scenarios: part.results.map((r) => ({
        scenario: r.scenario,
        target: r.target,
        pass: r.pass,
        failed: r.components.filter((c) => !c.pass).map((c) => c.component),
        frames: r.frames.map((f) => ({ name: f.name, textMatch: f.textMatch, attrMatch: f.attrMatch })),
        timing: r.timing,
      })),
    }),
  );
  writeFileSync(path.join(dir, 'summary.md'), '```\n' + table + '\n```\n');

  const dataText = json(data);
  writeFileSync(path.join(dir, 'report.json'), dataText);
  // A classic script, so file:// works; '<' escaped so the data can never close a tag if inlined.
  writeFileSync(path.join(dir, 'data.js'), `window.LAB_REPORT = ${dataText.trimEnd().replace(/</g, '\\u003c')};\n`);
  writeFileSync(path.join(dir, 'app.js'), appScript());
  writeFileSync(path.join(dir, 'index.html'), indexHtml(data.shard ? `csm parity (shard ${data.shard.index}/${data.shard.count})` : 'csm parity dashboard'));
  return { dir, index: path.join(dir, 'index.html'), table, data, buildMs: performance.now() - t0 };
}
