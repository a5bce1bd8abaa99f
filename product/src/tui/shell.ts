// `!command` in the composer: the person's own command, run in the workspace under the thread's
// sandbox and shell environment policy (the same command tools the model's exec_command uses), to
// the end, however long it takes.
import type { ResolvedConfig } from '../core/config/index.ts';
import { createCommandTools } from '../core/tools/commands.ts';
import { VERSION } from '../version.ts';

export interface ShellResult {
  output: string;
  exitCode: number | null;
  /** what ran: the shell and its arguments */
  argv: string[];
  durationMs: number;
}

export interface ShellRunner {
  run(command: string): Promise<ShellResult>;
  close(): void;
}

/** `onOutput`: the command's output as it comes (an app-server passes it on to its clients). */
export function shellRunner(cfg: ResolvedConfig, roots: string[], threadId: string, onOutput?: (piece: string) => void): ShellRunner {
  // envPolicy: the thread's [shell_environment_policy], as the model's commands get it.
  const options: Parameters<typeof createCommandTools>[0] & { envPolicy?: ResolvedConfig['shellEnvironmentPolicy'] } = {
    sandboxMode: cfg.sandboxMode,
    writableRoots: roots,
    networkAccess: cfg.sandboxWorkspaceWrite.networkAccess,
    approvalPolicy: cfg.approvalPolicy,
    envPolicy: cfg.shellEnvironmentPolicy,
    threadId,
    version: VERSION,
    ...(onOutput ? { onOutputDelta: (_call: string, piece: string) => onOutput(piece) } : {}),
  };
  const tools = createCommandTools(options);
  return {
    async run(command) {
      const t0 = performance.now();
      let r = await tools.execCommand({ cmd: command, yield_time_ms: 30_000 }, { cwd: cfg.cwd, ...(onOutput ? { callId: 'user-shell' } : {}) });
      const argv = r.command;
      // Still running after the longest wait: keep waiting for it.
      while (r.exitCode === null && r.sessionId !== undefined && !r.error) r = await tools.writeStdin({ session_id: r.sessionId, chars: '', yield_time_ms: 300_000 }, { cwd: cfg.cwd });
      return { output: r.error ?? r.aggregatedOutput, exitCode: r.exitCode, argv: argv.length ? argv : r.command, durationMs: performance.now() - t0 };
    },
    close: () => tools.close(),
  };
}
