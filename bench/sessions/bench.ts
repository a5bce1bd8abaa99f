// Session benchmark: upstream Codex vs csm on the same generated history, in one run.
//   first page of sessions (cold: no state DB / index; warm: a second process on the same home)
//   search for a word that occurs only deep inside one session
//   `exec resume` of the biggest session against the loopback mock
//   the TUI's resume of it (`resume <id>` in a PTY) until its last answer is on the screen
// Each target gets its own copy of the history (upstream writes its sqlite state into CODEX_HOME).
// N runs per case after one warm-up, targets interleaved; medians, csm/upstream ratios, a table on
// stdout and JSON in .lab/bench/sessions-<scale>.json. A csm command that is missing or fails is
// reported as "failed (<first stderr line>)", never a crash.
// Usage: npx tsx bench/sessions/bench.ts --scale small [--runs 5] [--only list,search,resume,tui] [--keep]
import { closeSync, cpSync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { targetEnv } from '../../harness/drivers/env.ts';
import { createRunHome, writeConfig, writeWorkspace, type RunHome } from '../../harness/drivers/home.ts';
import { csmBundle, repoRoot, targetCommand, TARGETS, upstreamBinary, type TargetName } from '../../harness/drivers/targets.ts';
import { startMockServer } from '../../harness/mock/server.ts';
import { reapRun } from '../../harness/drivers/reap.ts';
import { runTui } from '../../harness/drivers/tui-driver.ts';
import { appServerRequest, runMeasured, type Outcome } from './measure.ts';
import { ensureHistory, parseScale, SCALES, type HistoryManifest } from './scales.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'small' },
    runs: { type: 'string', default: '5' },
    only: { type: 'string', default: 'list,search,resume,tui,replay' },
    keep: { type: 'boolean', default: false },
    'timeout-ms': { type: 'string', default: '600000' },
    help: { type: 'boolean', default: false },
  },
});
if (values.help) {
  console.log(`usage: npx tsx bench/sessions/bench.ts --scale ${SCALES.join('|')} [--runs 5] [--only list,search,resume,tui] [--keep]`);
  process.exit(0);
}
const scale = parseScale(values.scale!);
const runs = Math.max(1, Number(values.runs) || 5);
const only = new Set(values.only!.split(',').map((s) => s.trim()));
const timeoutMs = Number(values['timeout-ms']) || 600_000;

/** What upstream's resume picker asks for, widened to every source, provider and cwd (csm: --all). */
const ALL_SOURCE_KINDS = ['cli', 'vscode', 'exec', 'appServer', 'subAgent', 'subAgentReview', 'subAgentCompact', 'subAgentThreadSpawn', 'subAgentOther', 'unknown'];
const listParams = (extra: Record<string, unknown> = {}) => ({ limit: 25, sortKey: 'updated_at', archived: false, modelProviders: [], sourceKinds: ALL_SOURCE_KINDS, ...extra });

const log = (s: string) => console.error(`[bench] ${s}`);

// ── homes ───────────────────────────────────────────────────────────────────────────────────────

interface TargetHome {
  target: TargetName;
  run: RunHome;
}

function prepareHome(target: TargetName, source: string): TargetHome {
  const run = createRunHome(`bench-sessions-${scale}.${target}`);
  for (const entry of readdirSync(source)) cpSync(path.join(source, entry), path.join(run.codexHome, entry), { recursive: true, preserveTimestamps: true });
  // A git workspace: upstream's exec refuses to run outside a git repo or trusted directory.
  writeWorkspace(run, { git: true, files: { 'README.md': 'session benchmark workspace\n' } });
  writeConfig(run, 'http://127.0.0.1:9/v1', '');
  return { target, run };
}

/** Forget the target's session index so the next call starts cold: upstream's sqlite files, csm's index dir. */
function resetIndex(h: TargetHome): void {
  if (h.target === 'upstream') {
    for (const f of readdirSync(h.run.codexHome)) if (/\.sqlite(-wal|-shm|-journal)?$/.test(f)) rmSync(path.join(h.run.codexHome, f), { force: true });
  } else {
    rmSync(path.join(h.run.codexHome, 'csm'), { recursive: true, force: true });
  }
}

const env = (h: TargetHome) => targetEnv(h.run, { tty: false });

// ── reading results ─────────────────────────────────────────────────────────────────────────────

/** Session ids in a list result, whatever its exact JSON shape (upstream thread/list or csm --json). */
function listedIds(json: unknown): string[] | null {
  const arr = Array.isArray(json)
    ? json
    : json && typeof json === 'object'
      ? (['data', 'sessions', 'items', 'threads', 'results', 'hits'].map((k) => (json as Record<string, unknown>)[k]).find(Array.isArray) as unknown[] | undefined)
      : undefined;
  if (!arr) return null;
  return arr.map((x) => {
    const o = (x ?? {}) as Record<string, unknown>;
    return String(o.id ?? o.session_id ?? o.sessionId ?? o.thread_id ?? o.threadId ?? '');
  });
}

function parseJsonOutput(stdout: string): unknown {
  const t = stdout.trim();
  try {
    return JSON.parse(t);
  } catch {
    // JSONL: one object per line.
    try {
      return t
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l));
    } catch {
      return null;
    }
  }
}

// ── the cases ───────────────────────────────────────────────────────────────────────────────────

async function listFirstPage(h: TargetHome, m: HistoryManifest): Promise<Outcome> {
  if (h.target === 'upstream') {
    const o = await appServerRequest(upstreamBinary(), ['app-server'], 'thread/list', listParams(), { cwd: h.run.workspace, env: env(h), timeoutMs });
    if (o.ok) {
      const ids = listedIds(o.info.result) ?? [];
      o.info = { listed: ids.length, expectedOnPage: ids.filter((id) => m.expectedFirstPage.includes(id)).length };
    }
    return o;
  }
  const cmd = targetCommand('csm', ['sessions', 'list', '--json', '--all', '--limit', '25']);
  const o = await runMeasured(cmd.file, cmd.args, { cwd: h.run.workspace, env: env(h), timeoutMs });
  if (o.ok) {
    const ids = listedIds(parseJsonOutput(o.stdout));
    o.info = ids ? { listed: ids.length, expectedOnPage: ids.filter((id) => m.expectedFirstPage.includes(id)).length } : { listed: 'unparsed' };
  }
  return o;
}

async function searchDeepWord(h: TargetHome, m: HistoryManifest): Promise<Outcome> {
  const word = m.deepWord.word;
  if (h.target === 'upstream') {
    // Not a content search: upstream only matches thread titles. Reported as its closest equivalent.
    const o = await appServerRequest(upstreamBinary(), ['app-server'], 'thread/list', listParams({ searchTerm: word }), { cwd: h.run.workspace, env: env(h), timeoutMs });
    if (o.ok) {
      const ids = listedIds(o.info.result) ?? [];
      o.info = { listed: ids.length, foundSession: ids.includes(m.deepWord.sessionId) };
    }
    return o;
  }
  const cmd = targetCommand('csm', ['sessions', 'search', word, '--json']);
  const o = await runMeasured(cmd.file, cmd.args, { cwd: h.run.workspace, env: env(h), timeoutMs });
  if (o.ok) o.info = { foundSession: o.stdout.includes(m.deepWord.sessionId), hits: listedIds(parseJsonOutput(o.stdout))?.length ?? 'unparsed' };
  return o;
}

/**
 * The flat scales' session has no compaction and a context far past the window, so both programs
 * compact before the resumed prompt (a summary request with the whole history, then the turn), and
 * a resume after that would start from the compaction: every run starts from the generated file.
 */
const FLAT = scale.startsWith('flat-');
const SUMMARY = 'Summary: the work so far, for the next turn.';

function restoreSession(h: TargetHome, m: HistoryManifest, source: string): void {
  if (!FLAT) return;
  // Upstream may have continued the session in a second file of the same id (rollout-…-<id>_<uuid>.jsonl).
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  const own = path.join(h.run.codexHome, m.resumeTarget.relPath);
  for (const f of walk(path.join(h.run.codexHome, 'sessions'))) if (f !== own && path.basename(f).includes(m.resumeTarget.id)) rmSync(f);
  cpSync(path.join(source, m.resumeTarget.relPath), own, { preserveTimestamps: true });
  settle(own);
}

/** The file's bytes on disk before a timed run starts, so the kernel's writeback of 100 MB is not in it. */
function settle(file: string): void {
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Upstream 0.171.0's TUI first asks which directory to use when the session's cwd is not the current
 * one (csm does not ask). So the TUI case resumes the session from its own directory: in this
 * target's copy the session's cwd is rewritten to the workspace (mtime kept). exec resume asks nothing.
 */
function rehomeSession(h: TargetHome, m: HistoryManifest): void {
  const file = path.join(h.run.codexHome, m.resumeTarget.relPath);
  const text = readFileSync(file, 'utf8');
  const cwd = (JSON.parse(text.slice(0, text.indexOf('\n'))) as { payload?: { cwd?: string } }).payload?.cwd;
  if (!cwd || cwd === h.run.workspace) return;
  const st = statSync(file);
  writeFileSync(file, text.replaceAll(cwd, h.run.workspace));
  utimesSync(file, st.atime, st.mtime);
  settle(file);
}

/**
 * csm only (upstream has no replay): `sessions replay <id>`, the last turn's frame, index warm. The
 * cases before it put a fresh copy of the session file in place (a new inode), which the index reads
 * again in full once; a session a user replays was indexed as it grew (appends are read
 * incrementally). So the index is brought up to date first, untimed (its time is in info.indexMs).
 */
async function replayLast(h: TargetHome, m: HistoryManifest): Promise<Outcome> {
  const list = targetCommand('csm', ['sessions', 'list', '--json', '--limit', '1']);
  const warm = await runMeasured(list.file, list.args, { cwd: h.run.workspace, env: env(h), timeoutMs });
  const cmd = targetCommand('csm', ['sessions', 'replay', m.resumeTarget.id, '--size', '100x30']);
  const o = await runMeasured(cmd.file, cmd.args, { cwd: h.run.workspace, env: env(h), timeoutMs });
  if (o.ok) o.info = { frameLines: o.stdout.split('\n').length - 1, indexMs: warm.ok ? warm.wallMs : NaN };
  return o;
}

/** A resumed session's answer; distinct, so the TUI case can wait for it after a resume appended it. */
const RESUME_ANSWER = 'Resumed and continued from the last turn.';

/** A piece of the session's last answer as a screen shows it: its first words, markdown marks taken out. */
function lastAnswerSnippet(file: string): string | null {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const len = Math.min(size, 4 << 20);
    const buf = Buffer.alloc(len);
    readSync(fd, buf, 0, len, size - len);
    const lines = buf.toString('utf8').split('\n');
    for (let i = lines.length - 1; i > 0; i--) {
      if (!lines[i].includes('"role":"assistant"')) continue;
      const p = (JSON.parse(lines[i]) as { payload?: { type?: string; role?: string; content?: { text?: string }[] } }).payload;
      if (p?.type !== 'message' || p.role !== 'assistant') continue;
      // The longest run of plain words (letters only, single spaces) in its first paragraph: markdown
      // and code render differently, plain prose as it is.
      const first = (p.content ?? []).map((c) => c.text ?? '').join('').split('\n\n')[0];
      const runs = first.match(/(?<![\w`*_.-])[A-Za-z]+(?: [A-Za-z]+)+(?![\w`*_-])/g) ?? [];
      const best = runs.sort((a, b) => b.length - a.length)[0];
      return best ? (best.length > 24 ? best.slice(0, 25).replace(/ \S*$/, '') : best) : null;
    }
    return null;
  } finally {
    closeSync(fd);
  }
}

/** `resume <id>` in the TUI (100x30 PTY): spawn → the last answer on the screen. No turn is sent. */
const TYPED = 'zq';

async function tuiResume(h: TargetHome, m: HistoryManifest): Promise<Outcome> {
  const snippet = lastAnswerSnippet(path.join(h.run.codexHome, m.resumeTarget.relPath));
  if (!snippet) return { ok: false, error: 'no assistant message at the end of the session' };
  const mock = await startMockServer({ turns: [] });
  try {
    writeConfig(h.run, mock.url, '');
    // Once the tail shows, a word is typed: how long until it shows is how long keys are held while
    // the history builds (csm's preview echoes it; a target that draws only once loaded echoes it then).
    const steps = [{ wait_for: snippet, timeout_ms: Math.min(timeoutMs, 120_000) }, { type: TYPED }, { wait_for: `› ${TYPED}`, timeout_ms: Math.min(timeoutMs, 120_000) }];
    const r = await runTui(h.target, ['resume', m.resumeTarget.id], steps, { cwd: h.run.workspace, env: targetEnv(h.run, { tty: true }), cols: 100, rows: 30, timeoutMs }).catch((e: Error) => e);
    if (r instanceof Error) return { ok: false, error: r.message };
    if (r.errors.length || r.timings.readyMs === undefined) {
      const last = r.frames.at(-1);
      const screen = last ? last.cells.map((row) => row.map((c) => c.ch).join('').trimEnd()).filter(Boolean).slice(-6).join(' | ') : '';
      return { ok: false, error: `${r.errors[0] ?? 'no answer'} waiting for ${JSON.stringify(snippet)}: ${screen}`.slice(0, 300) };
    }
    const [tail, echoed] = r.timings.waits;
    return { ok: true, wallMs: r.timings.readyMs, exitMs: r.timings.wallMs, rssKb: NaN, stdout: '', info: { firstFrameMs: r.timings.firstFrameMs ?? NaN, waitedFor: snippet, typedEchoMs: echoed - tail } };
  } finally {
    reapRun(h.run.codexHome);
    await mock.close();
    writeConfig(h.run, 'http://127.0.0.1:9/v1', '');
  }
}

async function resumeBig(h: TargetHome, m: HistoryManifest): Promise<Outcome> {
  const mock = await startMockServer({ turns: [...(FLAT ? [{ output: [{ text: SUMMARY }] }] : []), { output: [{ text: RESUME_ANSWER }] }] });
  try {
    writeConfig(h.run, mock.url, '');
    let t0 = 0;
    let firstRequestMs = NaN;
    // The mock's log has no arrival times: poll it. Its entry appears once the whole body is in.
    const poll = setInterval(() => {
      if (Number.isNaN(firstRequestMs) && mock.requests().some((r) => r.kind === 'turn')) firstRequestMs = performance.now() - t0;
    }, 1);
    const cmd = targetCommand(h.target, ['exec', 'resume', m.resumeTarget.id, 'continue']);
    const o = await runMeasured(cmd.file, cmd.args, { cwd: h.run.workspace, env: env(h), timeoutMs, onSpawn: (t) => (t0 = t) });
    clearInterval(poll);
    const turns = mock.requests().filter((r) => r.kind === 'turn');
    if (o.ok) {
      if (!turns.length) return { ok: false, error: 'exited 0 without sending a request' };
      const body = turns[0].body as { input?: unknown[] };
      o.info = {
        timeToFirstRequestMs: firstRequestMs,
        requestBytes: Buffer.byteLength(JSON.stringify(body)),
        inputItems: Array.isArray(body?.input) ? body.input.length : null,
        requests: mock.requests().length,
        answer: o.stdout.trim().slice(0, 40),
      };
      const problems = mock.problems();
      if (problems.length) o.info.mockProblems = problems;
    }
    return o;
  } finally {
    await mock.close();
    writeConfig(h.run, 'http://127.0.0.1:9/v1', '');
  }
}

// ── statistics and the table ────────────────────────────────────────────────────────────────────

const median = (xs: number[]) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

interface Summary {
  ok: boolean;
  runs: number;
  failed: number;
  error?: string;
  wallMs?: number;
  exitMs?: number;
  rssKb?: number;
  /** Medians of numeric info fields; the last run's value for the rest. */
  info?: Record<string, unknown>;
  samples?: { wallMs: number; rssKb: number; info: Record<string, unknown> }[];
}

function summarize(outcomes: Outcome[]): Summary {
  const good = outcomes.filter((o) => o.ok);
  const bad = outcomes.filter((o): o is Extract<Outcome, { ok: false }> => !o.ok);
  if (!good.length) return { ok: false, runs: outcomes.length, failed: bad.length, error: bad[0]?.error ?? 'not run' };
  const info: Record<string, unknown> = {};
  for (const k of Object.keys(good[good.length - 1].info)) {
    const vals = good.map((g) => g.info[k]);
    info[k] = vals.every((v) => typeof v === 'number') ? median(vals as number[]) : vals[vals.length - 1];
  }
  return {
    ok: true,
    runs: outcomes.length,
    failed: bad.length,
    ...(bad.length ? { error: bad[0].error } : {}),
    wallMs: median(good.map((g) => g.wallMs)),
    exitMs: median(good.map((g) => g.exitMs)),
    rssKb: median(good.map((g) => g.rssKb)),
    info,
    samples: good.map((g) => ({ wallMs: +g.wallMs.toFixed(1), rssKb: g.rssKb, info: g.info })),
  };
}

const ms = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? '?' : x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(0)} ms`);
const mb = (kb: number | undefined) => (kb === undefined || !Number.isFinite(kb) ? '?' : `${(kb / 1024).toFixed(0)} MB`);
const bytes = (b: unknown) => (typeof b !== 'number' ? '?' : b >= 1 << 20 ? `${(b / (1 << 20)).toFixed(1)} MB` : `${(b / 1024).toFixed(0)} KB`);

type Results = Record<string, Partial<Record<TargetName, Summary>>>;

interface Row {
  label: string;
  pick: (s: Summary) => string;
  value: (s: Summary) => number | undefined;
  /** met when csm's value is at most `max` and at most `maxRatio` × upstream's (each when given) */
  goal?: { max?: number; maxRatio?: number; text: string };
  upstreamNote?: string;
}

function cell(s: Summary | undefined, r: Row): string {
  if (!s) return '-';
  // The reason is shown once, on the case's first row.
  if (!s.ok) return r.label.startsWith(' ') ? 'failed' : `failed (${s.error})`;
  return r.pick(s) + (s.failed ? ` (${s.failed}/${s.runs} failed)` : '');
}

function renderTable(results: Results, m: HistoryManifest): string {
  const lines: string[][] = [['case', 'upstream', 'csm', 'csm/upstream', 'csm goal']];
  const add = (key: string, rows: Row[]) => {
    const res = results[key];
    if (!res) return;
    for (const r of rows) {
      const u = res.upstream;
      const c = res.csm;
      const uv = u?.ok ? r.value(u) : undefined;
      const cv = c?.ok ? r.value(c) : undefined;
      const ratio = uv && cv && Number.isFinite(uv) && Number.isFinite(cv) ? `${(cv / uv).toFixed(2)}x` : '-';
      const met = (g: NonNullable<Row['goal']>, v: number) => (g.max === undefined || v <= g.max) && (g.maxRatio === undefined || (uv !== undefined && Number.isFinite(uv) && v <= g.maxRatio * uv));
      const goal = r.goal ? (cv !== undefined && Number.isFinite(cv) ? `${met(r.goal, cv) ? 'met' : 'MISSED'} (${r.goal.text})` : r.goal.text) : '';
      lines.push([r.label, r.upstreamNote ?? cell(u, r), cell(c, r), r.upstreamNote ? '-' : ratio, goal]);
    }
  };
  const wall = (label: string, goal?: Row['goal']): Row => ({ label, pick: (s) => ms(s.wallMs), value: (s) => s.wallMs, goal });
  const rss: Row = { label: '  peak RSS', pick: (s) => mb(s.rssKb), value: (s) => s.rssKb, goal: { max: 150 * 1024, text: '≤ 150 MB' } };
  const listed: Row = {
    label: '  sessions listed (of the expected 25)',
    pick: (s) => `${s.info?.listed ?? '?'} (${s.info?.expectedOnPage ?? '?'})`,
    value: () => undefined,
  };
  add('list-cold', [wall('first page, cold (no state DB / index)'), rss, listed]);
  add('list-warm', [wall('first page, warm', { max: 100, text: '≤ 100 ms' }), rss, listed]);
  const found: Row = { label: '  found the session', pick: (s) => String(s.info?.foundSession ?? '?'), value: () => undefined };
  const noSearch = 'n/a (upstream has no full-text search)';
  if (results['search-cold']) {
    add('search-cold', [{ ...wall(`search "${m.deepWord.word}", cold`), upstreamNote: noSearch }, { ...found, upstreamNote: noSearch }]);
  }
  if (results['search-warm']) {
    add('search-warm', [{ ...wall(`search "${m.deepWord.word}", warm`, { max: 200, text: '≤ 200 ms (on ~1 GB)' }), upstreamNote: noSearch }, { ...found, upstreamNote: noSearch }, { ...rss, upstreamNote: noSearch }]);
    const u = results['search-warm'].upstream;
    if (u) {
      lines.push(['  upstream closest: thread/list searchTerm', cell(u, wall('')), '-', '-', '(title substring only, not content)']);
      if (u.ok) lines.push(['    found the session by title', String(u.info?.foundSession ?? '?'), '-', '-', '']);
    }
  }
  // Issue 10's goals for exec resume, at every shape: wall ≤ 1.0x and peak RSS ≤ 0.5x upstream's.
  add('resume', [
    wall(`exec resume (${bytes(m.resumeTarget.bytes)} session): wall`, { maxRatio: 1, text: '≤ 1.0x upstream' }),
    { label: '  time to first request', pick: (s) => ms(s.info?.timeToFirstRequestMs as number), value: (s) => s.info?.timeToFirstRequestMs as number, goal: { max: 300, text: '≤ 300 ms, flat in size' } },
    { ...rss, goal: { max: 150 * 1024, maxRatio: 0.5, text: '≤ 150 MB and ≤ 0.5x upstream' } },
    { label: '  request body', pick: (s) => `${bytes(s.info?.requestBytes)} (${s.info?.inputItems ?? '?'} items)`, value: (s) => s.info?.requestBytes as number },
  ]);
  if (results.replay) add('replay', [{ ...wall(`sessions replay, last turn (${bytes(m.resumeTarget.bytes)} session)`), upstreamNote: 'n/a (upstream has no replay)' }, { ...rss, upstreamNote: 'n/a' }]);
  add('tui-resume', [
    wall(`TUI resume (${bytes(m.resumeTarget.bytes)} session): to its last answer`, { max: 300, maxRatio: 0.2, text: '≤ 300 ms and ≤ 0.2x upstream' }),
    { label: '  first frame', pick: (s) => ms(s.info?.firstFrameMs as number), value: (s) => s.info?.firstFrameMs as number },
    { label: '  a word typed then, until it shows', pick: (s) => ms(s.info?.typedEchoMs as number), value: (s) => s.info?.typedEchoMs as number },
  ]);
  const widths = lines[0].map((_, i) => Math.max(...lines.map((l) => l[i].length)));
  return lines.map((l) => l.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
}

// ── main ────────────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  upstreamBinary(); // fail early and clearly when the pinned binary is missing
  let csmProblem: string | null = null;
  try {
    csmBundle();
  } catch (e) {
    csmProblem = (e as Error).message;
  }
  const { codexHome, manifest: m, reused } = ensureHistory(scale, { log });
  log(`${reused ? 'reusing' : 'generated'} ${scale} history: ${m.sessions} sessions, ${bytes(m.totalBytes)}; deep word in ${m.deepWord.sessionId}; resume target ${m.resumeTarget.id} (${bytes(m.resumeTarget.bytes)}, ${m.resumeTarget.compactions} compactions)`);

  const homes: Record<TargetName, TargetHome> = { upstream: prepareHome('upstream', codexHome), csm: prepareHome('csm', codexHome) };
  log(`homes: ${homes.upstream.run.root}, ${homes.csm.run.root}`);
  const outcomes: Record<string, Record<TargetName, Outcome[]>> = {};
  const record = (key: string, t: TargetName, o: Outcome, counted: boolean) => {
    if (!counted) return;
    ((outcomes[key] ??= { upstream: [], csm: [] })[t] ??= []).push(o);
  };
  const run = async (t: TargetName, fn: (h: TargetHome, m: HistoryManifest) => Promise<Outcome>): Promise<Outcome> =>
    t === 'csm' && csmProblem ? { ok: false, error: csmProblem } : fn(homes[t], m);

  try {
    for (let i = 0; i <= runs; i++) {
      const counted = i > 0;
      log(counted ? `run ${i}/${runs}` : 'warm-up');
      for (const t of TARGETS) {
        if (only.has('list')) {
          resetIndex(homes[t]);
          record('list-cold', t, await run(t, listFirstPage), counted);
          record('list-warm', t, await run(t, listFirstPage), counted);
        }
        if (only.has('search')) {
          if (t === 'csm') {
            resetIndex(homes[t]);
            record('search-cold', t, await run(t, searchDeepWord), counted);
          }
          record('search-warm', t, await run(t, searchDeepWord), counted);
        }
        if (only.has('tui')) {
          restoreSession(homes[t], m, codexHome);
          rehomeSession(homes[t], m);
          record('tui-resume', t, await run(t, tuiResume), counted);
        }
        if (only.has('replay') && t === 'csm') record('replay', t, await run(t, replayLast), counted);
        if (only.has('resume')) {
          restoreSession(homes[t], m, codexHome);
          record('resume', t, await run(t, resumeBig), counted);
        }
      }
    }
  } finally {
    if (!values.keep) for (const h of Object.values(homes)) rmSync(h.run.root, { recursive: true, force: true });
  }

  const results: Results = {};
  for (const [key, byTarget] of Object.entries(outcomes)) {
    results[key] = {};
    for (const t of TARGETS) if (byTarget[t]?.length) results[key][t] = summarize(byTarget[t]);
  }
  const table = renderTable(results, m);
  console.log(`\nsessions benchmark, scale ${scale}: ${m.sessions} sessions, ${bytes(m.totalBytes)}; median of ${runs} runs after 1 warm-up\n`);
  console.log(table);
  const ratio = (key: string, f: (s: Summary) => number | undefined) => {
    const u = results[key]?.upstream;
    const c = results[key]?.csm;
    const uv = u?.ok ? f(u) : undefined;
    const cv = c?.ok ? f(c) : undefined;
    return uv && cv ? +(cv / uv).toFixed(3) : null;
  };
  const out = {
    bench: 'sessions',
    scale,
    runs,
    warmups: 1,
    history: { sessions: m.sessions, totalBytes: m.totalBytes, deepWord: m.deepWord, resumeTarget: m.resumeTarget, generatorVersion: m.generatorVersion },
    upstreamListParams: listParams(),
    notes: {
      cold: 'cold = the target\'s index removed before the call (upstream: $CODEX_HOME/*.sqlite*, csm: $CODEX_HOME/csm/); first-run files such as skills already exist',
      wall: 'upstream list/search: spawn → thread/list response over stdio JSON-RPC; csm and resume: spawn → exit',
      search: 'upstream has no full-text search; its row is thread/list searchTerm, a title substring filter',
      timeToFirstRequest: 'spawn → the mock has the whole first /v1/responses request (polled every 1 ms)',
      flat: 'flat-* scales: the big session has no compaction and a context past the window, so exec resume compacts first (first request = the summary request with the whole history); the session file is restored from the cache before each resume',
      tuiResume: '`resume <id>` in a 100x30 PTY (headless xterm): spawn → the first words of the session\'s last answer on the screen, polled every 10 ms; then a word typed (15 ms per key) until it shows in the composer; no RSS (PTY children are not measured)',
    },
    results,
    ratios: {
      listColdWall: ratio('list-cold', (s) => s.wallMs),
      listWarmWall: ratio('list-warm', (s) => s.wallMs),
      listWarmRss: ratio('list-warm', (s) => s.rssKb),
      resumeWall: ratio('resume', (s) => s.wallMs),
      resumeTimeToFirstRequest: ratio('resume', (s) => s.info?.timeToFirstRequestMs as number),
      resumeRss: ratio('resume', (s) => s.rssKb),
      resumeRequestBytes: ratio('resume', (s) => s.info?.requestBytes as number),
      tuiResumeToLastAnswer: ratio('tui-resume', (s) => s.wallMs),
      tuiResumeTypedEcho: ratio('tui-resume', (s) => s.info?.typedEchoMs as number),
    },
  };
  const dir = path.join(repoRoot, '.lab/bench');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `sessions-${scale}.json`);
  writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
  console.log(`\nJSON: ${path.relative(process.cwd(), file) || file}`);
}

main().catch((err: unknown) => {
  console.error(`bench: ${(err as Error).stack ?? String(err)}`);
  process.exit(1);
});

