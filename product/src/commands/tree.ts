// The rest of codex's command surface, registered on csm's program by cli.ts: review (and exec
// review), login/logout, completion, features, doctor, sandbox, debug, apply, and the commands csm
// does not provide. Definitions only: each action loads its module on demand.
import { Argument, Command, Option } from 'commander';
import type { ExecArgs } from '../exec/run.ts';
import { agentExtras, collect, configOptions, execExtras, refuseUnsupported } from './options.ts';
import { notProvidedCommands, notProvidedSub } from './not-provided.ts';
import { VERSION } from '../version.ts';

/** Exit with a code, flushing what was written. */
const exitWith = (code: number) => {
  process.exitCode = code;
};

function reviewTargetOptions(cmd: Command): Command {
  return cmd
    .option('--uncommitted', 'Review what is not committed yet: staged, unstaged and untracked files.')
    .option('--base <BRANCH>', "Review this branch's changes since it left BRANCH.")
    .option('--commit <SHA>', 'Review the changes one commit made.')
    .option('--title <TITLE>', 'The commit title shown with a --commit review.');
}

type ReviewOpts = Partial<ExecArgs> & { uncommitted?: boolean; base?: string; commit?: string; title?: string; trust?: boolean; ignoreUserConfig?: boolean };

async function review(prompt: string | undefined, o: ReviewOpts): Promise<void> {
  refuseUnsupported(o);
  const { runReview } = await import('./review.ts');
  exitWith(await runReview(prompt, o));
}

/** `csm review`: a code review, non-interactively (codex runs it the way `exec review` does). */
export function reviewCommand(): Command {
  const cmd = new Command('review').description('Review code changes without the TUI: findings with priorities and locations.');
  cmd.addArgument(new Argument('[PROMPT]', 'What to review and how, in your words; - reads it from stdin.'));
  configOptions(cmd).option('--strict-config', 'Refuse config.toml fields this version does not know (not in csm).').option('--trust', 'Mark this project as trusted in config.toml first.');
  reviewTargetOptions(cmd);
  return cmd.action((prompt, o) => review(prompt, o));
}

/** `csm exec review`: the same review with exec's output options (--json, -o, …). */
export function execReviewCommand(parentOpts: () => Record<string, unknown>, merge: (own: Record<string, unknown>, cmd: Command) => Record<string, unknown>): Command {
  const cmd = new Command('review').description('Review code changes in this repository (exec output options apply).');
  cmd.addArgument(new Argument('[PROMPT]', 'What to review and how, in your words; - reads it from stdin.'));
  configOptions(cmd);
  reviewTargetOptions(cmd);
  cmd.option('-m, --model <MODEL>', 'Model for the reviewer.');
  agentExtras(cmd, {});
  execExtras(cmd)
    .option('--skip-git-repo-check', 'Run even outside a git repository.', false)
    .option('--ephemeral', 'Keep no session file.', false)
    .option('--output-schema <FILE>', "JSON Schema file for the reviewer's answer.")
    .option('--json', 'Print the events as JSON lines on stdout.', false)
    .option('-o, --output-last-message <FILE>', 'Also write the rendered review to FILE.');
  void parentOpts;
  return cmd.action((prompt, own, c: Command) => review(prompt, merge(own, c) as ReviewOpts));
}

function loginCommands(): Command[] {
  const impl = () => import('./login.ts');
  const login = configOptions(new Command('login').description('Sign in: store an API key for csm and codex in $CODEX_HOME/auth.json.'))
    .option('--with-api-key', 'Read the API key from stdin (e.g. `printenv OPENAI_API_KEY | csm login --with-api-key`).')
    .option('--with-access-token', 'Read a ChatGPT access token from stdin (not in csm).')
    .option('--device-auth', 'Sign in with ChatGPT on another device (not in csm).')
    // codex still takes its old flag, hidden, to say how to pass the key now.
    .addOption(new Option('--api-key <API_KEY>').hideHelp())
    .action(async (o) => exitWith(await (await impl()).loginCommand(o)));
  login.command('status').description('Say whether credentials are stored, and which.').action(async () => exitWith((await impl()).statusCommand()));
  configOptions(login.commands[0]);
  const logout = configOptions(new Command('logout').description('Remove the stored credentials ($CODEX_HOME/auth.json).')).action(async () => exitWith((await impl()).logoutCommand()));
  return [login, logout];
}

function completionCommand(root: () => Command): Command {
  return configOptions(new Command('completion').description('Print a shell completion script for csm.'))
    .addArgument(new Argument('[SHELL]', 'The shell to complete in.').choices(['bash', 'elvish', 'fish', 'powershell', 'zsh']).default('bash'))
    .action(async (shell: string) => {
      const { completionScript } = await import('./completion.ts');
      process.stdout.write(completionScript(root(), shell as never));
    });
}

function featuresCommand(): Command {
  const impl = () => import('./features.ts');
  const cmd = configOptions(new Command('features').description('Feature flags: list them, or turn one on or off in config.toml.'));
  configOptions(cmd.command('list').description('Every feature csm knows, its stage and whether it is on.')).action(async (_o, c: Command) => exitWith((await impl()).listFeatures(c.optsWithGlobals())));
  for (const [name, on] of [['enable', true], ['disable', false]] as const) {
    configOptions(cmd.command(name).description(`${on ? 'Turn a feature on' : 'Turn a feature off'} in config.toml (comments and layout kept).`))
      .addArgument(new Argument('<FEATURE>', 'The feature key, e.g. unbounded_connection_retries.'))
      .action(async (feature: string) => exitWith((await impl()).setFeature(feature, on)));
  }
  return cmd;
}

function doctorCommand(): Command {
  return configOptions(new Command('doctor').description("Check csm's installation, config, credentials, sandbox, terminal, session store and network, with a fix for each failure."))
    .option('--json', 'Print the report as JSON.', false)
    .option('--network-only', "Only the config and the network checks (proxy variables, the provider's endpoints).", false)
    .option('--summary', 'Only the summary line per check.', false)
    .option('--all', 'Every detail (csm shows them all already; kept for codex).', false)
    .option('--no-color', 'Print without colour.')
    .option('--ascii', 'Use ASCII marks instead of symbols.', false)
    .action(async (o) => exitWith(await (await import('./doctor.ts')).doctorCommand(o)));
}

function sandboxCommand(): Command {
  const cmd = configOptions(new Command('sandbox').description("Run a command inside csm's bubblewrap sandbox, as the agent's commands run."));
  cmd
    .addArgument(new Argument('[COMMAND...]', 'The command and its arguments (put -- before a command that has options).'))
    .option('--transparent-tcp', 'Route TCP through a managed proxy (not in csm).')
    .option('--sandbox-state-json <JSON>', "A sandbox state from an app server (not in csm).")
    .option('--sandbox-state-readable-root <SANDBOX_STATE_READABLE_ROOT>', 'A readable root for --sandbox-state-json (not in csm).', collect, [] as string[])
    .option('--sandbox-state-disable-network', 'No network for --sandbox-state-json (not in csm).')
    .option('-P, --permission-profile <NAME>', 'The permissions to run with: read-only, workspace-write (the default) or danger-full-access; a profile from config.toml is not in csm.')
    .option('-p, --profile <CONFIG_PROFILE>', 'The config profile whose sandbox settings apply.')
    .option('-C, --cd <DIR>', 'The directory the command runs in (and, under workspace-write, may write to).')
    .option('--include-managed-config', 'Include managed requirements (csm has none).')
    .passThroughOptions()
    .action(async (command: string[], o) => exitWith(await (await import('./sandbox.ts')).sandboxCommand(command, o)));
  cmd.addCommand(configOptions(notProvidedSub({ name: 'uninstall', about: "Remove the legacy Windows sandbox's accounts (Windows only; not in csm)" }, 'sandbox uninstall', 'it only exists on Windows')));
  return cmd;
}

function debugCommand(): Command {
  const impl = () => import('./debug.ts');
  const cmd = configOptions(new Command('debug').description('Tools for looking inside csm.'));
  configOptions(cmd.command('models').description('Print the models csm knows about as JSON.'))
    .option('--bundled', 'Only the built-in catalog (csm has only that one).')
    .action(async () => exitWith(await (await impl()).modelsCommand()));
  configOptions(cmd.command('prompt-input').description('Print the input items a first turn with PROMPT would send to the model, as JSON.'))
    .addArgument(new Argument('[PROMPT]', 'The prompt; none sends the context alone.'))
    .option('-i, --image <FILE...>', 'Images to attach (not in csm).')
    .action(async (prompt: string | undefined, o) => exitWith(await (await impl()).promptInputCommand(prompt, o)));
  const appServer = configOptions(notProvidedSub({ name: 'app-server', about: "Debug codex's app server (not in csm)", subs: [{ name: 'send-message-v2', about: 'Send one message through an app server', args: ['<USER_MESSAGE>'] }] }, 'debug app-server', 'csm has no app-server debugging client'));
  for (const sub of appServer.commands) configOptions(sub);
  cmd.addCommand(appServer);
  return cmd;
}

function applyCommand(): Command {
  return configOptions(new Command('apply').alias('a').description('Apply the last changes a session made (its latest turn with file edits) to the working tree here.'))
    .addArgument(new Argument('<TASK_ID>', 'The session: an id, a unique id prefix or a name (codex cloud task ids are not in csm).'))
    .action(async (id: string) => exitWith(await (await import('./apply.ts')).applyCommand(id)));
}

/**
 * Registers the commands above on `program`, in codex's order where it matters to people, plus
 * `exec review` on `exec`; every command also gets -c/--enable/--disable.
 */
export function registerCommandSurface(program: Command, execCmd: Command, mergeExec: (own: Record<string, unknown>, cmd: Command) => Record<string, unknown>): void {
  execCmd.addCommand(execReviewCommand(() => execCmd.opts(), mergeExec));
  program.addCommand(reviewCommand());
  for (const c of loginCommands()) program.addCommand(c);
  program.addCommand(completionCommand(() => program));
  program.addCommand(doctorCommand());
  program.addCommand(sandboxCommand());
  program.addCommand(debugCommand());
  program.addCommand(applyCommand());
  program.addCommand(featuresCommand());
  for (const c of notProvidedCommands()) program.addCommand(c);
  const everywhere = (c: Command) => {
    if (!c.options.some((o) => o.long === '--config')) configOptions(c);
    c.commands.forEach(everywhere);
  };
  program.commands.forEach(everywhere);
}

/** codex prints its version from these subcommands too (call once every command is registered). */
export function subcommandVersions(program: Command): void {
  for (const name of ['exec', 'resume', 'fork', 'cloud']) program.commands.find((c) => c.name() === name)?.version(`csm ${VERSION}`, '-V, --version', 'Print the version.');
}

/** The flags `archive`, `unarchive` and `delete` share with the TUI in codex, accepted and unused there. */
export function sessionCommandExtras(cmd: Command): Command {
  if (!cmd.options.some((o) => o.long === '--config')) configOptions(cmd);
  const unused = (flags: string) => new Option(flags, 'Accepted as codex accepts it; it has no effect on this command.');
  for (const flags of ['--remote <ADDR>', '--remote-auth-token-env <ENV_VAR>', '-i, --image <FILE...>', '-m, --model <MODEL>', '--oss', '--local-provider <OSS_PROVIDER>', '-p, --profile <CONFIG_PROFILE_V2>', '-s, --sandbox <SANDBOX_MODE>', '--approve-for-me', '--dangerously-bypass-approvals-and-sandbox', '--dangerously-bypass-hook-trust', '-C, --cd <DIR>', '--worktree', '--add-dir <DIR...>', '--strict-config']) {
    const o = unused(flags);
    if (!cmd.options.some((x) => x.long === o.long)) cmd.addOption(o);
  }
  return cmd;
}
