import { readFileSync } from 'node:fs';
import { mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { clampYield, EXEC_YIELD, ExecSessionError, POLL_YIELD, ProcessManager, WRITE_YIELD, type StartRequest } from './sessions.ts';

const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));

let manager: ProcessManager;
let dir: string;

beforeEach(async () => {
  manager = new ProcessManager();
  dir = await realpath(await mkdtemp(path.join(tmpdir(), 'csm-sessions-')));
});

afterEach(async () => {
  await manager.shutdown();
  await rm(dir, { recursive: true, force: true });
});

function bash(script: string, overrides: Partial<StartRequest> = {}): StartRequest {
  return { argv: ['/bin/bash', '-c', script], cwd: dir, env, tty: false, yieldTimeMs: 5_000, ...overrides };
}

/** Running, as opposed to gone or a zombie nobody has reaped yet. */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('ProcessManager.exec', () => {
  it('returns the exit code and output of a command that finishes in time', async () => {
    const result = await manager.exec(bash('echo out; echo err >&2; exit 7'));
    expect(result).toMatchObject({ sessionId: null, exitCode: 7, output: 'out\nerr\n', outputChars: 8 });
  });

  it('runs in a terminal when asked, with \\r\\n turned into \\n and an 80x24 size', async () => {
    const result = await manager.exec(bash('test -t 1 && echo is-a-tty; stty size', { tty: true }));
    expect(result).toMatchObject({ exitCode: 0, output: 'is-a-tty\n24 80\n' });
  });

  it('hands back a small session id when the command outlives the wait', async () => {
    const first = await manager.exec(bash('echo started; sleep 30', { yieldTimeMs: 300 }));
    expect(first).toMatchObject({ sessionId: 1, exitCode: null, output: 'started\n' });
    const second = await manager.exec(bash('sleep 30', { yieldTimeMs: 250 }));
    expect(second.sessionId).toBe(2);
    expect(manager.sessionIds()).toEqual([1, 2]);
  });

  it('runs in the directory it is given', async () => {
    const result = await manager.exec(bash('pwd'));
    expect(result.output).toBe(`${dir}\n`);
  });

  it('passes the environment it is given', async () => {
    const result = await manager.exec(bash('echo "$CSM_MARK"', { env: { ...env, CSM_MARK: 'marked' } }));
    expect(result.output).toBe('marked\n');
  });

  it('refuses a working directory that does not exist', async () => {
    await expect(manager.exec(bash('true', { cwd: path.join(dir, 'missing') }))).rejects.toThrow(
      new ExecSessionError(`working directory does not exist: ${path.join(dir, 'missing')}`),
    );
  });

  it('holds at most its buffer cap of a 20 MB output, head and tail, while counting all of it', async () => {
    const result = await manager.exec(bash(`printf 'FIRST'; head -c 20000000 /dev/zero | tr '\\0' a; printf 'LAST'`, { yieldTimeMs: 30_000 }));
    expect(result.exitCode).toBe(0);
    expect(result.outputChars).toBe(20_000_009);
    expect(result.output.length).toBeLessThan(1024 * 1024 + 100);
    expect(result.output.startsWith('FIRSTaaa')).toBe(true);
    expect(result.output.endsWith('aaaLAST')).toBe(true);
    expect(result.output).toMatch(/\n…\d+ tokens truncated…\n/);
    expect(result.transcript.length).toBeLessThan(1024 * 1024 + 100);
  });
});

describe('ProcessManager.write', () => {
  it('returns only the output produced since the previous call', async () => {
    const started = await manager.exec(bash('echo one; sleep 0.5; echo two; sleep 0.5; echo three', { yieldTimeMs: 250 }));
    expect(started.output).toBe('one\n');
    const finished = await manager.write(started.sessionId!, '', 5_000);
    expect(finished).toMatchObject({ sessionId: null, exitCode: 0, output: 'two\nthree\n' });
    expect(finished.transcript).toBe('one\ntwo\nthree\n');
  });

  it('types into a terminal session', async () => {
    const started = await manager.exec(bash('read -r line; echo "got $line"', { tty: true, yieldTimeMs: 300 }));
    expect(started.sessionId).not.toBeNull();
    const answered = await manager.write(started.sessionId!, 'hello\n', 5_000);
    expect(answered).toMatchObject({ exitCode: 0, output: 'hello\ngot hello\n' });
  });

  it('releases the id once the exit has been reported', async () => {
    const started = await manager.exec(bash('sleep 0.3', { yieldTimeMs: 250 }));
    await manager.write(started.sessionId!, '', 5_000);
    await expect(manager.write(started.sessionId!, '', 250)).rejects.toThrow('Unknown process id 1');
  });

  it('says stdin is closed when a pipe session is written to', async () => {
    const started = await manager.exec(bash('sleep 30', { yieldTimeMs: 250 }));
    await expect(manager.write(started.sessionId!, 'hi\n', 250)).rejects.toThrow(
      'stdin is closed for this session; rerun exec_command with tty=true to keep stdin open',
    );
  });

  it('rejects an id it never handed out', async () => {
    await expect(manager.write(42, '', 250)).rejects.toThrow('Unknown process id 42');
  });
});

describe('ProcessManager.shutdown', () => {
  it('kills every running process, including background jobs of a session', async () => {
    const started = await manager.exec(bash('sleep 60 & echo $!; wait', { yieldTimeMs: 300, tty: true }));
    const backgroundPid = Number(started.output.trim());
    expect(isAlive(backgroundPid)).toBe(true);
    await manager.shutdown();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(isAlive(backgroundPid)).toBe(false);
    expect(manager.sessionIds()).toEqual([]);
  });
});

describe('clampYield', () => {
  it.each([
    ['exec default', undefined, EXEC_YIELD, 10_000],
    ['exec too short', 10, EXEC_YIELD, 250],
    ['exec too long', 120_000, EXEC_YIELD, 30_000],
    ['write default', undefined, WRITE_YIELD, 250],
    ['write too long', 60_000, WRITE_YIELD, 30_000],
    ['poll default', undefined, POLL_YIELD, 5_000],
    ['poll too short', 250, POLL_YIELD, 5_000],
    ['poll long', 120_000, POLL_YIELD, 120_000],
    ['poll too long', 900_000, POLL_YIELD, 300_000],
  ] as const)('%s', (_name, requested, range, expected) => {
    expect(clampYield(requested, range)).toBe(expected);
  });
});

describe('ProcessManager.runningCommands (/ps)', () => {
  it('lists the commands still running after their call returned, not the finished ones', async () => {
    const done = await manager.exec(bash('echo quick', { yieldTimeMs: 2_000 }));
    const slow = await manager.exec(bash('sleep 30', { yieldTimeMs: 100, command: ['sleep', '30'] }));
    expect(done.sessionId).toBeNull();
    expect(manager.runningCommands()).toEqual([{ id: slow.sessionId, command: ['sleep', '30'] }]);
    await manager.shutdown();
    expect(manager.runningCommands()).toEqual([]);
  });
});
