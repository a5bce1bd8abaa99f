// Benchmark: the TUI's responsiveness, upstream (`--no-daemon`) vs csm, interleaved in one run in
// real PTYs rendered by a headless xterm, against the same loopback mock and workspace:
//   ready        spawn → the composer and its footer on screen
//   echo         a key written → its glyph on screen, 50 keys one after another (p95), on an empty
//                composer and again after a 100 KB bracketed paste
//   @ search     the last letters of `@file4242` written → the matching file listed (a workspace
//                of FILES untracked files)
// Reports the median over runs of each, and csm/upstream ratios. Usage:
//   npm run bench:tui [-- --runs 5]
import pty from '@lydell/node-pty';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { targetEnv } from '../harness/drivers/env.ts';
import { createRunHome, writeConfig, writeWorkspace } from '../harness/drivers/home.ts';
import { keyBytes, pasteBytes } from '../harness/drivers/keys.ts';
import { reapRun } from '../harness/drivers/reap.ts';
import { targetCommand, TARGETS, type TargetName } from '../harness/drivers/targets.ts';
import { Screen } from '../harness/frames/screen.ts';
import { startMockServer } from '../harness/mock/server.ts';

const arg = (name: string) => process.argv[process.argv.indexOf(name) + 1];
const runs = Number(arg('--runs')) || 5;
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
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(test: () => boolean, timeoutMs = TIMEOUT_MS): Promise<number> {
  const t0 = performance.now();
  for (;;) {
    if (test()) return performance.now() - t0;
    if (performance.now() - t0 > timeoutMs) throw new Error('timed out waiting for the screen');
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

async function once(target: TargetName): Promise<Sample> {
  const run = createRunHome(`bench-tui.${target}`);
  writeWorkspace(run, { git: true, files: { 'README.md': '# bench\n' } });
  // The tree @ searches: untracked files, which both list.
  for (let i = 0; i < FILES; i++) {
    const dir = path.join(run.workspace, `pkg${i % 50}`, `mod${i % 500}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, `file${i}.ts`), `export const n = ${i};\n`);
  }
  const mock = await startMockServer({ turns: [] });
  writeConfig(run, mock.url, '[tui]\nshow_tooltips = false\n');
  const cmd = targetCommand(target, ['--no-daemon']);
  const screen = new Screen(COLS, ROWS);
  const t0 = performance.now();
  const child = pty.spawn(cmd.file, cmd.args, { name: 'xterm-256color', cols: COLS, rows: ROWS, cwd: run.workspace, env: targetEnv(run, { tty: true }) });
  screen.onReply((reply) => child.write(reply));
  child.onData((data) => void screen.write(data));
  try {
    await until(() => screen.text().includes('default · '));
    const readyMs = performance.now() - t0;
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
  } finally {
    child.kill('SIGKILL');
    reapRun(run.codexHome);
    await mock.close();
    rmSync(run.root, { recursive: true, force: true });
  }
}

const samples: Record<TargetName, Sample[]> = { upstream: [], csm: [] };
for (const t of TARGETS) await once(t); // warm-up: page cache, first-run files
// Interleaved, so machine noise hits both alike.
for (let i = 0; i < runs; i++) for (const t of TARGETS) samples[t].push(await once(t));

const KEYS_OF: Array<[keyof Sample, string]> = [
  ['readyMs', 'spawn → composer ready'],
  ['echoP95', `echo p95, empty composer (${KEYS} keys)`],
  ['pastedEchoP95', 'echo p95, after a 100 KB paste'],
  ['mentionMs', `@ search, ${FILES} files`],
];
const results: Record<string, { upstream: number; csm: number; ratio: number }> = {};
const rows = [['measure', 'upstream', 'csm', 'csm/upstream']];
for (const [k, label] of KEYS_OF) {
  const u = median(samples.upstream.map((s) => s[k]));
  const c = median(samples.csm.map((s) => s[k]));
  results[k] = { upstream: u, csm: c, ratio: c / u };
  rows.push([label, `${u.toFixed(1)} ms`, `${c.toFixed(1)} ms`, `${(c / u).toFixed(2)}x`]);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
console.log(JSON.stringify({ bench: 'tui', median_of: runs, results }, null, 2));
