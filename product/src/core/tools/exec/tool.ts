// Running one `exec_command` or `write_stdin` call: build the shell command line, apply the
// sandbox, run or poll it through the ProcessManager, and format the text for the model.
import path from 'node:path';

import type { ApprovalPolicy } from '../../config/schema.ts';
import { escalationRefusal, requestsEscalation } from './approval.ts';
import { commandEnv } from './env.ts';
import { DEFAULT_MAX_OUTPUT_TOKENS, formatExecOutput } from './format.ts';
import { outputStream } from './output-stream.ts';
import { claimMountPoints } from './mount-points.ts';
import { wrapCommand, type SandboxPolicy } from './sandbox.ts';
import {
  clampYield,
  EXEC_YIELD,
  ExecSessionError,
  POLL_YIELD,
  WRITE_YIELD,
  type Observation,
  type ProcessManager,
} from './sessions.ts';
import type { ExecCommandArgs, WriteStdinArgs } from './spec.ts';

export const DEFAULT_SHELL = '/bin/bash';

/**
 * How long a new process is watched before it is reported as started: one that the sandbox refused
 * fails within this time and is then not shown at all (the model still gets its output), as upstream
 * does. A refusal that comes later (after `sleep 1`, say) is shown like any failed command.
 */
export const EARLY_EXIT_GRACE_MS = 150;

/** Words in the output of a failed sandboxed command that mean the sandbox refused it (any case). */
const SANDBOX_DENIAL_WORDS = ['operation not permitted', 'permission denied', 'read-only file system', 'seccomp', 'sandbox', 'landlock', 'failed to write file'];

/** Whether a sandboxed command that exited `exitCode` after printing `output` was refused by the sandbox. */
export function isLikelySandboxDenial(exitCode: number, output: string): boolean {
  if (exitCode === 0) return false;
  const lower = output.toLowerCase();
  return SANDBOX_DENIAL_WORDS.some((word) => lower.includes(word));
}

export interface ExecToolContext {
  /** The turn's working directory; `workdir` is resolved against it. */
  readonly cwd: string;
  /** What the shell environment policy passes to commands (see ./env.ts for what is added). */
  readonly env: Readonly<Record<string, string>>;
  /** Names the policy's `set` gives (a login shell does not restore the others' forced values for them). */
  readonly envSet?: readonly string[];
  /** csm's own environment: where bwrap is looked up, and `$TMPDIR` as a writable root. Defaults to process.env. */
  readonly hostEnv?: Readonly<Record<string, string | undefined>>;
  /** The thread and the call, given to the command as CODEX_THREAD_ID and CODEX_TOOL_CALL_ID. */
  readonly threadId?: string;
  readonly callId?: string;
  /** csm's version, given as CODEX_VERSION. */
  readonly version?: string;
  /**
   * Called once the process is known to run: it is still running after EARLY_EXIT_GRACE_MS, or it
   * exited within that time and the sandbox did not refuse it. Not called for a refused command.
   * `pid` is the OS process id (of the sandbox wrapper when sandboxed).
   */
  readonly onStart?: (pid: number) => void;
  /** The command's output for its watchers once it is shown (see ./output-stream.ts for what is sent). */
  readonly onOutputDelta?: (piece: string) => void;
  readonly sandbox: SandboxPolicy;
  /**
   * The approval policy. Under `on-request` a `require_escalated` call is taken to be approved
   * already (the loop asks first, see `needsApproval`) and runs without the sandbox; under any other
   * policy such a call is refused.
   */
  readonly approval: ApprovalPolicy;
  readonly processes: ProcessManager;
  /** Shell used when the call names none. */
  readonly defaultShell?: string;
  /** bwrap to use; `null` pretends it is missing. Looked up on PATH when omitted. */
  readonly bwrapPath?: string | null;
  /** Milliseconds clock; injectable for tests. */
  readonly now?: () => number;
}

export interface ExecToolResult {
  /** The `function_call_output` text for the model. */
  readonly output: string;
  /** Exit code once the process has exited; null while it runs (or when nothing ran). */
  readonly exitCode: number | null;
  /** Everything the process has printed so far, for UI events (bounded, head and tail kept). */
  readonly aggregatedOutput: string;
  /** The command as shown to the user, e.g. ['/bin/bash', '-lc', 'echo hi'] (no sandbox wrapper). */
  readonly command: string[];
  /** Set while the process is still running. */
  readonly sessionId?: number;
  /** The OS process id, once it started (upstream records a process id with each command). */
  readonly pid?: number;
  readonly durationMs: number;
  /** Set when the call failed before or instead of running; the same text is in `output`. */
  readonly error?: string;
  /** The sandbox refused the command as soon as it started (it is not shown; the model gets `output`). */
  readonly sandboxDenied?: boolean;
}

/** `[shell, '-lc', cmd]`, or `-c` when `login` is false. */
export function shellCommand(args: Pick<ExecCommandArgs, 'cmd' | 'shell' | 'login'>, defaultShell = DEFAULT_SHELL): string[] {
  return [args.shell || defaultShell, args.login === false ? '-c' : '-lc', args.cmd];
}

export async function runExecCommand(args: ExecCommandArgs, ctx: ExecToolContext): Promise<ExecToolResult> {
  const now = ctx.now ?? Date.now;
  const started = now();
  const command = shellCommand(args, ctx.defaultShell);
  const fail = (error: string): ExecToolResult => ({
    output: error,
    exitCode: null,
    aggregatedOutput: '',
    command,
    durationMs: now() - started,
    error,
  });

  const refusal = escalationRefusal(ctx.approval, args);
  if (refusal) return fail(refusal);

  const escalated = requestsEscalation(args);
  const hostEnv = ctx.hostEnv ?? process.env;
  const wrapped = escalated
    ? { ok: true as const, argv: command, sandboxed: false, mountPoints: [] }
    : wrapCommand(command, ctx.sandbox, { cwd: ctx.cwd, env: hostEnv, bwrapPath: ctx.bwrapPath });
  if (!wrapped.ok) return fail(`exec_command failed: ${wrapped.error}`);
  const env = commandEnv({
    policyEnv: ctx.env,
    explicit: ctx.envSet,
    login: args.login !== false,
    threadId: ctx.threadId,
    callId: ctx.callId,
    version: ctx.version,
    networkDisabled: wrapped.sandboxed && !(ctx.sandbox.mode === 'workspace-write' && ctx.sandbox.networkAccess === true),
  });

  // Placeholders for missing protected paths stay claimed until the process exits.
  const release = claimMountPoints(wrapped.mountPoints);
  let denied = false;
  const stream = ctx.onOutputDelta ? outputStream(ctx.onOutputDelta) : null;
  try {
    const observation = await ctx.processes.exec({
      argv: wrapped.argv,
      command,
      cwd: path.resolve(ctx.cwd, args.workdir ?? '.'),
      env,
      tty: args.tty === true,
      yieldTimeMs: clampYield(args.yield_time_ms, EXEC_YIELD),
      earlyExitMs: EARLY_EXIT_GRACE_MS,
      onEarly: ({ exitCode, output, pid }) => {
        denied = wrapped.sandboxed && exitCode !== null && isLikelySandboxDenial(exitCode, output);
        if (denied) return;
        ctx.onStart?.(pid);
        stream?.open();
      },
      onExit: release,
      ...(stream ? { onOutput: (text: string) => stream.push(text) } : {}),
    });
    const result = toResult(observation, args.max_output_tokens, now() - started);
    return denied ? { ...result, sandboxDenied: true } : result;
  } catch (error) {
    release();
    return fail(`exec_command failed: ${messageOf(error)}`);
  }
}

export async function runWriteStdin(args: WriteStdinArgs, ctx: ExecToolContext): Promise<ExecToolResult> {
  const now = ctx.now ?? Date.now;
  const started = now();
  const chars = args.chars ?? '';
  const yieldTimeMs = clampYield(args.yield_time_ms, chars ? WRITE_YIELD : POLL_YIELD);
  try {
    const observation = await ctx.processes.write(args.session_id, chars, yieldTimeMs);
    return toResult(observation, args.max_output_tokens, now() - started);
  } catch (error) {
    const message = `write_stdin failed: ${messageOf(error)}`;
    return { output: message, exitCode: null, aggregatedOutput: '', command: [], durationMs: now() - started, error: message };
  }
}

function toResult(observation: Observation, maxOutputTokens: number | undefined, durationMs: number): ExecToolResult {
  const output = formatExecOutput({
    wallTimeMs: observation.wallTimeMs,
    exitCode: observation.exitCode,
    sessionId: observation.sessionId,
    output: observation.output,
    originalChars: observation.outputChars,
    maxOutputTokens: maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS,
  });
  return {
    output,
    exitCode: observation.exitCode,
    aggregatedOutput: observation.transcript,
    command: [...observation.command],
    ...(observation.sessionId !== null ? { sessionId: observation.sessionId } : {}),
    ...(observation.pid !== undefined ? { pid: observation.pid } : {}),
    durationMs,
  };
}

function messageOf(error: unknown): string {
  if (error instanceof ExecSessionError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
