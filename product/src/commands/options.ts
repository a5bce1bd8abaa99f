// Codex's flags that csm accepts on its agent commands (the TUI, resume/fork, exec and review), and
// the one line csm answers with when a flag asks for something it does not have. A flag is never
// silently ignored unless honouring it is a no-op in csm (and its help says why).
import { Command, Option } from 'commander';

export const collect = (v: string, prev: string[]) => [...prev, v];

/** -c/--enable/--disable: every codex command takes them (clap's global arguments). */
export function configOptions(cmd: Command): Command {
  return cmd
    .option('-c, --config <key=value>', 'Set a config value for this run, as if written in config.toml: a dotted key path and a TOML value (a value that is not TOML is taken as a string).', collect, [] as string[])
    .option('--enable <FEATURE>', 'Turn a feature on for this run (repeatable); the same as -c features.<name>=true.', collect, [] as string[])
    .option('--disable <FEATURE>', 'Turn a feature off for this run (repeatable); the same as -c features.<name>=false.', collect, [] as string[]);
}

/** Flags of codex's agent commands beyond csm's core set (root, resume, fork, exec and its subcommands). */
export function agentExtras(cmd: Command, which: { oss?: boolean; approveForMe?: boolean } = { oss: true, approveForMe: true }): Command {
  cmd
    .option('--remote <ADDR>', "Run the TUI as a client of an app server (csm's or codex's): ws://HOST:PORT, wss://HOST:PORT, unix:// or unix://PATH.")
    .option('--remote-auth-token-env <ENV_VAR>', 'The variable holding the bearer token --remote sends to a WebSocket server.')
    .option('--strict-config', 'Refuse config.toml fields this version does not know (not in csm: it reads the fields it uses and leaves the rest to codex).');
  if (which.oss) {
    cmd.option('--oss', 'Use a local open-source model provider (not in csm: configure a [model_providers] entry instead).');
    cmd.option('--local-provider <OSS_PROVIDER>', 'Which local provider --oss uses, lmstudio or ollama (not in csm).');
  }
  if (which.approveForMe) cmd.option('--approve-for-me', 'Let an automatic reviewer answer approval requests (not in csm: approvals are yours).');
  return cmd
    .option('--dangerously-bypass-approvals-and-sandbox', 'Run every command without a sandbox and without asking. Only for machines that are sandboxed from the outside.', false)
    .addOption(new Option('--yolo').hideHelp().default(false))
    .option('--dangerously-bypass-hook-trust', 'Run hooks without stored trust (csm runs no hooks, so this changes nothing).', false)
    .option('--worktree', 'Run the session in a new managed git worktree (not in csm).');
}

/** The TUI's own flags (root, resume, fork). */
export function tuiExtras(cmd: Command): Command {
  return cmd
    .addOption(new Option('-a, --ask-for-approval <APPROVAL_POLICY>', 'When the model must ask before running a command: on-request (the model asks when it needs to) or never (failures go back to the model).').choices(['on-request', 'never']))
    .option('--search', 'Offer the model live web search (not in csm: it has no web search tool).')
    .option('--no-alt-screen', "Draw the TUI inline instead of on the alternate screen (not in csm: its TUI always uses the alternate screen).")
    .option('--no-daemon', 'Run without a shared background server (csm never starts one, so this changes nothing).');
}

/** exec's (and exec resume/fork/review's) own flags beyond csm's core set. */
export function execExtras(cmd: Command): Command {
  return cmd
    .option('--thread-source <SOURCE>', 'How new or forked threads are classified in their metadata (not in csm).')
    .addOption(new Option('--cyber-access-program <PROGRAM>', "Ask for one of OpenAI's experimental access programs (not in csm: it is for OpenAI's own provider).").choices(['standard', 'daybreak_blue', 'daybreak_red']))
    .option('--trust', 'Mark this project as trusted in config.toml before running (kept even with --ephemeral).', false)
    .option('--ignore-user-config', 'Do not read $CODEX_HOME/config.toml (credentials still come from CODEX_HOME).', false)
    .option('--ignore-rules', 'Do not load execpolicy .rules files (csm loads none, so this changes nothing).', false);
}

/** What these flags set, as commander hands them over. */
export interface ExtraFlags {
  remote?: string;
  remoteAuthTokenEnv?: string;
  strictConfig?: boolean;
  oss?: boolean;
  localProvider?: string;
  approveForMe?: boolean;
  worktree?: boolean;
  search?: boolean;
  altScreen?: boolean;
  threadSource?: string;
  cyberAccessProgram?: string;
}

/**
 * The one line for the first flag csm cannot honour, or null. Checked before anything else runs
 * (no config read, no model request).
 */
export function refusedFlag(o: ExtraFlags): string | null {
  const no = (flag: string, why: string) => `${flag} is not supported by csm: ${why}`;
  if (o.remote !== undefined || o.remoteAuthTokenEnv !== undefined) return no(o.remote !== undefined ? '--remote' : '--remote-auth-token-env', 'csm exec runs the agent in-process; only the TUI connects to an app server (csm --remote ADDR)');
  if (o.oss || o.localProvider !== undefined) return no(o.oss ? '--oss' : '--local-provider', 'configure the local server as a [model_providers] entry in config.toml and select it with -c model_provider=NAME');
  if (o.strictConfig) return no('--strict-config', 'csm reads only the config fields it uses and cannot tell which others codex knows');
  if (o.approveForMe) return no('--approve-for-me', 'csm has no automatic approval reviewer; use -a never or -s to choose what runs without asking');
  if (o.worktree) return no('--worktree', 'csm does not create or manage git worktrees');
  if (o.search) return no('--search', 'csm offers the model no web search tool');
  if (o.altScreen === false) return no('--no-alt-screen', "csm's TUI always draws on the alternate screen");
  if (o.threadSource !== undefined) return no('--thread-source', 'csm records every thread it starts as a user thread');
  if (o.cyberAccessProgram !== undefined) return no('--cyber-access-program', "access programs belong to OpenAI's own provider, which csm does not talk to");
  return null;
}

/** The TUI's --remote flags: the one line for a combination codex refuses too, or null. */
export function remoteFlagsError(o: ExtraFlags & { daemon?: boolean }): string | null {
  if (o.remoteAuthTokenEnv !== undefined && o.remote === undefined) return '`--remote-auth-token-env` requires `--remote`.';
  if (o.remote !== undefined && o.daemon === false) return '--no-daemon cannot be used with --remote.';
  return null;
}

/** Ends the process with the refusal, when there is one. */
export function refuseUnsupported(o: object): void {
  const line = refusedFlag(o as ExtraFlags);
  if (!line) return;
  process.stderr.write(`Error: ${line}\n`);
  process.exit(2);
}

/** `--dangerously-bypass-approvals-and-sandbox` (alias `--yolo`) as config: no sandbox, never ask. */
export function bypassOverrides(opts: object): string[] {
  const o = opts as { dangerouslyBypassApprovalsAndSandbox?: boolean; yolo?: boolean };
  return o.dangerouslyBypassApprovalsAndSandbox || o.yolo ? ['sandbox_mode="danger-full-access"', 'approval_policy="never"'] : [];
}
