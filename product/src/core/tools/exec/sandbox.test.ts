import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { BWRAP_MISSING_ERROR, bwrapArgs, findBwrap, sandboxPlan, wrapCommand, writableRoots, type SandboxPolicy } from './sandbox.ts';
import { ProcessManager } from './sessions.ts';
import { runExecCommand, type ExecToolContext } from './tool.ts';

const BWRAP = '/usr/bin/bwrap';
const env = Object.fromEntries(Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined));

let dir: string; // a workspace
let outside: string; // a directory that is not a writable root

beforeEach(async () => {
  dir = await realpath(await mkdtemp(path.join(tmpdir(), 'csm-sandbox-ws-')));
  outside = await realpath(await mkdtemp(path.join(tmpdir(), 'csm-sandbox-out-')));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

const noTemp = { excludeSlashTmp: true, excludeTmpdirEnvVar: true } as const;

describe('wrapCommand', () => {
  const argv = ['/bin/bash', '-lc', 'echo hi'];

  it('leaves the command alone under danger-full-access', () => {
    expect(wrapCommand(argv, { mode: 'danger-full-access' }, { cwd: dir, bwrapPath: null })).toEqual({ ok: true, argv, sandboxed: false, mountPoints: [] });
  });

  it('refuses to run unsandboxed when bwrap is missing', () => {
    expect(wrapCommand(argv, { mode: 'read-only' }, { cwd: dir, bwrapPath: null })).toEqual({ ok: false, error: BWRAP_MISSING_ERROR });
    expect(BWRAP_MISSING_ERROR).toMatch(/bwrap.*not found/);
  });

  it('runs read-only commands in a read-only root with no network', () => {
    expect(wrapCommand(argv, { mode: 'read-only' }, { cwd: dir, bwrapPath: BWRAP })).toEqual({
      ok: true,
      sandboxed: true,
      mountPoints: [],
      argv: [
        BWRAP,
        '--new-session',
        '--die-with-parent',
        '--ro-bind', '/', '/',
        '--dev', '/dev',
        '--proc', '/proc',
        '--unshare-pid',
        '--unshare-net',
        '--',
        ...argv,
      ],
    });
  });

  it('binds each writable root read-write, then its protected paths read-only: existing ones over themselves, missing ones as empty read-only directories', async () => {
    await mkdir(path.join(dir, '.git'));
    await mkdir(path.join(dir, '.codex'));
    await writeFile(path.join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    await writeFile(path.join(dir, '.codex', 'config.toml'), '');
    const extra = path.join(outside, 'extra');
    await mkdir(extra);
    const plan = sandboxPlan({ mode: 'workspace-write', writableRoots: [extra], ...noTemp }, { cwd: dir });
    if (!plan.ok) throw new Error(plan.error);
    const empty = (p: string) => ['--perms', '0555', '--tmpfs', p, '--remount-ro', p];
    // Shorter (parent-most) roots first; the workspace path is shorter than `<outside>/extra`.
    expect(plan.args.slice(plan.args.indexOf('--unshare-net') + 1)).toEqual([
      '--bind', dir, dir,
      '--ro-bind', path.join(dir, '.git'), path.join(dir, '.git'),
      ...empty(path.join(dir, '.agents')),
      '--ro-bind', path.join(dir, '.codex'), path.join(dir, '.codex'),
      ...empty(path.join(dir, '.aws')),
      '--bind', extra, extra,
      ...empty(path.join(extra, '.git')),
      ...empty(path.join(extra, '.agents')),
      ...empty(path.join(extra, '.codex')),
      ...empty(path.join(extra, '.aws')),
    ]);
    expect(plan.mountPoints).toEqual([
      path.join(dir, '.agents'),
      path.join(dir, '.aws'),
      ...['.git', '.agents', '.codex', '.aws'].map((name) => path.join(extra, name)),
    ]);
  });

  it('covers an existing empty protected directory that is not ours with an empty read-only one, and leaves it in place afterwards', async () => {
    // Another sandbox's placeholder (codex's, in a shared /tmp) can vanish before bwrap starts: a
    // bind of it would fail with "Can't find source path", a tmpfs is mounted either way.
    await mkdir(path.join(dir, '.git'));
    const plan = sandboxPlan({ mode: 'workspace-write', ...noTemp }, { cwd: dir });
    if (!plan.ok) throw new Error(plan.error);
    const git = path.join(dir, '.git');
    expect(plan.args).toEqual(expect.arrayContaining(['--tmpfs', git]));
    expect(plan.args.some((a, i) => a === '--ro-bind' && plan.args[i + 1] === git)).toBe(false);
    expect(plan.mountPoints).not.toContain(git);
  });

  it('refuses to build a sandbox when a protected path is a symlink a command could re-point', async () => {
    await mkdir(path.join(dir, 'decoy'));
    await symlink('decoy', path.join(dir, '.codex'));
    const result = wrapCommand(argv, { mode: 'workspace-write', ...noTemp }, { cwd: dir, bwrapPath: BWRAP });
    expect(result).toEqual({ ok: false, error: expect.stringContaining(`${path.join(dir, '.codex')} is a symlink (to ${path.join(dir, 'decoy')})`) });
  });

  it('binds the real path of a root given through a symlink', async () => {
    await symlink(dir, path.join(outside, 'ws-link'));
    const args = bwrapArgs({ mode: 'workspace-write', ...noTemp }, { cwd: path.join(outside, 'ws-link') });
    expect(args).toContain(path.join(dir, '.git'));
    expect(args.slice(args.indexOf('--bind'), args.indexOf('--bind') + 3)).toEqual(['--bind', dir, dir]);
  });

  it('keeps the network only when workspace-write allows it', () => {
    expect(bwrapArgs({ mode: 'workspace-write', ...noTemp }, { cwd: dir })).toContain('--unshare-net');
    expect(bwrapArgs({ mode: 'workspace-write', networkAccess: true, ...noTemp }, { cwd: dir })).not.toContain('--unshare-net');
    expect(bwrapArgs({ mode: 'read-only', networkAccess: true }, { cwd: dir })).toContain('--unshare-net');
  });
});

describe('writableRoots', () => {
  it('are the cwd, the extra roots, $TMPDIR and /tmp, parents first, existing only', () => {
    const roots = writableRoots({ mode: 'workspace-write', writableRoots: ['sub', '/no/such/dir'] }, { cwd: dir, env: { TMPDIR: outside } });
    expect(roots).toEqual(['/tmp', dir, outside].sort((a, b) => a.length - b.length || a.localeCompare(b)));
  });

  it('resolve relative extra roots against the cwd', async () => {
    await mkdir(path.join(dir, 'sub'));
    expect(writableRoots({ mode: 'workspace-write', writableRoots: ['sub'], ...noTemp }, { cwd: dir })).toEqual([dir, path.join(dir, 'sub')]);
  });

  it('leave out the temp dirs when excluded', () => {
    expect(writableRoots({ mode: 'workspace-write', ...noTemp }, { cwd: dir, env: { TMPDIR: outside } })).toEqual([dir]);
  });
});

describe('findBwrap', () => {
  it('ignores a bwrap inside the workspace', async () => {
    const bin = path.join(dir, 'bin');
    await mkdir(bin);
    await writeFile(path.join(bin, 'bwrap'), '#!/bin/sh\n');
    await chmod(path.join(bin, 'bwrap'), 0o755);
    expect(findBwrap(bin, dir)).not.toBe(path.join(bin, 'bwrap'));
    expect(findBwrap(bin, outside)).toBe(path.join(bin, 'bwrap'));
  });
});

// The rest runs real commands under bubblewrap; it needs bwrap and permission to create namespaces.
const bwrapWorks =
  spawnSync(findBwrap(process.env.PATH) ?? 'bwrap', ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--unshare-pid', '--unshare-net', 'true']).status === 0;

describe.skipIf(!bwrapWorks)('commands under the sandbox', () => {
  let processes: ProcessManager;
  beforeEach(() => {
    processes = new ProcessManager();
  });
  afterEach(() => processes.shutdown());

  // login: false keeps the machine's profile scripts (which may try to write) out of the output.
  const run = (cmd: string, sandbox: SandboxPolicy, extra: Partial<ExecToolContext> = {}) =>
    runExecCommand({ cmd, login: false, yield_time_ms: 10_000 }, { cwd: dir, env, sandbox, approval: 'never', processes, ...extra });

  describe('read-only', () => {
    it('lets a command read the workspace', async () => {
      await writeFile(path.join(dir, 'notes.txt'), 'readable\n');
      const result = await run('cat notes.txt', { mode: 'read-only' });
      expect(result).toMatchObject({ exitCode: 0, aggregatedOutput: 'readable\n' });
    });

    it('refuses a write in the workspace', async () => {
      const result = await run('touch made.txt', { mode: 'read-only' });
      expect(result.exitCode).not.toBe(0);
      expect(result.aggregatedOutput).toContain('Read-only file system');
    });

    it('has no network', async () => {
      const result = await run("bash -c 'echo > /dev/tcp/1.1.1.1/80'", { mode: 'read-only' });
      expect(result.exitCode).not.toBe(0);
      expect(result.aggregatedOutput).toMatch(/Network is unreachable/);
    });
  });

  describe('workspace-write', () => {
    const policy: SandboxPolicy = { mode: 'workspace-write', ...noTemp };

    it('allows a write in the cwd', async () => {
      const result = await run('echo made > made.txt', policy);
      expect(result.exitCode).toBe(0);
      expect(await readFile(path.join(dir, 'made.txt'), 'utf8')).toBe('made\n');
    });

    it('refuses a write outside the writable roots', async () => {
      const result = await run(`touch ${outside}/escaped.txt`, policy);
      expect(result.exitCode).not.toBe(0);
      expect(result.aggregatedOutput).toContain('Read-only file system');
    });

    it('allows a write in an extra writable root', async () => {
      const result = await run(`touch ${outside}/allowed.txt`, { ...policy, writableRoots: [outside] });
      expect(result.exitCode).toBe(0);
    });

    it('refuses a write into .git', async () => {
      await mkdir(path.join(dir, '.git'));
      const result = await run('echo evil > .git/config', policy);
      expect(result.exitCode).not.toBe(0);
      expect(result.aggregatedOutput).toContain('Read-only file system');
    });

    it('has no network unless allowed', async () => {
      const result = await run("bash -c 'echo > /dev/tcp/1.1.1.1/80'", policy);
      expect(result.exitCode).not.toBe(0);
      expect(result.aggregatedOutput).toMatch(/Network is unreachable/);
    });

    it('runs in the requested workdir', async () => {
      await mkdir(path.join(dir, 'sub'));
      const result = await runExecCommand({ cmd: 'pwd', workdir: 'sub', login: false }, { cwd: dir, env, sandbox: policy, approval: 'never', processes });
      expect(result.aggregatedOutput).toBe(`${path.join(dir, 'sub')}\n`);
    });

    it('runs an approved escalation outside the sandbox', async () => {
      const result = await runExecCommand(
        { cmd: `touch ${outside}/escalated.txt`, sandbox_permissions: 'require_escalated', justification: 'test' },
        { cwd: dir, env, sandbox: policy, approval: 'on-request', processes },
      );
      expect(result.exitCode).toBe(0);
    });
  });
});
