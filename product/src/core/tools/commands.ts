// exec_command / write_stdin for the router: one process manager per thread, the thread's sandbox
// policy, and the caller's environment.
import type { ApprovalPolicy, SandboxMode } from '../config/index.ts';
import { execToolSpecs, execCommandArgsSchema, ProcessManager, runExecCommand, runWriteStdin, writeStdinArgsSchema } from './exec/index.ts';
import type { CommandOutcome, CommandTools } from './router.ts';

export interface CommandToolsOptions {
  sandboxMode: SandboxMode;
  writableRoots: string[];
  networkAccess: boolean;
  approvalPolicy: ApprovalPolicy;
  env?: Record<string, string>;
}

function baseEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

const invalid = (message: string): CommandOutcome => ({ output: message, exitCode: null, aggregatedOutput: '', command: [], durationMs: 0 });

export function createCommandTools(o: CommandToolsOptions): CommandTools {
  const processes = new ProcessManager();
  const context = (cwd: string) => ({
    cwd,
    env: o.env ?? baseEnv(),
    sandbox: { mode: o.sandboxMode, writableRoots: o.writableRoots, networkAccess: o.networkAccess },
    approval: o.approvalPolicy,
    processes,
  });
  return {
    specs: execToolSpecs as unknown as Record<string, unknown>[],
    async execCommand(args, { cwd }) {
      const parsed = execCommandArgsSchema.safeParse(args);
      if (!parsed.success) return invalid(`failed to parse function arguments: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return runExecCommand(parsed.data, context(cwd));
    },
    async writeStdin(args, { cwd }) {
      const parsed = writeStdinArgsSchema.safeParse(args);
      if (!parsed.success) return invalid(`failed to parse function arguments: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
      return runWriteStdin(parsed.data, context(cwd));
    },
    close: () => void processes.shutdown(),
  };
}
