// The lab's command line: list, record (upstream → goldens), check (a target vs goldens), suite (both targets, report).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { toCapture } from './capture/capture.ts';
import { disposeRun, runScenario } from './drivers/run.ts';
import { TARGETS, currentUpstream, installUpstream, parseTarget, selectUpstream, type TargetName } from './drivers/targets.ts';
import { acceptStaged, goldenChanges, readManifest, stageScenario, stagingPaths } from './golden/staging.ts';
import { goldenFiles, readGoldenVariants } from './golden/store.ts';
import { RecordError, changedLines, checkScenario, describeCadence, compareWithVariants, flakeScenario, paths, recordScenario, type CheckResult } from './lab.ts';
import { readAcceptFile, scenariosToAccept } from './report/accept-file.ts';
import { mergeParts } from './report/merge.ts';
import type { ShardInfo } from './report/model.ts';
import { labVersions } from './report/versions.ts';
import { dirBytes, readPart, writeReport, type ReportOptions, type WrittenReport } from './report/write.ts';
import { loadScenarios } from './scenario/load.ts';
import type { Scenario } from './scenario/schema.ts';

interface Selection {
  grep?: string;
  shard?: string;
  keep?: boolean;
}

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)}s`;
const progress = (i: number, n: number, s: string, target: string) => process.stderr.write(`[${i}/${n}] ${s} · ${target} · ${elapsed()}\n`);

function select(argv: Selection): Scenario[] {
  const scenarios = loadScenarios(paths.scenarios, argv);
  if (!scenarios.length) throw new Error('no scenario matched');
  return scenarios;
}

/** Names, once each, every way this machine differs from where the goldens were recorded. */
function warnEnvironment(results: CheckResult[]): void {
  const drift = new Map<string, string[]>();
  for (const r of results) for (const d of r.environment) drift.set(d, [...(drift.get(d) ?? []), r.scenario]);
  for (const [d, scenarios] of drift) {
    const which = new Set(scenarios).size === new Set(results.map((r) => r.scenario)).size ? 'every golden' : [...new Set(scenarios)].join(', ');
    console.warn(`warning: ${d} (${which})`);
  }
}

function describeFailure(r: CheckResult): string {
  const lines = r.components.filter((c) => !c.pass).map((c) => `  ✗ ${c.component}${c.detail ? '\n' + c.detail.trimEnd().split('\n').slice(0, 40).map((l) => '      ' + l).join('\n') : ''}`);
  return `${r.scenario} [${r.target}]\n${lines.join('\n')}`;
}

function formatRows(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

/** One run of a target, normalized (the run directory is removed). */
async function captureOf(s: Scenario, target: TargetName) {
  const result = await runScenario(s, target);
  try {
    return toCapture(result);
  } finally {
    disposeRun(result);
  }
}

/**
 * Checks every scenario on each target, `runs` times (timing shows the medians). With `jobs` > 1,
 * that many scenarios run at once (each scenario's targets still one after the other); results keep
 * the scenarios' order.
 */
async function runChecks(scenarios: Scenario[], targets: TargetName[], keep: boolean, runs = 1, jobs = 1): Promise<CheckResult[]> {
  const total = scenarios.length * targets.length * runs;
  let i = 0;
  const checkOne = async (s: Scenario): Promise<CheckResult[]> => {
    const first = new Map<TargetName, CheckResult>();
    for (let k = 0; k < runs; k++)
      for (const t of targets) {
        progress(++i, total, s.name, runs > 1 ? `${t} (run ${k + 1}/${runs})` : t);
        const r = await checkScenario(s, t, { keep });
        const kept = first.get(t);
        if (!kept) first.set(t, r);
        else kept.timing.runsMs.push(r.timing.wallMs);
      }
    return targets.map((t) => {
      const r = first.get(t)!;
      const sorted = [...r.timing.runsMs].sort((a, b) => a - b);
      r.timing.wallMs = sorted[Math.floor(sorted.length / 2)];
      return r;
    });
  };
  const out: CheckResult[][] = new Array(scenarios.length);
  let next = 0;
  const worker = async () => {
    while (next < scenarios.length) {
      const k = next++;
      out[k] = await checkOne(scenarios[k]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, scenarios.length)) }, worker));
  return out.flat();
}

interface ReportArgs {
  out?: string;
  baseline?: string;
  staging?: string;
  pixels?: boolean;
}

const reportOptions = <T>(y: import('yargs').Argv<T>) =>
  y
    .option('out', { type: 'string', describe: 'report directory (default .lab/report)' })
    .option('baseline', { type: 'string', describe: 'a previous report directory: show what changed since' })
    .option('staging', { type: 'string', describe: 'a staging directory of an upstream bump: three-way frames and the accept file' })
    .option('pixels', { type: 'boolean', default: true, describe: 'render failing frames in Chromium and diff them (--no-pixels to skip)' });

function parseShard(shard: string | undefined): ShardInfo | null {
  const m = shard ? /^(\d+)\/(\d+)$/.exec(shard) : null;
  return m ? { index: +m[1], count: +m[2] } : null;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function emitReport(argv: ReportArgs, opts: Omit<ReportOptions, 'versions' | 'goldens' | 'captures' | 'baseline' | 'staging' | 'pixels'> & { versions?: ReportOptions['versions'] }): Promise<WrittenReport> {
  const dir = path.resolve(argv.out ?? paths.report);
  const written = await writeReport(dir, {
    versions: opts.versions ?? labVersions(paths.goldens),
    goldens: paths.goldens,
    captures: paths.captures,
    baseline: argv.baseline ? path.resolve(argv.baseline) : undefined,
    staging: argv.staging ? path.resolve(argv.staging) : undefined,
    pixels: argv.pixels,
    ...opts,
  });
  console.log(written.table);
  return written;
}

/** The closing lines of every command that writes a report: its state, build time and size, then its path. */
function reportFooter(w: WrittenReport): void {
  const c = w.data.completeness;
  if (!c.complete) console.log(`PARTIAL report: ${[...c.missing, ...c.notes].join('; ')}`);
  else if (w.data.shard) console.log(`partial report of shard ${w.data.shard.index}/${w.data.shard.count} (lab merge joins the shards)`);
  console.log(`report built in ${(w.buildMs / 1000).toFixed(1)}s (${w.data.pixels.note}); ${mb(dirBytes(w.dir))} in ${w.dir}`);
  console.log(`report: ${pathToFileURL(w.index).href}`);
}

/** Results directories under the given paths: each path itself, or its subdirectories holding results.json. */
function partDirs(given: string[]): string[] {
  const out: string[] = [];
  for (const g of given.map((p) => path.resolve(p))) {
    if (existsSync(path.join(g, 'results.json'))) out.push(g);
    else if (existsSync(g))
      for (const e of readdirSync(g, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)))
        if (e.isDirectory() && existsSync(path.join(g, e.name, 'results.json'))) out.push(path.join(g, e.name));
  }
  return out;
}

await yargs(hideBin(process.argv))
  .scriptName('lab')
  .option('grep', { type: 'string', describe: 'only scenarios whose name matches this regex' })
  .option('shard', { type: 'string', describe: 'run shard i of n, e.g. 2/4' })
  .option('keep', { type: 'boolean', default: false, describe: 'keep run directories under .lab/runs' })
  .command('list', 'list scenarios', {}, (argv) => {
    for (const s of select(argv as Selection)) console.log(`${s.name.padEnd(32)} ${s.kind.padEnd(7)} ${s.description}`);
  })
  .command(
    'record',
    'run upstream N times and write goldens/ and reference-captures/ when the runs agree',
    (y) =>
      y
        .option('runs', { type: 'number', default: 3, describe: 'upstream runs that must agree before a golden is written' })
        .option('upstream', { type: 'string', describe: 'record another upstream version (installed privately into the lab cache); needs --into' })
        .option('into', { type: 'string', describe: 'a staging directory for --upstream recordings (goldens/ is never touched)' }),
    async (argv) => {
      if (!!argv.upstream !== !!argv.into) throw new Error('--upstream and --into go together: lab record --upstream 0.171.0 --into .lab/bump-0.171.0');
      const staging = argv.into ? stagingPaths(path.resolve(argv.into)) : null;
      if (argv.upstream) {
        process.stderr.write(`installing @openai/codex@${argv.upstream} into the lab cache…\n`);
        selectUpstream(installUpstream(argv.upstream));
      }
      const scenarios = select(argv);
      let i = 0;
      for (const s of scenarios) {
        progress(++i, scenarios.length, s.name, `upstream ${currentUpstream().version} (record ×${argv.runs})`);
        try {
          const m = await recordScenario(s, { keep: argv.keep, runs: argv.runs, ...(staging ? { goldens: staging.goldens, captures: staging.captures } : {}) });
          if (argv.into) stageScenario(path.resolve(argv.into), currentUpstream().version, s.name);
          console.log(`recorded ${s.name} (${argv.runs} runs agree; median ${m.wallMs} ms, ${m.requestCount} requests)`);
        } catch (e) {
          if (!(e instanceof RecordError)) throw e;
          console.log(e.message);
          process.exitCode = 1;
        }
      }
    },
  )
  .command(
    'flake',
    'run a target N times per scenario: pass rate and the components that varied',
    (y) => y.option('target', { type: 'string', default: 'upstream', describe: 'upstream or csm' }).option('runs', { type: 'number', default: 10 }),
    async (argv) => {
      const target = parseTarget(argv.target);
      const scenarios = select(argv);
      const rows: string[][] = [['scenario', 'pass', 'failed components (runs)', 'varied between runs']];
      let i = 0;
      let flaky = 0;
      const problems: string[] = [];
      for (const s of scenarios) {
        progress(++i, scenarios.length, s.name, `${target} ×${argv.runs}`);
        const r = await flakeScenario(s, target, argv.runs);
        if (r.passed !== r.runs) flaky++;
        const failures = Object.entries(r.failures).map(([c, n]) => `${c} (${n})`).join(', ');
        rows.push([s.name, `${r.passed}/${r.runs}`, failures || '-', r.varied.join(', ') || '-']);
        if (r.firstProblems) problems.push(`${s.name}: ${r.firstProblems}`);
      }
      console.log(formatRows(rows));
      for (const p of problems) console.log(p);
      console.log(`${scenarios.length - flaky}/${scenarios.length} scenarios passed every run on ${target}; ${elapsed()}`);
      if (flaky) process.exitCode = 1;
    },
  )
  .command(
    'compare-goldens <dir>',
    'what changed between the pinned goldens and a staged recording, and how csm fares against each',
    (y) => y.positional('dir', { type: 'string', demandOption: true }).option('csm', { type: 'boolean', default: true, describe: 'also check csm against both (--no-csm to skip)' }),
    async (argv) => {
      const dir = path.resolve(argv.dir);
      const manifest = readManifest(dir);
      const staged = stagingPaths(dir);
      const scenarios = select(argv).filter((s) => manifest.scenarios[s.name]);
      const lines: string[] = [`# upstream ${manifest.upstream} (staged ${manifest.recordedAt}) vs the pinned goldens`, ''];
      const rows: string[][] = [['scenario', 'changed components', 'csm vs pinned', `csm vs ${manifest.upstream}`]];
      let i = 0;
      for (const s of scenarios) {
        const changes = goldenChanges(
          existsSync(path.join(paths.goldens, s.name)) ? goldenFiles(path.join(paths.goldens, s.name)) : {},
          goldenFiles(path.join(staged.goldens, s.name)),
        );
        const comps = [...new Set(changes.map((c) => c.component))];
        let vsPinned = '-';
        let vsStaged = '-';
        if (argv.csm) {
          progress(++i, scenarios.length, s.name, 'csm');
          const capture = await captureOf(s, 'csm');
          const verdict = (dir: string) => {
            if (!existsSync(path.join(dir, s.name))) return 'no golden';
            const c = compareWithVariants(readGoldenVariants(path.join(dir, s.name)), capture);
            return c.pass ? 'PASS' : `FAIL (${c.components.filter((k) => !k.pass).map((k) => k.component).join(',')})`;
          };
          vsPinned = verdict(paths.goldens);
          vsStaged = verdict(staged.goldens);
        }
        rows.push([s.name, comps.join(', ') || 'unchanged', vsPinned, vsStaged]);
        if (changes.length) {
          lines.push(`## ${s.name}`);
          for (const c of changes) {
            lines.push(`- ${c.component}: ${c.file} ${c.kind}`);
            if (c.kind === 'changed') lines.push(changedLines(readFileSync(path.join(paths.goldens, s.name, c.file), 'utf8'), readFileSync(path.join(staged.goldens, s.name, c.file), 'utf8'), 60));
          }
          lines.push('');
        }
      }
      const table = formatRows(rows);
      writeFileSync(path.join(dir, 'compare.md'), `${lines.join('\n')}\n\n\`\`\`\n${table}\n\`\`\`\n`);
      console.log(table);
      console.log(`details: ${path.join(dir, 'compare.md')}`);
    },
  )
  .command(
    'accept <dir>',
    'move reviewed staged goldens into goldens/ and reference-captures/ (hash-checked, no re-run)',
    (y) =>
      y
        .positional('dir', { type: 'string', demandOption: true })
        .option('from-file', { type: 'string', describe: "the dashboard's accept file: exactly the scenarios ticked there, with the hashes reviewed" }),
    (argv) => {
      const dir = path.resolve(argv.dir);
      const manifest = readManifest(dir);
      const names = argv.fromFile
        ? scenariosToAccept(dir, readAcceptFile(path.resolve(argv.fromFile)))
        : select(argv)
            .map((s) => s.name)
            .filter((n) => manifest.scenarios[n]);
      acceptStaged(dir, { goldens: paths.goldens, captures: paths.captures }, names);
      console.log(`accepted ${names.length} scenario(s) recorded from upstream ${manifest.upstream}: ${names.join(', ')}`);
      if (manifest.upstream !== currentUpstream().version)
        console.log(`the pin is still ${currentUpstream().version}: npm install -D --save-exact @openai/codex@${manifest.upstream}`);
    },
  )
  .command(
    'check',
    'run one target and diff it against the goldens',
    (y) => reportOptions(y.option('target', { type: 'string', default: 'csm', describe: 'upstream or csm' })),
    async (argv) => {
      const target = parseTarget(argv.target);
      const scenarios = select(argv);
      const results = await runChecks(scenarios, [target], !!argv.keep);
      warnEnvironment(results);
      for (const r of results.filter((r) => !r.pass)) console.log(describeFailure(r));
      for (const line of results.flatMap(describeCadence)) console.log(line);
      const all = loadScenarios(paths.scenarios, { grep: argv.grep }).map((s) => s.name);
      const w = await emitReport(argv, { results, targets: [target], wallMs: performance.now() - started, shard: parseShard(argv.shard), scenarios: scenarios.map((s) => s.name), allScenarios: all });
      reportFooter(w);
      if (results.some((r) => !r.pass)) process.exitCode = 1;
    },
  )
  .command(
    'suite',
    'run every scenario on both targets, print the table and write .lab/report/',
    (y) =>
      reportOptions(
        y
          .option('strict', { type: 'boolean', default: false, describe: 'exit non-zero when csm fails too (default: only when upstream fails its own goldens)' })
          .option('runs', { type: 'number', default: 1, describe: 'runs per scenario and target; timing shows the medians' })
          .option('jobs', { type: 'number', default: 1, describe: 'scenarios run at once (2 on a 2-core machine halves the wall time; timings get noisier)' }),
      ),
    async (argv) => {
      const scenarios = select(argv);
      const results = await runChecks(scenarios, TARGETS, !!argv.keep, Math.max(1, argv.runs), Math.max(1, argv.jobs));
      warnEnvironment(results);
      const upstreamBroken = results.some((r) => r.target === 'upstream' && !r.pass);
      for (const r of results.filter((r) => r.target === 'upstream' && !r.pass)) console.log(describeFailure(r));
      const all = loadScenarios(paths.scenarios, { grep: argv.grep }).map((s) => s.name);
      const w = await emitReport(argv, { results, targets: TARGETS, wallMs: performance.now() - started, shard: parseShard(argv.shard), scenarios: scenarios.map((s) => s.name), allScenarios: all });
      console.log(`suite wall time ${elapsed()}`);
      reportFooter(w);
      if (upstreamBroken || (argv.strict && results.some((r) => !r.pass))) process.exitCode = 1;
    },
  )
  .command(
    'report <dir>',
    'rebuild the dashboard from the results in a report directory (optionally against a baseline or a staged upstream)',
    (y) => reportOptions(y.positional('dir', { type: 'string', demandOption: true })),
    async (argv) => {
      const dir = path.resolve(argv.dir);
      const { part, manifest } = readPart(dir);
      const w = await emitReport(
        { ...argv, out: argv.out ?? dir },
        {
          results: part.results,
          targets: part.targets,
          wallMs: part.wallMs,
          versions: part.versions,
          shard: part.shard,
          scenarios: part.scenarios,
          allScenarios: part.allScenarios,
          generatedAt: part.generatedAt,
          completeness: manifest.complete ? undefined : { complete: false, missing: manifest.missing.map((m) => `no result for ${m}`), notes: [] },
        },
      );
      reportFooter(w);
    },
  )
  .command(
    'merge <parts..>',
    "join shards' report directories (or a directory of them) into one report; non-zero when a shard is missing or versions differ",
    (y) => reportOptions(y.positional('parts', { type: 'string', array: true, demandOption: true })),
    async (argv) => {
      const dirs = partDirs(argv.parts as string[]);
      if (!dirs.length) throw new Error(`no results.json under ${(argv.parts as string[]).join(', ')}`);
      const merged = mergeParts(dirs.map((d) => readPart(d).part));
      const w = await emitReport(argv, {
        results: merged.results,
        targets: merged.targets,
        wallMs: merged.wallMs,
        versions: merged.versions,
        scenarios: merged.scenarios,
        allScenarios: merged.scenarios,
        completeness: merged.completeness,
      });
      console.log(`merged ${dirs.length} part(s): ${dirs.map((d) => path.relative(process.cwd(), d) || '.').join(', ')}`);
      reportFooter(w);
      if (!merged.completeness.complete) process.exitCode = 1;
    },
  )
  .demandCommand(1)
  .strict()
  .fail((msg, err) => {
    console.error(err ? err.message : msg);
    process.exit(2);
  })
  .parseAsync();
