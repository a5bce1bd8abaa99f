import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { findBwrap } from './sandbox.ts';
import { ProcessManager } from './sessions.ts';
import { EXEC_ENV_OVERRIDES } from './env.ts';
import { runExecCommand, runWriteStdin, shellCommand, type ExecToolContext } from './tool.ts';

const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));

let dir: string;
let ctx: ExecToolContext;

beforeEach(async () => {
  dir = await realpath(await mkdtemp(path.join(tmpdir(), 'csm-exec-tool-')));
  ctx = { cwd: dir, env, sandbox: { mode: 'danger-full-access' }, approval: 'never', processes: new ProcessManager() };
});

afterEach(async () => {
  await ctx.processes.shutdown();
  await rm(dir, { recursive: true, force: true });
});

/** The chunk id is random and the wall time varies; everything else is exact. */
function masked(output: string): string {
  return output.replace(/^Chunk ID: [0-9a-f]{6}$/m, 'Chunk ID: <id>').replace(/^Wall time: \d+\.\d{4} seconds$/m, 'Wall time: <t> seconds');
}

describe('exec_command', () => {
  it('runs a command and reports its exit and output in upstream’s layout', async () => {
    const result = await runExecCommand({ cmd: 'echo hello-from-tool', yield_time_ms: 1000 }, ctx);
    expect(masked(result.output)).toBe(
      'Chunk ID: <id>\nWall time: <t> seconds\nProcess exited with code 0\nOriginal token count: 4\nOutput:\nhello-from-tool\n',
    );
    expect(result).toMatchObject({
      exitCode: 0,
      aggregatedOutput: 'hello-from-tool\n',
      command: ['/bin/bash', '-lc', 'echo hello-from-tool'],
    });
    expect(result.sessionId).toBeUndefined();
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('reports a non-zero exit code', async () => {
    const result = await runExecCommand({ cmd: 'echo failing >&2; exit 3', login: false }, ctx);
    expect(result.exitCode).toBe(3);
    expect(masked(result.output)).toBe(
      'Chunk ID: <id>\nWall time: <t> seconds\nProcess exited with code 3\nOriginal token count: 2\nOutput:\nfailing\n',
    );
  });

  it('builds the shell command line from shell and login', () => {
    expect(shellCommand({ cmd: 'ls' })).toEqual(['/bin/bash', '-lc', 'ls']);
    expect(shellCommand({ cmd: 'ls', login: false })).toEqual(['/bin/bash', '-c', 'ls']);
    expect(shellCommand({ cmd: 'ls', shell: '/bin/sh' })).toEqual(['/bin/sh', '-lc', 'ls']);
  });

  it('uses the shell it is given', async () => {
    const result = await runExecCommand({ cmd: 'echo "$0"', shell: '/bin/sh', login: false }, ctx);
    expect(result).toMatchObject({ exitCode: 0, aggregatedOutput: '/bin/sh\n', command: ['/bin/sh', '-c', 'echo "$0"'] });
  });

  it('runs in workdir, resolved against the turn cwd', async () => {
    await mkdir(path.join(dir, 'pkg'));
    const result = await runExecCommand({ cmd: 'pwd', workdir: 'pkg', login: false }, ctx);
    expect(result.aggregatedOutput).toBe(`${path.join(dir, 'pkg')}\n`);
  });

  it('gives the command a plain, pager-free environment', async () => {
    const result = await runExecCommand({ cmd: 'echo "$NO_COLOR $TERM $GIT_PAGER"', login: false }, ctx);
    expect(result.aggregatedOutput).toBe(`${EXEC_ENV_OVERRIDES.NO_COLOR} ${EXEC_ENV_OVERRIDES.TERM} ${EXEC_ENV_OVERRIDES.GIT_PAGER}\n`);
  });

  it('cuts long output to max_output_tokens, keeping its head and tail', async () => {
    const result = await runExecCommand({ cmd: "printf 'BEGIN'; printf '%.0sx' $(seq 1 2000); printf 'END'", login: false, max_output_tokens: 10 }, ctx);
    expect(result.output).toContain('Original token count: 502\n');
    expect(result.output).toMatch(/Output:\nBEGINx+…492 tokens truncated…x+END$/);
    expect(result.aggregatedOutput).toHaveLength(2008);
  });

  it('reports a workdir that does not exist', async () => {
    const result = await runExecCommand({ cmd: 'true', workdir: 'nope' }, ctx);
    expect(result).toMatchObject({ exitCode: null, error: `exec_command failed: working directory does not exist: ${path.join(dir, 'nope')}` });
    expect(result.output).toBe(result.error);
  });

  it('refuses an escalation the approval policy cannot grant', async () => {
    const result = await runExecCommand({ cmd: 'true', sandbox_permissions: 'require_escalated', justification: 'why' }, ctx);
    expect(result.output).toBe(
      'approval policy is Never; reject command — you cannot ask for escalated permissions if the approval policy is Never',
    );
    expect(result.exitCode).toBeNull();
  });

  it('refuses to run when the sandbox is needed but bwrap is missing', async () => {
    const result = await runExecCommand({ cmd: 'true' }, { ...ctx, sandbox: { mode: 'read-only' }, bwrapPath: null });
    expect(result.output).toMatch(/^exec_command failed: sandbox unavailable: bubblewrap \(bwrap\) was not found/);
  });
});

describe('a command its watchers see run', () => {
  it('streams what it prints once it is shown, not what it printed in its first moments', async () => {
    const seen: string[] = [];
    const result = await runExecCommand(
      { cmd: 'echo early; sleep 0.4; echo late; sleep 0.2; echo on-stderr >&2', login: false, yield_time_ms: 5000 },
      { ...ctx, onStart: () => seen.push('<started>'), onOutputDelta: (piece) => seen.push(piece) },
    );
    expect(seen).toEqual(['<started>', 'late\n', 'on-stderr\n']);
    expect(result.aggregatedOutput).toBe('early\nlate\non-stderr\n');
  });

  it('streams nothing of a command that was over before it was shown', async () => {
    const seen: string[] = [];
    await runExecCommand({ cmd: 'echo quick', login: false }, { ...ctx, onOutputDelta: (piece) => seen.push(piece) });
    expect(seen).toEqual([]);
  });
});

describe('a long-running command', () => {
  it('returns a session id, then write_stdin collects later output and finally the exit', async () => {
    const started = await runExecCommand({ cmd: 'echo start; sleep 0.5; echo later; sleep 6; echo end', login: false, yield_time_ms: 250 }, ctx);
    expect(masked(started.output)).toBe(
      'Chunk ID: <id>\nWall time: <t> seconds\nProcess running with session ID 1\nOriginal token count: 2\nOutput:\nstart\n',
    );
    expect(started).toMatchObject({ exitCode: null, sessionId: 1 });

    const polled = await runWriteStdin({ session_id: 1 }, ctx); // an empty poll waits 5 s unless it exits
    expect(polled).toMatchObject({ exitCode: null, sessionId: 1, command: ['/bin/bash', '-c', started.command[2]] });
    expect(polled.output).toMatch(/\nProcess running with session ID 1\n[^]*\nOutput:\nlater\n$/);

    const finished = await runWriteStdin({ session_id: 1, yield_time_ms: 10_000 }, ctx);
    expect(finished).toMatchObject({ exitCode: 0, aggregatedOutput: 'start\nlater\nend\n' });
    expect(finished.sessionId).toBeUndefined();
    expect(masked(finished.output)).toBe(
      'Chunk ID: <id>\nWall time: <t> seconds\nProcess exited with code 0\nOriginal token count: 1\nOutput:\nend\n',
    );
  });

  it('takes typed input through write_stdin when it has a terminal', async () => {
    const started = await runExecCommand({ cmd: 'read x; echo got $x', tty: true, login: false, yield_time_ms: 500 }, ctx);
    expect(started.sessionId).toBe(1);
    const answered = await runWriteStdin({ session_id: 1, chars: 'abc\n', yield_time_ms: 5_000 }, ctx);
    expect(answered).toMatchObject({ exitCode: 0, aggregatedOutput: 'abc\ngot abc\n' });
    expect(answered.output).toMatch(/\nProcess exited with code 0\n[^]*\nOutput:\nabc\ngot abc\n$/);
  });

  it('can be interrupted with Ctrl-C', async () => {
    const started = await runExecCommand({ cmd: 'sleep 60', tty: true, login: false, yield_time_ms: 300 }, ctx);
    const interrupted = await runWriteStdin({ session_id: started.sessionId!, chars: '\u0003', yield_time_ms: 5_000 }, ctx);
    expect(interrupted.exitCode).toBe(130);
  });

  it('tells the model when the session id is unknown', async () => {
    const result = await runWriteStdin({ session_id: 99, chars: 'x' }, ctx);
    expect(result).toMatchObject({ output: 'write_stdin failed: Unknown process id 99', exitCode: null, error: 'write_stdin failed: Unknown process id 99' });
  });

  it('tells the model to use tty=true when it types into a pipe session', async () => {
    const started = await runExecCommand({ cmd: 'sleep 60', login: false, yield_time_ms: 250 }, ctx);
    const result = await runWriteStdin({ session_id: started.sessionId!, chars: 'y\n' }, ctx);
    expect(result.output).toBe('write_stdin failed: stdin is closed for this session; rerun exec_command with tty=true to keep stdin open');
  });
});

/** Whether a live (not zombie) process has exactly this NUL-separated command line. */
function runningWithCommandLine(cmdline: string): boolean {
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8') !== `${cmdline}\0`) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z') return true;
    } catch {
      // The process ended while we looked.
    }
  }
  return false;
}

const bwrapWorks =
  spawnSync(findBwrap(process.env.PATH) ?? 'bwrap', ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--unshare-pid', '--unshare-net', 'true']).status === 0;

describe.skipIf(!bwrapWorks)('a sandboxed session', () => {
  it('takes typed input inside bubblewrap', async () => {
    const sandboxed = { ...ctx, sandbox: { mode: 'workspace-write', excludeSlashTmp: true, excludeTmpdirEnvVar: true } } as const;
    const started = await runExecCommand({ cmd: 'read x; echo "$x" > typed.txt; cat typed.txt', tty: true, login: false, yield_time_ms: 500 }, sandboxed);
    expect(started.sessionId).toBe(1);
    expect(started.command).toEqual(['/bin/bash', '-c', 'read x; echo "$x" > typed.txt; cat typed.txt']);
    const answered = await runWriteStdin({ session_id: 1, chars: 'inside\n', yield_time_ms: 5_000 }, sandboxed);
    expect(answered).toMatchObject({ exitCode: 0, aggregatedOutput: 'inside\ninside\n' });
  });

  it('is killed, sandbox and all, on shutdown', async () => {
    const sandboxed = { ...ctx, sandbox: { mode: 'read-only' } } as const;
    const started = await runExecCommand({ cmd: 'sleep 61.5', login: false, yield_time_ms: 250 }, sandboxed);
    expect(started.sessionId).toBe(1);
    expect(runningWithCommandLine('sleep\0' + '61.5')).toBe(true);
    await ctx.processes.shutdown();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(runningWithCommandLine('sleep\0' + '61.5')).toBe(false);
  });
});
