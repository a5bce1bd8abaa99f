// Runs one scenario on one target end to end: isolated home, workspace fixture, mock server, config,
// the target itself, then collects what it left behind and reaps every process it started.
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { generateHistory } from '../history/generate.ts';
import { startMockServer } from '../mock/server.ts';
import type { Scenario } from '../scenario/schema.ts';
import { startAppServer } from './app-server-process.ts';
import { runPiped } from './exec-driver.ts';
import { targetEnv } from './env.ts';
import { createRunHome, REMOTE_RUNS_ROOT, writeCodexHomeFiles, writeConfig, writeWorkspace } from './home.ts';
import { reapRun } from './reap.ts';
import type { Invocation, RolloutFile, RunResult } from './result.ts';
import type { TargetName } from './targets.ts';
import { runTui } from './tui-driver.ts';
import { runJsonRpc } from './jsonrpc-driver.ts';

function listJsonl(dir: string, base: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...listJsonl(full, base));
    else if (name.endsWith('.jsonl')) out.push(path.relative(base, full));
  }
  return out;
}

export function collectRollouts(codexHome: string): RolloutFile[] {
  const rels = [...listJsonl(path.join(codexHome, 'sessions'), codexHome), ...listJsonl(path.join(codexHome, 'archived_sessions'), codexHome)];
  return rels.map((rel) => ({ rel, text: readFileSync(path.join(codexHome, rel), 'utf8') }));
}

/** `{{last_session_id}}` → the id of the newest rollout file (for `exec fork <id>` and `resume <id>`). */
function substitute(argv: string[], codexHome: string): string[] {
  if (!argv.some((a) => a.includes('{{last_session_id}}'))) return argv;
  // Names only: rollout names start with their creation time, so the newest sorts last.
  const newest = [...listJsonl(path.join(codexHome, 'sessions'), codexHome), ...listJsonl(path.join(codexHome, 'archived_sessions'), codexHome)]
    .map((rel) => path.basename(rel))
    .sort()
    .at(-1);
  const id = newest ? /([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.jsonl$/.exec(newest)?.[1] : undefined;
  return argv.map((a) => a.replaceAll('{{last_session_id}}', id ?? 'no-session-yet'));
}

export async function runScenario(scenario: Scenario, target: TargetName): Promise<RunResult> {
  // A remote TUI's footer shows the workspace's full path: one short label of the same length for
  // every remote scenario and target keeps the footer's thread title on its row.
  const run = scenario.remote ? createRunHome(`remote.${target.padEnd(8, '-')}`, REMOTE_RUNS_ROOT) : createRunHome(`${scenario.name}.${target}`);
  writeWorkspace(run, scenario.workspace);
  const h = scenario.history;
  // The lab's provider id: upstream refuses to resume a thread recorded under another provider.
  if (h) generateHistory(run.codexHome, { sessions: h.sessions, bytesPerSession: h.bytes_per_session, seed: h.seed, shapes: h.shapes, cwd: run.workspace, provider: 'mock' });
  writeCodexHomeFiles(run, scenario.codex_home_files);
  const mock = await startMockServer(scenario.mock);
  // The mock's port differs per run; where a target prints the provider's URL it reads as <mock>.
  run.paths = { ...run.paths, [new URL(mock.url).origin]: '<mock>' };
  const problems: string[] = [];
  try {
    writeConfig(run, mock.url, scenario.config, scenario.workspace.trusted);
    const invocations: Invocation[] = [];
    let frames: RunResult['frames'] = [];
    let samples: RunResult['samples'] = [];
    let raw = '';
    let timings: RunResult['timings'] = { wallMs: 0, snapshots: {} };
    let rpc: RunResult['rpc'];
    if (scenario.kind === 'jsonrpc') {
      const spec = scenario.jsonrpc!;
      const r = await runJsonRpc(target, spec, run, targetEnv(run, { tty: false }), scenario.timeout_ms);
      problems.push(...r.errors);
      rpc = { transcript: r.transcript, unordered: Object.keys(spec.unordered).sort() };
      timings = { wallMs: r.wallMs, snapshots: {} };
    } else if (scenario.kind === 'exec') {
      const plan = [{ argv: scenario.argv, by: scenario.by }, ...scenario.then.map((t) => (Array.isArray(t) ? { argv: t, by: undefined } : t))];
      for (const { argv: template, by } of plan) {
        const argv = substitute(template, run.codexHome);
        const inv = await runPiped(by ?? target, argv, { cwd: run.workspace, env: targetEnv(run, { tty: false }), stdin: scenario.stdin, timeoutMs: scenario.timeout_ms });
        if (inv.signal === 'TIMEOUT') problems.push(`${argv.join(' ')}: timed out after ${scenario.timeout_ms} ms`);
        invocations.push(inv);
      }
      timings = { wallMs: invocations.reduce((a, i) => a + i.wallMs, 0), snapshots: {} };
    } else {
      const term = scenario.terminal!;
      // A remote scenario tests one side of `--remote`; upstream plays the other side.
      const server = scenario.remote ? await startAppServer(scenario.remote === 'server' ? target : 'upstream', { cwd: run.workspace, env: targetEnv(run, { tty: false }) }) : null;
      if (server) run.paths = { ...run.paths, [server.url]: '<app-server>' };
      // --no-daemon: upstream's TUI would otherwise spawn a background app-server that outlives it
      // (with --remote it has none to spawn, and refuses the flag).
      const argv = [...(server ? ['--remote', server.url] : ['--no-daemon']), ...scenario.argv];
      const client = scenario.remote === 'server' ? 'upstream' : target;
      const tui = await runTui(client, argv, scenario.steps, { cwd: run.workspace, env: targetEnv(run, { tty: true }), cols: term.cols, rows: term.rows, timeoutMs: scenario.timeout_ms });
      if (server?.exitedEarly()) problems.push(`app-server exited during the run:\n${server.stderr().slice(-500)}`);
      await server?.stop();
      problems.push(...tui.errors);
      invocations.push({ argv, exitCode: tui.exitCode, signal: tui.signal, stdout: '', stderr: '', wallMs: tui.timings.wallMs });
      ({ frames, samples, raw, timings } = tui);
    }
    problems.push(...mock.problems().map((p) => `mock: ${p}`));
    const files = Object.fromEntries(
      scenario.files_after.map((rel) => {
        const file = path.join(run.workspace, rel);
        return [rel, existsSync(file) ? readFileSync(file, 'utf8') : null];
      }),
    );
    return { scenario: scenario.name, target, run, invocations, frames, samples, raw, requests: mock.requests(), problems, timings, rollouts: collectRollouts(run.codexHome), files, ...(rpc ? { rpc } : {}) };
  } finally {
    reapRun(run.codexHome);
    await mock.close();
  }
}

export function disposeRun(result: RunResult): void {
  rmSync(result.run.root, { recursive: true, force: true });
}
