// Running one `exec_command` or `write_stdin` call: build the shell command line, apply the
// sandbox, run or poll it through the ProcessManager, and format the text for the model.
import path from 'node:path';

import type { ApprovalPolicy } from '../../config/schema.ts';
import { escalationRefusal, requestsEscalation } from './approval.ts';
import { DEFAULT_MAX_OUTPUT_TOKENS, formatExecOutput } from './format.ts';
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
 * Set on top of the caller's environment for every command: output meant for a model reads best
 * without colours, and a pager waiting for a keypress would hang a terminal session.
 */
export const EXEC_ENV_OVERRIDES: Readonly<Record<string, string>> = {
  NO_COLOR: '1',
  TERM: 'dumb',
  PAGER: 'cat',
  GIT_PAGER: 'cat',
  GH_PAGER: 'cat',
};

export interface ExecToolContext {
  /** The turn's working directory; `workdir` is resolved against it. */
  readonly cwd: string;
  /** Environment for the command (EXEC_ENV_OVERRIDES are laid over it). */
  readonly env: Readonly<Record<string, string>>;
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
  readonly durationMs: number;
  /** Set when the call failed before or instead of running; the same text is in `output`. */
  readonly error?: string;
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

  const env = { ...ctx.env, ...EXEC_ENV_OVERRIDES };
  const escalated = requestsEscalation(args);
  const wrapped = escalated
    ? { ok: true as const, argv: command }
    : wrapCommand(command, ctx.sandbox, { cwd: ctx.cwd, env, bwrapPath: ctx.bwrapPath });
  if (!wrapped.ok) return fail(`exec_command failed: ${wrapped.error}`);

  try {
    const observation = await ctx.processes.exec({
      argv: wrapped.argv,
      command,
      cwd: path.resolve(ctx.cwd, args.workdir ?? '.'),
      env,
      tty: args.tty === true,
      yieldTimeMs: clampYield(args.yield_time_ms, EXEC_YIELD),
    });
    return toResult(observation, args.max_output_tokens, now() - started);
  } catch (error) {
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
    durationMs,
  };
}

function messageOf(error: unknown): string {
  if (error instanceof ExecSessionError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
