// The lab's command line: list, record (upstream → goldens), check (a target vs goldens), suite (both targets, report).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { toCapture } from './capture/capture.ts';
import { disposeRun, runScenario } from './drivers/run.ts';
import { TARGETS, currentUpstream, installUpstream, parseTarget, selectUpstream, type TargetName } from './drivers/targets.ts';
import { acceptStaged, goldenChanges, readManifest, stageScenario, stagingPaths } from './golden/staging.ts';
import { goldenFiles, readGoldenVariants } from './golden/store.ts';
import { RecordError, changedLines, checkScenario, compareWithVariants, flakeScenario, paths, recordScenario, type CheckResult } from './lab.ts';
import { writeReport } from './report/write.ts';
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

async function runChecks(scenarios: Scenario[], targets: TargetName[], keep: boolean): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const total = scenarios.length * targets.length;
  let i = 0;
  for (const s of scenarios)
    for (const t of targets) {
      progress(++i, total, s.name, t);
      results.push(await checkScenario(s, t, { keep }));
    }
  return results;
}

await yargs(hideBin(process.argv))
  .scriptName('lab')
  .option('grep', { type: 'string', describe: 'only scenarios whose name matches this regex' })
  .option('shard', { type: 'string', describe: 'run shard i of n, e.g. 2/4' })
  .option('keep', { type: 'boolean', default: false, describe: 'keep run directories under .lab/runs' })
  .command('list', 'list scenarios', {}, (argv) => {
    for (const s of select(argv as Selection)) console.log(`${s.name.padEnd(32)} ${s.kind.padEnd(5)} ${s.description}`);
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
      for (const s of scenarios) {
        progress(++i, scenarios.length, s.name, `${target} ×${argv.runs}`);
        const r = await flakeScenario(s, target, argv.runs);
        if (r.passed !== r.runs) flaky++;
        const failures = Object.entries(r.failures).map(([c, n]) => `${c} (${n})`).join(', ');
        rows.push([s.name, `${r.passed}/${r.runs}`, failures || '-', r.varied.join(', ') || '-']);
      }
      console.log(formatRows(rows));
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
    (y) => y.positional('dir', { type: 'string', demandOption: true }),
    (argv) => {
      const dir = path.resolve(argv.dir);
      const manifest = readManifest(dir);
      const names = select(argv)
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
    (y) => y.option('target', { type: 'string', default: 'csm', describe: 'upstream or csm' }),
    async (argv) => {
      const target = parseTarget(argv.target);
      const results = await runChecks(select(argv), [target], !!argv.keep);
      warnEnvironment(results);
      for (const r of results.filter((r) => !r.pass)) console.log(describeFailure(r));
      console.log(writeReport(paths.report, results, [target], performance.now() - started, paths.goldens));
      if (results.some((r) => !r.pass)) process.exitCode = 1;
    },
  )
  .command(
    'suite',
    'run every scenario on both targets, print the table and write .lab/report/',
    (y) => y.option('strict', { type: 'boolean', default: false, describe: 'exit non-zero when csm fails too (default: only when upstream fails its own goldens)' }),
    async (argv) => {
      const results = await runChecks(select(argv), TARGETS, !!argv.keep);
      warnEnvironment(results);
      console.log(writeReport(paths.report, results, TARGETS, performance.now() - started, paths.goldens));
      console.log(`suite wall time ${elapsed()}; results in ${paths.report}`);
      const upstreamBroken = results.some((r) => r.target === 'upstream' && !r.pass);
      for (const r of results.filter((r) => r.target === 'upstream' && !r.pass)) console.log(describeFailure(r));
      if (upstreamBroken || (argv.strict && results.some((r) => !r.pass))) process.exitCode = 1;
    },
  )
  .demandCommand(1)
  .strict()
  .fail((msg, err) => {
    console.error(err ? err.message : msg);
    process.exit(2);
  })
  .parseAsync();
