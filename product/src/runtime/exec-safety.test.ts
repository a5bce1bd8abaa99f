// What a person sees when a session cannot be written safely, and what never reaches disk, with the
// built csm (dist/csm.mjs) against the lab's mock: the loser of two concurrent resumes, a stale
// lock whose pid now belongs to someone else, the provider key, a config that is not UTF-8, and an
// error csm did not expect.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRunHome, runPiped, targetEnv, writeConfig, writeWorkspace, type RunHome } from '#lab/drivers';
import { startMockServer } from '#lab/mock';
import { processStartTime } from '../core/rollout/lock.ts';

const KEY = 'sk-mock-lab-0000'; // the lab's provider key (MOCK_API_KEY)
const homes: RunHome[] = [];
afterAll(() => {
  for (const h of homes) rmSync(h.root, { recursive: true, force: true });
});

function home(label: string): RunHome {
  const run = createRunHome(label);
  homes.push(run);
  writeWorkspace(run, { git: true, files: {} });
  return run;
}

const csm = (run: RunHome, argv: string[]) => runPiped('csm', argv, { cwd: run.workspace, env: targetEnv(run, { tty: false }), timeoutMs: 60_000 });

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}
const rollout = (run: RunHome) => files(path.join(run.codexHome, 'sessions')).find((f) => f.endsWith('.jsonl'))!;
const idOf = (file: string) => /([0-9a-f-]{36})\.jsonl$/.exec(file)![1];

describe('exec keeps sessions safe', () => {
  it('gives the loser of two concurrent resumes one line and exit 1; the winner finishes', async () => {
    const run = home('safety-concurrent');
    const mock = await startMockServer({ turns: [{ output: [{ text: 'first' }] }, { output: [{ text: 'slow answer' }], chunks: 4, chunk_delay_ms: 400 }] });
    writeConfig(run, mock.url, '');
    expect((await csm(run, ['exec', 'hello'])).exitCode).toBe(0);
    const id = idOf(rollout(run));
    const winner = csm(run, ['exec', 'resume', id, 'the winner']);
    // The winner holds the session once its request reached the model.
    while (mock.requests().length < 2) await new Promise((r) => setTimeout(r, 20));
    const loser = await csm(run, ['exec', 'resume', id, 'the loser']);
    expect(loser.exitCode).toBe(1);
    expect(loser.stdout).toBe('');
    expect(loser.stderr).toBe(`Error: thread/resume: thread/resume failed: thread ${id} already has an active writer (code -32600)\n`);
    const won = await winner;
    await mock.close();
    expect(won.exitCode).toBe(0);
    expect(won.stdout).toBe('slow answer\n');
    const text = readFileSync(rollout(run), 'utf8');
    expect(text).toContain('the winner');
    expect(text).not.toContain('the loser');
  });

  it('takes over a stale lock whose pid the system has since given to another live process', async () => {
    const run = home('safety-pid-reuse');
    const mock = await startMockServer({ turns: [{ output: [{ text: 'first' }] }, { output: [{ text: 'resumed' }] }] });
    writeConfig(run, mock.url, '');
    expect((await csm(run, ['exec', 'hello'])).exitCode).toBe(0);
    const file = rollout(run);
    // A crashed csm left its lock; its pid now runs something else, started later.
    const other = spawn('sleep', ['30'], { stdio: 'ignore' });
    try {
      const start = processStartTime(other.pid!)!;
      writeFileSync(`${file}.lock`, `${other.pid} ${Number(start) - 100}\n`);
      const resumed = await csm(run, ['exec', 'resume', idOf(file), 'again']);
      expect(resumed.exitCode, resumed.stderr).toBe(0);
      expect(resumed.stdout).toBe('resumed\n');
      expect(existsSync(`${file}.lock`)).toBe(false);
    } finally {
      other.kill('SIGKILL');
      await mock.close();
    }
  });

  it('never writes the provider key to CODEX_HOME, wherever the model or a command puts it', async () => {
    const run = home('safety-key');
    const mock = await startMockServer({
      turns: [{ output: [{ exec_command: { cmd: `echo ${KEY}` } }] }, { output: [{ text: `The key is ${KEY}.` }] }],
    });
    writeConfig(run, mock.url, '');
    const r = await csm(run, ['exec', `remember ${KEY}`]);
    await mock.close();
    expect(r.exitCode, r.stderr).toBe(0);
    const written = files(run.codexHome).filter((f) => readFileSync(f).includes(KEY));
    expect(written).toEqual([]);
    // What was redacted is still there as a placeholder: the conversation is kept.
    expect(readFileSync(rollout(run), 'utf8')).toContain('The key is [REDACTED].');
  });

  it('refuses a config.toml that is not UTF-8 with one line, never its bytes', async () => {
    const run = home('safety-config');
    writeFileSync(path.join(run.codexHome, 'config.toml'), Buffer.concat([Buffer.from('model = "'), Buffer.from([0xff, 0xfe]), Buffer.from('"\n')]));
    const r = await csm(run, ['exec', 'hello']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe(`Error loading config.toml: Failed to read config file ${run.codexHome}/config.toml: invalid utf-8 sequence of 1 bytes from index 9\n`);
  });

  it('reports an error it did not expect in one line and keeps the stack in $CODEX_HOME/log/csm.log', async () => {
    const run = home('safety-unexpected');
    const mock = await startMockServer({ turns: [{ output: [{ text: 'answer' }] }] });
    writeConfig(run, mock.url, '');
    // A broken home: where the sessions folder belongs there is a file, so the first rollout write fails.
    writeFileSync(path.join(run.codexHome, 'sessions'), '');
    const r = await csm(run, ['exec', 'hello']);
    await mock.close();
    const log = path.join(run.codexHome, 'log', 'csm.log');
    expect(r.exitCode).toBe(1);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`^Error: ENOTDIR: not a directory, mkdir '[^']+' \\(details in ${log.replaceAll('.', '\\.')}\\)$`));
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(readFileSync(log, 'utf8')).toMatch(/unexpected error:\nError: ENOTDIR[^\n]*\n\s+at /);
  });
});
