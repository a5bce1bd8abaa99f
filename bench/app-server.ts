// Benchmark: the app-server, upstream (`codex app-server`) vs csm (`csm app-server`), over stdio on
// the same generated history (bench/sessions' scales), in one run, targets interleaved:
//   thread/list   spawn → the first page (the resume picker's request), cold (no state DB / index)
//                 and warm (a second server on the same home); and request → page on a server
//                 already up (after initialize), its first list and a repeat
//   first delta   `turn/start` on a new thread → the first item/agentMessage/delta, and spawn → that
//                 delta (initialize, thread/start and the turn included), against the loopback mock
// Medians over --runs after one warm-up; csm/upstream ratios; JSON on stdout's last lines.
// Usage: npx tsx bench/app-server.ts [--scale medium] [--runs 5]
import { readdirSync, cpSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { targetEnv } from '../harness/drivers/env.ts';
import { createRunHome, writeConfig, writeWorkspace, type RunHome } from '../harness/drivers/home.ts';
import { reapRun } from '../harness/drivers/reap.ts';
import { targetCommand, TARGETS, type TargetName } from '../harness/drivers/targets.ts';
import { startMockServer } from '../harness/mock/server.ts';
import { startStdioClient } from '../product/test-support/jsonrpc.ts';
import { appServerRequest } from './sessions/measure.ts';
import { ensureHistory, parseScale } from './sessions/scales.ts';

const { values } = parseArgs({ options: { scale: { type: 'string', default: 'medium' }, runs: { type: 'string', default: '5' } } });
const scale = parseScale(values.scale!);
const runs = Math.max(1, Number(values.runs) || 5);
const log = (s: string) => console.error(`[bench] ${s}`);

/** The resume picker's request (upstream's TUI), widened to every source and provider. */
const LIST_PARAMS = {
  limit: 25,
  sortKey: 'updated_at',
  archived: false,
  modelProviders: [],
  sourceKinds: ['cli', 'vscode', 'exec', 'appServer', 'subAgent', 'subAgentReview', 'subAgentCompact', 'subAgentThreadSpawn', 'subAgentOther', 'unknown'],
};

interface Sample {
  listColdMs: number;
  listWarmMs: number;
  listServerFirstMs: number;
  listServerRepeatMs: number;
  turnToDeltaMs: number;
  spawnToDeltaMs: number;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function home(target: TargetName, source: string): RunHome {
  const run = createRunHome(`bench-appserver.${target}`);
  for (const entry of readdirSync(source)) cpSync(path.join(source, entry), path.join(run.codexHome, entry), { recursive: true, preserveTimestamps: true });
  writeWorkspace(run, { git: true, files: { 'README.md': 'app-server benchmark workspace\n' } });
  return run;
}

async function once(target: TargetName, source: string): Promise<Sample> {
  const run = home(target, source);
  const mock = await startMockServer({ turns: [{ output: [{ text: 'The first words of an answer, streamed in several deltas.' }], chunks: 4 }] });
  writeConfig(run, mock.url, '');
  const env = targetEnv(run, { tty: false });
  const cmd = targetCommand(target, ['app-server']);
  try {
    const list = async () => {
      const o = await appServerRequest(cmd.file, cmd.args, 'thread/list', LIST_PARAMS, { cwd: run.workspace, env, timeoutMs: 300_000 });
      if (!o.ok) throw new Error(`${target} thread/list: ${o.error}`);
      return o.wallMs;
    };
    const listColdMs = await list();
    const listWarmMs = await list();

    const t0 = performance.now();
    const c = startStdioClient(target, { cwd: run.workspace, env });
    try {
      await c.request('initialize', { clientInfo: { name: 'csm_bench', title: null, version: '0.1.0' }, capabilities: { experimentalApi: true } });
      c.notify('initialized', {});
      // On a server already up (an editor's): request → page, its first list and a repeat of it.
      const timedList = async () => {
        const at = performance.now();
        const r = await c.request('thread/list', LIST_PARAMS);
        if (r.error) throw new Error(`${target} thread/list: ${JSON.stringify(r.error)}`);
        return performance.now() - at;
      };
      const listServerFirstMs = await timedList();
      const listServerRepeatMs = await timedList();
      const started = await c.request('thread/start', { cwd: run.workspace });
      if (started.error) throw new Error(`${target} thread/start: ${JSON.stringify(started.error)}`);
      const from = c.received.length;
      const sent = performance.now();
      void c.request('turn/start', { threadId: started.result.thread.id, input: [{ type: 'text', text: 'hello', text_elements: [] }] });
      await c.waitFor((m) => m.method === 'item/agentMessage/delta', 60_000, from);
      const now = performance.now();
      return { listColdMs, listWarmMs, listServerFirstMs, listServerRepeatMs, turnToDeltaMs: now - sent, spawnToDeltaMs: now - t0 };
    } finally {
      await c.close();
    }
  } finally {
    reapRun(run.codexHome);
    await mock.close();
    rmSync(run.root, { recursive: true, force: true });
  }
}

const history = ensureHistory(scale, { log });
log(`history ${scale}: ${history.manifest.sessions} sessions at ${history.codexHome}`);
const samples: Record<TargetName, Sample[]> = { upstream: [], csm: [] };
for (const t of TARGETS) await once(t, history.codexHome); // warm-up: page cache, first-run files
for (let i = 0; i < runs; i++) for (const t of TARGETS) samples[t].push(await once(t, history.codexHome));

const LABELS: Array<[keyof Sample, string]> = [
  ['listColdMs', 'thread/list first page, cold (spawn → page)'],
  ['listWarmMs', 'thread/list first page, warm (spawn → page)'],
  ['listServerFirstMs', 'thread/list on a running server, first (request → page)'],
  ['listServerRepeatMs', 'thread/list on a running server, again (request → page)'],
  ['turnToDeltaMs', 'turn/start → first delta'],
  ['spawnToDeltaMs', 'spawn → first delta (initialize, thread/start, turn/start)'],
];
const results: Record<string, { upstream: number; csm: number; ratio: number }> = {};
const rows = [['measure', 'upstream', 'csm', 'csm/upstream']];
for (const [k, label] of LABELS) {
  const u = median(samples.upstream.map((s) => s[k]));
  const c = median(samples.csm.map((s) => s[k]));
  results[k] = { upstream: u, csm: c, ratio: c / u };
  rows.push([label, `${u.toFixed(1)} ms`, `${c.toFixed(1)} ms`, `${(c / u).toFixed(2)}x`]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
console.log(JSON.stringify({ bench: 'app-server', scale, sessions: history.manifest.sessions, median_of: runs, results }, null, 2));
