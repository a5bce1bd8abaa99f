// Runs non-interactive invocations (codex exec …) with piped stdio, as a script or CI would.
import { spawn } from 'node:child_process';
import type { Invocation } from './result.ts';
import { targetCommand, type TargetName } from './targets.ts';

export function runPiped(
  target: TargetName,
  argv: string[],
  opts: { cwd: string; env: Record<string, string>; stdin?: string; timeoutMs: number },
): Promise<Invocation> {
  const cmd = targetCommand(target, argv);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd.file, cmd.args, { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.stdin.on('error', () => {}); // a target that never reads stdin must not crash the lab
    child.stdin.end(opts.stdin ?? '');
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, opts.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({
        argv,
        exitCode: code,
        signal: timedOut ? 'TIMEOUT' : signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        wallMs: performance.now() - started,
      });
    });
  });
}
