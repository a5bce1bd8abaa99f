export {
  execCommandToolSpec,
  writeStdinToolSpec,
  execToolSpecs,
  execCommandArgsSchema,
  writeStdinArgsSchema,
  sandboxPermissionsSchema,
  parseExecCommandArgs,
  parseWriteStdinArgs,
} from './spec.ts';
export type { ExecCommandArgs, WriteStdinArgs, FunctionToolSpec, ParsedArgs, SandboxPermissions } from './spec.ts';
export {
  ProcessManager,
  ExecSessionError,
  clampYield,
  EXEC_YIELD,
  WRITE_YIELD,
  POLL_YIELD,
  DEFAULT_MAX_BUFFER_CHARS,
  DEFAULT_MAX_SESSIONS,
} from './sessions.ts';
export type { Observation, ProcessManagerOptions, StartRequest } from './sessions.ts';
export { formatExecOutput, truncateMiddle, newChunkId, DEFAULT_MAX_OUTPUT_TOKENS } from './format.ts';
export type { ExecOutputFields } from './format.ts';
export { wrapCommand, bwrapArgs, sandboxPlan, writableRoots, findBwrap, BWRAP_MISSING_ERROR } from './sandbox.ts';
export type { SandboxPolicy, SandboxContext, SandboxPlan, WrapResult } from './sandbox.ts';
export { needsApproval, escalationRefusal, requestsEscalation } from './approval.ts';
export type { ExecPolicy } from './approval.ts';
export { runExecCommand, runWriteStdin, shellCommand, isLikelySandboxDenial, DEFAULT_SHELL, EARLY_EXIT_GRACE_MS } from './tool.ts';
export { commandEnv, EXEC_ENV_OVERRIDES, RUNTIME_ENV_VARS } from './env.ts';
export type { CommandEnvInput } from './env.ts';
export type { ExecToolContext, ExecToolResult } from './tool.ts';
export { HeadTailBuffer, LineEndingNormalizer, approxTokens } from './buffer.ts';
