// Benchmark: `exec` round trip and a tool-call turn, upstream vs csm, in one run against the same
// loopback mock. Reports median wall time and median peak RSS (GNU time's %M) of N runs after a
// warm-up, and csm/upstream ratios. Usage: npm run bench:exec [-- --runs 7]
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { targetEnv } from '../harness/drivers/env.ts';
import { createRunHome, writeConfig, writeWorkspace } from '../harness/drivers/home.ts';
import { targetCommand, TARGETS, type TargetName } from '../harness/drivers/targets.ts';
import { startMockServer } from '../harness/mock/server.ts';
import { loadScenario } from '../harness/scenario/load.ts';
import { paths } from '../harness/lab.ts';
import path from 'node:path';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
const CASES = [
  { name: 'exec round trip', scenario: 'exec-plain-text' },
  { name: 'exec tool-call turn', scenario: 'exec-tool-call' },
  // tool_search, then server-filesystem's list_directory over stdio (the server started per run).
  { name: 'exec MCP tool call', scenario: 'exec-mcp-tool-call' },
];

interface Sample {
  wallMs: number;
  rssKb: number;
}

async function once(target: TargetName, scenarioName: string): Promise<Sample> {
  const s = loadScenario(path.join(paths.scenarios, `${scenarioName}.yaml`));
  const run = createRunHome(`bench-${scenarioName}.${target}`);
  writeWorkspace(run, s.workspace);
  const mock = await startMockServer(s.mock);
  try {
    writeConfig(run, mock.url, s.config);
    const cmd = targetCommand(target, s.argv);
    const started = performance.now();
    const stderr = await new Promise<string>((resolve, reject) => {
      const child = spawn('/usr/bin/time', ['-f', 'BENCH_RSS_KB=%M', cmd.file, ...cmd.args], { cwd: run.workspace, env: targetEnv(run, { tty: false }), stdio: ['pipe', 'ignore', 'pipe'] });
      let err = '';
      child.stderr.on('data', (b) => (err += b));
      child.stdin.end();
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(err) : reject(new Error(`${target} exited ${code}:\n${err}`))));
    });
    const wallMs = performance.now() - started;
    const rss = /BENCH_RSS_KB=(\d+)/.exec(stderr);
    return { wallMs, rssKb: rss ? +rss[1] : NaN };
  } finally {
    await mock.close();
    rmSync(run.root, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const rows: string[][] = [['case', 'upstream wall', 'csm wall', 'wall ratio', 'upstream RSS', 'csm RSS', 'RSS ratio']];
const results: Record<string, unknown> = {};
for (const c of CASES) {
  const samples: Record<TargetName, Sample[]> = { upstream: [], csm: [] };
  for (const t of TARGETS) await once(t, c.scenario); // warm-up: page cache, first-run files
  // Interleave targets so machine noise hits both alike.
  for (let i = 0; i < runs; i++) for (const t of TARGETS) samples[t].push(await once(t, c.scenario));
  const m = (t: TargetName, k: keyof Sample) => median(samples[t].map((x) => x[k]));
  const r = { upstream: { wallMs: m('upstream', 'wallMs'), rssKb: m('upstream', 'rssKb') }, csm: { wallMs: m('csm', 'wallMs'), rssKb: m('csm', 'rssKb') } };
  results[c.name] = { runs, ...r, wallRatio: r.csm.wallMs / r.upstream.wallMs, rssRatio: r.csm.rssKb / r.upstream.rssKb };
  rows.push([
    c.name,
    `${r.upstream.wallMs.toFixed(0)} ms`,
    `${r.csm.wallMs.toFixed(0)} ms`,
    `${(r.csm.wallMs / r.upstream.wallMs).toFixed(2)}x`,
    `${(r.upstream.rssKb / 1024).toFixed(0)} MB`,
    `${(r.csm.rssKb / 1024).toFixed(0)} MB`,
    `${(r.csm.rssKb / r.upstream.rssKb).toFixed(2)}x`,
  ]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
console.log(JSON.stringify({ bench: 'exec', median_of: runs, results }, null, 2));
