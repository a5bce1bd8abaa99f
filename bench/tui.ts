// Benchmark: the TUI's responsiveness, upstream (`--no-daemon`) vs csm, interleaved in one run in
// real PTYs rendered by a headless xterm, against the same loopback mock and workspace:
//   ready        spawn → the composer and its footer on screen
//   echo         a key written → its glyph on screen, 50 keys one after another (p95), on an empty
//                composer and again after a 100 KB bracketed paste
//   @ search     the last letters of `@file4242` written → the matching file listed (a workspace
//                of FILES untracked files)
//   /diff        Enter on `/diff` → the pager's first screen, for a 5,000-line change
//   /model       Enter on `/model` → the model list
//   huge resume  `resume <id>` of a session whose newest answer is one 50 MB message → that
//                answer's last line on screen
// Reports the median over runs of each, and csm/upstream ratios. `--load N` keeps N busy-looping
// processes running for the whole run (the machine as loaded as a build would keep it). Usage:
//   npm run bench:tui [-- --runs 5] [-- --load 2] [-- --only composer,commands,huge]
import pty from '@lydell/node-pty';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { targetEnv } from '../harness/drivers/env.ts';
import { createRunHome, writeConfig, writeWorkspace, type RunHome } from '../harness/drivers/home.ts';
import { keyBytes, pasteBytes } from '../harness/drivers/keys.ts';
import { reapRun } from '../harness/drivers/reap.ts';
import { targetCommand, TARGETS, type TargetName } from '../harness/drivers/targets.ts';
import { Screen } from '../harness/frames/screen.ts';
import { startMockServer } from '../harness/mock/server.ts';
import { generateHistory } from '../harness/history/generate.ts';

const arg = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const runs = Number(arg('--runs')) || 5;
const load = Number(arg('--load')) || 0;
const DIFF_LINES = 5000;
const HUGE_BYTES = 50 * 1024 * 1024;
const HUGE_END = 'The very end of the enormous answer.';
const KEYS = 50;
const FILES = 5000;
const COLS = 100;
const ROWS = 30;
const TIMEOUT_MS = 20_000;

interface Sample {
  readyMs: number;
  echoP95: number;
  pastedEchoP95: number;
  mentionMs: number;
  diffMs: number;
  modelMs: number;
  hugeResumeMs: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The screen the latest wait watched, for the error when it times out. */
let watched: Screen | null = null;

async function until(test: () => boolean, timeoutMs = TIMEOUT_MS): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    if (test()) return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs) throw new Error(`timed out waiting for the screen:\n${watched?.text() ?? ''}`);
    await sleep(1);
  }
}

const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Letters that never repeat a window, so each prefix typed so far is found once on screen. */
const LETTERS = Array.from({ length: KEYS }, (_, i) => 'qwertyuiopasdfghjklzxcvbnm'[(i * 7) % 26]).join('');

async function composer(target: TargetName): Promise<Pick<Sample, 'readyMs' | 'echoP95' | 'pastedEchoP95' | 'mentionMs'>> {
  const setup = (run: RunHome) => {
    writeWorkspace(run, { git: true, files: { 'README.md': '# bench\n' } });
    // The tree @ searches: untracked files, which both list.
    for (let i = 0; i < FILES; i++) {
      const dir = path.join(run.workspace, `pkg${i % 50}`, `mod${i % 500}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `file${i}.ts`), `export const n = ${i};\n`);
    }
    return [];
  };
  return withTui(target, setup, async (child, screen, spawnedAt) => {
    await until(() => screen.text().includes('default · '));
    const readyMs = performance.now() - spawnedAt;
    await sleep(1000);

    /** Types LETTERS one key at a time after `lead` (already on screen), each key's write → visible time. */
    const echo = async (lead: string): Promise<number[]> => {
      const times: number[] = [];
      for (let i = 0; i < KEYS; i++) {
        const shown = lead + LETTERS.slice(0, i + 1);
        child.write(LETTERS[i]);
        times.push(await until(() => screen.text().includes(shown)));
        // Upstream reads keys that come faster than a person types as a paste.
        await sleep(40);
      }
      return times;
    };
    const echoP95 = p95(await echo('› '));
    child.write(keyBytes('Ctrl-C'));
    await until(() => !screen.text().includes(LETTERS.slice(0, 10)));
    await sleep(500);

    child.write(pasteBytes('x'.repeat(100 * 1024)));
    await until(() => screen.text().includes('Pasted Content'));
    await sleep(500);
    const pastedEchoP95 = p95(await echo('chars]'));
    child.write(keyBytes('Ctrl-C'));
    await until(() => !screen.text().includes('Pasted Content'));
    await sleep(500);

    // Upstream drops keys for about a second after a popup opens. `@file42` lists file42.ts,
    // file420.ts … first; file4242.ts only shows once `42` follows.
    child.write('@file42');
    await until(() => screen.text().includes('@file42'));
    await sleep(1500);
    if (screen.text().includes('file4242.ts')) throw new Error('file4242.ts listed before its query was typed');
    child.write('42');
    const mentionMs = await until(() => screen.text().includes('file4242.ts'));
    return { readyMs, echoP95, pastedEchoP95, mentionMs };
  });
}

/** A TUI in a PTY on a fresh run home; `setup` fills the home before the spawn and gives the argv after the program's. */
async function withTui<T>(target: TargetName, setup: (run: RunHome) => string[], body: (child: pty.IPty, screen: Screen, spawnedAt: number) => Promise<T>): Promise<T> {
  const run = createRunHome(`bench-tui.${target}`);
  const argv = setup(run);
  const mock = await startMockServer({ turns: [] });
  writeConfig(run, mock.url, '[tui]\nshow_tooltips = false\n');
  const cmd = targetCommand(target, ['--no-daemon', ...argv]);
  const screen = new Screen(COLS, ROWS);
  watched = screen;
  const spawnedAt = performance.now();
  const child = pty.spawn(cmd.file, cmd.args, { name: 'xterm-256color', cols: COLS, rows: ROWS, cwd: run.workspace, env: targetEnv(run, { tty: true }) });
  screen.onReply((reply) => child.write(reply));
  child.onData((data) => void screen.write(data));
  try {
    return await body(child, screen, spawnedAt);
  } finally {
    child.kill('SIGKILL');
    reapRun(run.codexHome);
    await mock.close();
    rmSync(run.root, { recursive: true, force: true });
  }
}

/** `/diff` on a change of DIFF_LINES lines, then `/model`: Enter → the first screen of each. */
async function commands(target: TargetName): Promise<Pick<Sample, 'diffMs' | 'modelMs'>> {
  const lines = (tag: string) => Array.from({ length: DIFF_LINES }, (_, i) => `${tag} line ${i}`).join('\n') + '\n';
  const setup = (run: RunHome) => {
    writeWorkspace(run, { git: true, files: { 'big.txt': lines('old') }, changes: { 'big.txt': lines('new') } });
    return [];
  };
  return withTui(target, setup, async (child, screen) => {
    await until(() => screen.text().includes('default · '));
    await sleep(1000);
    child.write('/diff');
    await until(() => screen.text().includes('show git diff'));
    await sleep(300);
    child.write(keyBytes('Enter'));
    const diffMs = await until(() => screen.text().includes('old line 0'));
    child.write('q');
    await until(() => !screen.text().includes('old line 0'));
    await sleep(500);
    child.write('/model');
    await until(() => screen.text().includes('choose what model'));
    await sleep(300);
    child.write(keyBytes('Enter'));
    const modelMs = await until(() => screen.text().includes('Select Model'));
    return { diffMs, modelMs };
  });
}

/** A one-session history in upstream's format whose newest answer is HUGE_BYTES of markdown (made once, its cwd a stand-in). */
const STAND_IN_CWD = '/bench-stand-in/ws';
const hugeSession = (() => {
  let made: { relPath: string; id: string; text: string } | null = null;
  return () => {
    if (made) return made;
    const codexHome = mkdtempSync(path.join(tmpdir(), 'bench-tui-huge-'));
    const h = generateHistory(codexHome, { sessions: 1, bytesPerSession: 40_000, seed: 11, shapes: ['paginated'], provider: 'mock', cwd: STAND_IN_CWD });
    const text = readFileSync(path.join(codexHome, h.sessions[0].relPath), 'utf8');
    rmSync(codexHome, { recursive: true, force: true });
    // The newest answer, wherever a line repeats it (its item, the response item, task_complete).
    const last = text.trimEnd().split('\n').map((l) => JSON.parse(l)).reverse().find((l) => l.payload?.type === 'task_complete')?.payload.last_agent_message as string;
    const row = 'A line of a very long answer, with **bold** text and `code` in it, and a [link](https://example.com).\n';
    const huge = row.repeat(Math.ceil(HUGE_BYTES / row.length)) + '\n' + HUGE_END;
    made = { relPath: h.sessions[0].relPath, id: h.sessions[0].id, text: text.replaceAll(JSON.stringify(last).slice(1, -1), JSON.stringify(huge).slice(1, -1)) };
    return made;
  };
})();

/** `resume <id>` of the huge-answer session (its cwd the run's workspace) → its last line on screen. */
async function hugeResume(target: TargetName): Promise<Pick<Sample, 'hugeResumeMs'>> {
  const setup = (run: RunHome) => {
    writeWorkspace(run, { git: true, files: { 'README.md': '# bench\n' } });
    const h = hugeSession();
    const file = path.join(run.codexHome, h.relPath);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, h.text.replaceAll(STAND_IN_CWD, run.workspace));
    return ['resume', h.id];
  };
  return withTui(target, setup, async (_child, screen, spawnedAt) => {
    await until(() => screen.text().includes(HUGE_END), 120_000);
    return { hugeResumeMs: performance.now() - spawnedAt };
  });
}

const CASES = { composer, commands, huge: hugeResume };
const only = (arg('--only') ?? Object.keys(CASES).join(',')).split(',') as Array<keyof typeof CASES>;
for (const c of only) if (!(c in CASES)) throw new Error(`--only: unknown case ${c} (${Object.keys(CASES).join(', ')})`);

async function once(target: TargetName): Promise<Partial<Sample>> {
  let sample: Partial<Sample> = {};
  for (const c of only) sample = { ...sample, ...(await CASES[c](target)) };
  return sample;
}

const hogs = Array.from({ length: load }, () => spawn(process.execPath, ['-e', 'for(;;){}'], { stdio: 'ignore' }));
process.on('exit', () => hogs.forEach((h) => h.kill('SIGKILL')));

const samples: Record<TargetName, Array<Partial<Sample>>> = { upstream: [], csm: [] };
for (const t of TARGETS) await once(t); // warm-up: page cache, first-run files
// Interleaved, so machine noise hits both alike.
for (let i = 0; i < runs; i++) for (const t of TARGETS) samples[t].push(await once(t));

const KEYS_OF: Array<[keyof Sample, string]> = [
  ['readyMs', 'spawn → composer ready'],
  ['echoP95', `echo p95, empty composer (${KEYS} keys)`],
  ['pastedEchoP95', 'echo p95, after a 100 KB paste'],
  ['mentionMs', `@ search, ${FILES} files`],
  ['diffMs', `/diff, ${DIFF_LINES}-line change`],
  ['modelMs', '/model list open'],
  ['hugeResumeMs', 'resume, 50 MB answer → its end shown'],
];
const results: Record<string, { upstream: number; csm: number; ratio: number }> = {};
const rows = [['measure', 'upstream', 'csm', 'csm/upstream']];
for (const [k, label] of KEYS_OF) {
  if (samples.csm[0]?.[k] === undefined) continue;
  const u = median(samples.upstream.map((s) => s[k]!));
  const c = median(samples.csm.map((s) => s[k]!));
  results[k] = { upstream: u, csm: c, ratio: c / u };
  rows.push([label, `${u.toFixed(1)} ms`, `${c.toFixed(1)} ms`, `${(c / u).toFixed(2)}x`]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
console.log(JSON.stringify({ bench: 'tui', median_of: runs, load, results }, null, 2));
hogs.forEach((h) => h.kill('SIGKILL'));
