// exec_command / write_stdin for the router: one process manager per thread, the thread's sandbox
// policy, and the environment its shell environment policy passes on.
import { applyShellEnvironmentPolicy, DEFAULT_SHELL_ENVIRONMENT_POLICY, type ApprovalPolicy, type SandboxMode, type ShellEnvironmentPolicy } from '../config/index.ts';
import { execToolSpecs, execCommandArgsSchema, ProcessManager, runExecCommand, runWriteStdin, writeStdinArgsSchema } from './exec/index.ts';
import type { CommandOutcome, CommandTools } from './router.ts';

export interface CommandToolsOptions {
  sandboxMode: SandboxMode;
  /** Every directory commands may write to under workspace-write (besides the turn cwd). */
  writableRoots: string[];
  networkAccess: boolean;
  approvalPolicy: ApprovalPolicy;
  /** `[shell_environment_policy]`; upstream's default (everything passed) when absent. */
  envPolicy?: ShellEnvironmentPolicy;
  /** The environment the policy filters; process.env when absent. */
  env?: Readonly<Record<string, string | undefined>>;
  /** The thread the commands belong to (CODEX_THREAD_ID) and csm's version (CODEX_VERSION). */
  threadId?: string;
  version?: string;
  /** A command is known to run: the call that started it and its OS process id (told before it is shown). */
  onCommandStarted?: (callId: string, pid: number) => void;
  /** A command's output as it runs, by the call that started it (an app-server streams it to its clients). */
  onOutputDelta?: (callId: string, piece: string) => void;
}

const invalid = (message: string): CommandOutcome => ({ output: message, exitCode: null, aggregatedOutput: '', command: [], durationMs: 0, error: message });

export function createCommandTools(o: CommandToolsOptions): CommandTools {
  const processes = new ProcessManager();
  const policy = o.envPolicy ?? DEFAULT_SHELL_ENVIRONMENT_POLICY;
  const context = (cwd: string, call: { callId?: string; onStart?: (pid: number) => void; onOutputDelta?: (piece: string) => void }) => ({
    cwd,
    env: applyShellEnvironmentPolicy(o.env ?? process.env, policy),
    envSet: Object.keys(policy.set),
    threadId: o.threadId,
    version: o.version,
    ...call,
    // The roots are the whole list (the cwd, /tmp and $TMPDIR already in it unless excluded).
    sandbox: { mode: o.sandboxMode, writableRoots: o.writableRoots, networkAccess: o.networkAccess, excludeSlashTmp: true, excludeTmpdirEnvVar: true },
    approval: o.approvalPolicy,
    processes,
  });
  return {
    specs: execToolSpecs as unknown as Record<string, unknown>[],
    async execCommand(args, { cwd, callId, onStart }) {
      const parsed = execCommandArgsSchema.safeParse(args);
      if (!parsed.success) return invalid(`failed to parse function arguments: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      const watch = o.onOutputDelta;
      const onOutputDelta = watch && callId ? (piece: string) => watch(callId, piece) : undefined;
      const started = (pid: number) => {
        if (callId) o.onCommandStarted?.(callId, pid);
        onStart?.();
      };
      return runExecCommand(parsed.data, context(cwd, { callId, onStart: started, ...(onOutputDelta ? { onOutputDelta } : {}) }));
    },
    async writeStdin(args, { cwd }) {
      const parsed = writeStdinArgsSchema.safeParse(args);
      if (!parsed.success) return invalid(`failed to parse function arguments: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return runWriteStdin(parsed.data, context(cwd, {}));
    },
    close: () => void processes.shutdown(),
    background: () => processes.runningCommands(),
    stopBackground: () => processes.shutdown(),
  };
}
