// The kill matrix: a real `csm exec` (the built dist/csm.mjs) is SIGKILLed at one point of a turn,
// then `csm exec resume` continues the session against the lab's mock, whose pairing check is on.
// Whatever the point, the session resumes, every line of its rollout parses (but a line the kill
// cut short), the request satisfies the API's rule that every tool call has its output, and no
// acknowledged turn is lost: every answer csm had shown is sent back, after its prompt.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync, statSync, truncateSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { createRunHome, runPiped, targetEnv, writeConfig, writeWorkspace, type RunHome } from '#lab/drivers';
import { startMockServer, type MockScriptInput, type MockServer } from '#lab/mock';
import { messageTexts, rolloutFiles, sessionIdOf as sessionId, spawnCsmKillable, unparsableLines } from '#test-support/kill';

const homes: RunHome[] = [];
afterAll(() => {
  for (const h of homes) rmSync(h.root, { recursive: true, force: true });
});

type Turn = NonNullable<MockScriptInput['turns']>[number];
const text = (t: string, extra: Partial<Turn> = {}): Turn => ({ output: [{ text: t }], ...extra });
const tool = (cmd: string): Turn => ({ output: [{ exec_command: { cmd, yield_time_ms: 30_000 } }] });

/** What the test can see of the run it is about to kill. */
interface Watch {
  stderr: () => string;
  requests: () => number;
  rollout: () => string;
  msSinceRequest: (n: number) => number;
}

interface KillCase {
  name: string;
  /** a first turn that completes (exit 0) before the killed run, which then resumes it */
  earlierTurn?: boolean;
  /** the killed run's model: its turns, in order */
  turns: Turn[];
  /** kill as soon as this holds (polled every 10 ms) */
  when?: (w: Watch) => boolean;
  /** kill from a poller process the moment the rollout grows past its size at request 1 (mid-write) */
  whenRolloutGrows?: boolean;
  /** the run may end on its own just before the kill lands */
  mayFinish?: boolean;
}

const slow = (ms: number) => ({ chunk_delay_ms: ms });
const has = (s: string, needle: string) => s.includes(needle);

const CASES: KillCase[] = [
  { name: 'before the first token', turns: [text('never streamed', slow(5000))], when: (w) => w.msSinceRequest(1) > 100 },
  { name: 'mid-stream, the answer half sent', turns: [text('a long answer streamed slowly', { chunks: 6, ...slow(300) })], when: (w) => w.msSinceRequest(1) > 1000 },
  {
    name: 'after an answer was shown, before the response completed',
    turns: [{ output: [{ text: 'answer one' }, { text: 'answer two' }], chunks: 1, ...slow(400) }],
    when: (w) => has(w.stderr(), 'codex\nanswer one\n'),
  },
  { name: 'during a tool call', turns: [tool('sleep 20'), text('never asked')], when: (w) => has(w.rollout(), '"type":"function_call"') && w.msSinceRequest(1) > 600 },
  { name: 'after the tool output, before the follow-up answer', turns: [tool('echo tool-ran'), text('never streamed', slow(5000))], when: (w) => w.msSinceRequest(2) > 100 },
  { name: 'mid-stream of the follow-up after a tool', turns: [tool('echo tool-ran'), text('a follow-up streamed slowly', { chunks: 6, ...slow(300) })], when: (w) => w.msSinceRequest(2) > 1000 },
  { name: 'right after a turn completed, before the process exits', turns: [text('done quickly')], when: (w) => has(w.rollout(), '"type":"task_complete"'), mayFinish: true },
  { name: 'while a resumed turn opens, before its request', earlierTurn: true, turns: [text('never asked')], when: (w) => w.stderr().length > 0 || w.requests() > 0 },
  { name: 'during a resumed turn’s tool call', earlierTurn: true, turns: [tool('sleep 20'), text('never asked')], when: (w) => w.rollout().split('"type":"function_call"').length > 1 && w.msSinceRequest(1) > 600 },
  { name: 'during a rollout write (a multi-megabyte answer)', turns: [text('x'.repeat(2 << 20), { chunks: 1 })], whenRolloutGrows: true },
];

function rolloutFile(codexHome: string): string {
  const files = rolloutFiles(codexHome);
  expect(files).toHaveLength(1);
  return files[0];
}
const readOr = (file: string | null) => {
  try {
    return file ? readFileSync(file, 'utf8') : '';
  } catch {
    return '';
  }
};

/** Spawns csm, waits for the kill point, SIGKILLs its process group; returns what it had printed. */
async function runAndKill(run: RunHome, mock: MockServer, argv: string[], c: KillCase, file: string | null): Promise<{ stderr: string; exit: string }> {
  const { child, closed, kill } = spawnCsmKillable(argv, { cwd: run.workspace, env: targetEnv(run, { tty: false }) });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b));
  child.stdout!.resume();
  const arrived: number[] = [];
  const watch: Watch = {
    stderr: () => stderr,
    requests: () => mock.requests().length,
    rollout: () => readOr(file ?? safeRollout(run)),
    msSinceRequest: (n) => (arrived[n - 1] === undefined ? -1 : Date.now() - arrived[n - 1]),
  };
  const deadline = Date.now() + 30_000;
  let poller: ReturnType<typeof spawn> | null = null;
  for (let exited = false; !exited && Date.now() < deadline; ) {
    while (arrived.length < mock.requests().length) arrived.push(Date.now());
    if (c.whenRolloutGrows && arrived.length >= 1 && !poller) {
      const target = file ?? safeRollout(run)!;
      // Its own process, polling in a tight loop: this one serves the mock and must not block.
      const script = `const fs=require('fs');const base=fs.statSync(process.argv[1]).size;for(;;){if(fs.statSync(process.argv[1]).size>base){try{process.kill(-${child.pid},'SIGKILL')}catch{}process.exit(0)}}`;
      poller = spawn(process.execPath, ['-e', script, target], { stdio: 'ignore' });
    }
    if (c.when?.(watch)) break;
    exited = await Promise.race([closed.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 10))]);
  }
  kill();
  const exit = await closed;
  poller?.kill('SIGKILL');
  return { stderr, exit };
}

function safeRollout(run: RunHome): string | null {
  try {
    return rolloutFile(run.codexHome);
  } catch {
    return null;
  }
}

describe('a session killed at any point resumes with nothing acknowledged lost', () => {
  it.each(CASES)('SIGKILL $name', async (c) => {
    const run = createRunHome('kill-matrix');
    homes.push(run);
    writeWorkspace(run, { git: true, files: {} });
    const acknowledged: string[] = [];

    let file: string | null = null;
    if (c.earlierTurn) {
      const first = await startMockServer({ turns: [text('first answer')] });
      writeConfig(run, first.url, '');
      const done = await runPiped('csm', ['exec', 'first question'], { cwd: run.workspace, env: targetEnv(run, { tty: false }), timeoutMs: 60_000 });
      await first.close();
      expect(done.exitCode, done.stderr).toBe(0);
      acknowledged.push('first question', 'first answer');
      file = rolloutFile(run.codexHome);
    }

    const killedMock = await startMockServer({ turns: c.turns });
    writeConfig(run, killedMock.url, '');
    const prompt = 'the prompt of the killed run';
    const argv = file ? ['exec', 'resume', sessionId(file), prompt] : ['exec', prompt];
    const killed = await runAndKill(run, killedMock, argv, c, file);
    await killedMock.close();
    expect(c.mayFinish ? ['SIGKILL', 'exit 0'] : ['SIGKILL']).toContain(killed.exit);
    const shown = c.turns.flatMap((t) => t.output.flatMap((o) => (o.text !== undefined && killed.stderr.includes(`codex\n${o.text}\n`) ? [o.text] : [])));
    if (shown.length) acknowledged.push(prompt, ...shown);

    file ??= rolloutFile(run.codexHome);
    const before = readFileSync(file, 'utf8');
    const torn = before.length > 0 && !before.endsWith('\n');

    const resumeMock = await startMockServer({ turns: [text('resumed fine')] });
    writeConfig(run, resumeMock.url, '');
    const resumed = await runPiped('csm', ['exec', 'resume', sessionId(file), 'after the crash'], { cwd: run.workspace, env: targetEnv(run, { tty: false }), timeoutMs: 60_000 });
    await resumeMock.close();

    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stdout).toBe('resumed fine\n');
    // The mock checks that every call in the input has its output and every output its call.
    expect(resumeMock.problems()).toEqual([]);
    const request = resumeMock.requests().find((r) => r.kind === 'turn')!;
    const texts = messageTexts(request.body);
    const positions = [...acknowledged, 'after the crash'].map((t) => texts.indexOf(t));
    expect(positions.every((p) => p >= 0), `acknowledged ${JSON.stringify(acknowledged)} in ${JSON.stringify(texts.map((t) => t.slice(0, 40)))}`).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);

    // Append-only: what the killed run left is still there, byte for byte, and every line parses
    // but the one a kill cut short (a newline now closes it off).
    const after = readFileSync(file, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect(unparsableLines(after)).toHaveLength(torn ? 1 : 0);
    expect(after.endsWith('\n')).toBe(true);
  });

  it('a write cut short at any byte leaves a session that resumes (the last line truncated)', async () => {
    const run = createRunHome('kill-matrix-torn');
    homes.push(run);
    writeWorkspace(run, { git: true, files: {} });
    const mock = await startMockServer({ turns: [text('kept answer'), text('resumed fine')] });
    writeConfig(run, mock.url, '');
    const env = targetEnv(run, { tty: false });
    expect((await runPiped('csm', ['exec', 'kept question'], { cwd: run.workspace, env, timeoutMs: 60_000 })).exitCode).toBe(0);
    const file = rolloutFile(run.codexHome);
    // Cut the last line (task_complete) in half, as a write the kernel stopped part way would.
    const lines = readFileSync(file, 'utf8').split('\n');
    const last = lines.at(-2)!;
    truncateSync(file, statSync(file).size - 1 - Math.floor(last.length / 2));
    const resumed = await runPiped('csm', ['exec', 'resume', sessionId(file), 'after the crash'], { cwd: run.workspace, env, timeoutMs: 60_000 });
    await mock.close();
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(mock.problems()).toEqual([]);
    expect(messageTexts(mock.requests()[1].body).filter((t) => ['kept question', 'kept answer', 'after the crash'].includes(t))).toEqual(['kept question', 'kept answer', 'after the crash']);
    const content = readFileSync(file, 'utf8');
    const cut = last.slice(0, Math.ceil(last.length / 2));
    // The cut line stays as it was, alone on its line; everything else parses.
    expect(content.split('\n')).toContain(cut);
    expect(content.split('\n').filter((l) => l && l !== cut).every((l) => JSON.parse(l))).toBe(true);
  });
});
