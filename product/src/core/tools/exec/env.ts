// The environment of one exec_command process, built as upstream builds it (measured against
// 0.169.0 in the lab): what the shell environment policy passes (core/config/shell-env.ts), the
// thread's identity, then settings that make output readable for a model, then the call's own
// variables.
//
// Upstream runs a login shell (`bash -lc`, the default) through a snapshot of the user's shell taken
// in the policy's environment, and that snapshot restores every variable the policy passes, except
// those the policy's `set` names and upstream's own. So with a login shell a passed `TERM` or `LANG`
// keeps its value; with `login: false`, or when the policy does not pass it, the forced value stands.

/** Set on every command: no colours, no pager, a UTF-8 locale, a marker that an agent runs it. */
export const EXEC_ENV_OVERRIDES: Readonly<Record<string, string>> = {
  NO_COLOR: '1',
  TERM: 'dumb',
  LANG: 'C.UTF-8',
  LC_CTYPE: 'C.UTF-8',
  LC_ALL: 'C.UTF-8',
  COLORTERM: '',
  PAGER: 'cat',
  GIT_PAGER: 'cat',
  GH_PAGER: 'cat',
  CODEX_CI: '1',
};

/** Variables csm sets itself; never taken from its own environment. */
export const RUNTIME_ENV_VARS = [
  'CODEX_THREAD_ID',
  'CODEX_SESSION_ID',
  'CODEX_APPLY_PATCH_PRESERVE_LINE_ENDINGS',
  'CODEX_PERMISSION_PROFILE',
  'CODEX_TOOL_CALL_ID',
  'CODEX_VERSION',
  'CODEX_SANDBOX_NETWORK_DISABLED',
] as const;

export interface CommandEnvInput {
  /** What the shell environment policy passes (applyShellEnvironmentPolicy). */
  readonly policyEnv: Readonly<Record<string, string>>;
  /** Names the policy's `set` gives; a login shell does not restore these. */
  readonly explicit?: readonly string[];
  /** The command runs in a login shell (`-lc`). */
  readonly login: boolean;
  readonly threadId?: string;
  readonly callId?: string;
  readonly version?: string;
  /** The sandbox cuts the network off for this command. */
  readonly networkDisabled: boolean;
}

export function commandEnv(input: CommandEnvInput): Record<string, string> {
  const runtime = new Set<string>(RUNTIME_ENV_VARS);
  const passed = Object.fromEntries(Object.entries(input.policyEnv).filter(([name]) => !runtime.has(name)));
  const env: Record<string, string> = { ...passed };
  if (input.threadId) {
    env.CODEX_THREAD_ID = input.threadId;
    env.CODEX_SESSION_ID = input.threadId;
  }
  env.CODEX_APPLY_PATCH_PRESERVE_LINE_ENDINGS = '1';
  Object.assign(env, EXEC_ENV_OVERRIDES);
  if (input.login) {
    const explicit = new Set(input.explicit ?? []);
    for (const [name, value] of Object.entries(passed)) if (!explicit.has(name)) env[name] = value;
  }
  if (input.callId) env.CODEX_TOOL_CALL_ID = input.callId;
  if (input.version) env.CODEX_VERSION = input.version;
  if (input.networkDisabled) env.CODEX_SANDBOX_NETWORK_DISABLED = '1';
  return env;
}
