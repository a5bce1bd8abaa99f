// The lab's command line: list, record (upstream → goldens), check (a target vs goldens), suite (both targets, report).
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { TARGETS, parseTarget, type TargetName } from './drivers/targets.ts';
import { RecordError, checkScenario, paths, recordScenario, type CheckResult } from './lab.ts';
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

function describeFailure(r: CheckResult): string {
  const lines = r.components.filter((c) => !c.pass).map((c) => `  ✗ ${c.component}${c.detail ? '\n' + c.detail.trimEnd().split('\n').slice(0, 40).map((l) => '      ' + l).join('\n') : ''}`);
  return `${r.scenario} [${r.target}]\n${lines.join('\n')}`;
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
  .command('record', 'run upstream and write goldens/ and reference-captures/', {}, async (argv) => {
    const scenarios = select(argv as Selection);
    let i = 0;
    for (const s of scenarios) {
      progress(++i, scenarios.length, s.name, 'upstream (record)');
      try {
        const m = await recordScenario(s, { keep: (argv as Selection).keep });
        console.log(`recorded ${s.name} (${m.wallMs} ms, ${m.requestCount} requests)`);
      } catch (e) {
        if (!(e instanceof RecordError)) throw e;
        console.log(e.message);
        process.exitCode = 1;
      }
    }
  })
  .command(
    'check',
    'run one target and diff it against the goldens',
    (y) => y.option('target', { type: 'string', default: 'csm', describe: 'upstream or csm' }),
    async (argv) => {
      const target = parseTarget(argv.target);
      const results = await runChecks(select(argv), [target], !!argv.keep);
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
