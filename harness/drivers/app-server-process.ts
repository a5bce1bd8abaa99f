// A target's app-server listening on a loopback WebSocket, for TUI scenarios whose TUI runs with
// `--remote` (scenario `remote:`). The server picks its own port and names it on stderr.
import { spawn, type ChildProcess } from 'node:child_process';
import { targetCommand, type TargetName } from './targets.ts';

export interface AppServerProcess {
  url: string;
  /** Everything the server wrote to stderr so far (its banner, any error it printed). */
  stderr(): string;
  /** Whether the server exited before `stop` asked it to. */
  exitedEarly(): boolean;
  /** SIGTERM, then SIGKILL after `graceMs`: the server flushes its rollouts on a clean stop. */
  stop(graceMs?: number): Promise<void>;
}

const LISTENING = /listening on: (ws:\/\/\S+)/;

export async function startAppServer(target: TargetName, opts: { cwd: string; env: Record<string, string>; timeoutMs?: number }): Promise<AppServerProcess> {
  const cmd = targetCommand(target, ['app-server', '--listen', 'ws://127.0.0.1:0']);
  const child: ChildProcess = spawn(cmd.file, cmd.args, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let stderr = '';
  let stopping = false;
  let exited = false;
  const exit = new Promise<void>((r) => child.once('exit', () => ((exited = true), r())));
  child.stdout!.resume();
  child.stdin!.on('error', () => {});
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${target} app-server printed no ws:// address in ${opts.timeoutMs ?? 15_000} ms:\n${stderr.slice(-500)}`)), opts.timeoutMs ?? 15_000);
    child.stderr!.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
      const m = LISTENING.exec(stderr);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    void exit.then(() => {
      clearTimeout(timer);
      reject(new Error(`${target} app-server exited before listening:\n${stderr.slice(-500)}`));
    });
  });
  return {
    url,
    stderr: () => stderr,
    exitedEarly: () => exited && !stopping,
    async stop(graceMs = 2_000) {
      stopping = true;
      if (exited) return;
      const kill = (signal: NodeJS.Signals) => {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // already gone
        }
      };
      kill('SIGTERM');
      const done = await Promise.race([exit.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), graceMs))]);
      if (!done) {
        kill('SIGKILL');
        await exit;
      }
    },
  };
}
