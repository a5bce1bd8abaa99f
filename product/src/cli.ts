// csm command line (commander: it loads in ~15 ms, a tenth of yargs). Commands load their modules
// on demand. Commands not built yet say so plainly and exit non-zero instead of pretending.
import './runtime/v8-flags.ts';
import path from 'node:path';
import { Command, Option } from 'commander';
import type { ExecArgs } from './exec/run.ts';
import type { TuiArgs } from './tui/app.ts';
import type { LaunchTarget } from './tui/launch.ts';
import type { SessionTarget } from './runtime/session.ts';
import { archiveCommand, deleteCommand, sessionsCommand, unarchiveCommand } from './sessions/cli.ts';
import { mergeParentOptions } from './parent-options.ts';
import { agentExtras, bypassOverrides, execExtras, refuseUnsupported, remoteFlagsError, tuiExtras } from './commands/options.ts';
import { registerCommandSurface, sessionCommandExtras, subcommandVersions } from './commands/tree.ts';
import { useCodexHelp } from './commands/help.ts';
import { appServerCommand } from './commands/app-server.ts';
import { mcpCommand } from './commands/mcp.ts';
import { reportUnexpected } from './runtime/crash-log.ts';
import { VERSION } from './version.ts';

const collect = (v: string, prev: string[]) => [...prev, v];

// Whatever escapes a command (a bug, not bad input: commands report that themselves) ends csm with
// one line; the stack goes to $CODEX_HOME/log/csm.log. Never a JS stack on the terminal.
const die = (e: unknown) => {
  reportUnexpected(e);
  process.exit(1);
};
process.on('uncaughtException', die);
process.on('unhandledRejection', die);

/** Options shared by the TUI and exec, in Codex's terms. */
function common(cmd: Command): Command {
  cmd
    .option('-c, --config <key=value>', 'Set a config value for this run, as if written in config.toml: a dotted key path and a TOML value (a value that is not TOML is taken as a string).', collect, [] as string[])
    .option('--enable <FEATURE>', 'Turn a feature on for this run (repeatable); the same as -c features.<name>=true.', collect, [] as string[])
    .option('--disable <FEATURE>', 'Turn a feature off for this run (repeatable); the same as -c features.<name>=false.', collect, [] as string[])
    .option('-i, --image <FILE>', 'Attach an image to the first prompt (repeatable).', collect, [] as string[])
    .option('-m, --model <MODEL>', 'The model the agent uses.')
    .option('-p, --profile <CONFIG_PROFILE>', 'Apply this config profile on top of config.toml.')
    .addOption(new Option('-s, --sandbox <SANDBOX_MODE>', "What the model's shell commands may touch.").choices(['read-only', 'workspace-write', 'danger-full-access']))
    .option('-C, --cd <DIR>', 'The directory the agent works in.')
    .option('--add-dir <DIR>', 'Another directory commands may write to, besides the workspace (repeatable).', collect, [] as string[]);
  return agentExtras(cmd);
}

function execOptions(cmd: Command): Command {
  return execExtras(common(cmd))
    .option('--skip-git-repo-check', 'Run even outside a git repository.', false)
    .option('--ephemeral', 'Keep no session file.', false)
    .option('--output-schema <FILE>', "A JSON Schema file the model's final answer must follow.")
    .addOption(new Option('--color <COLOR>', 'When to colour the output.').choices(['always', 'never', 'auto']).default('auto'))
    .option('--json', 'Print the events as JSON lines on stdout.', false)
    .option('-o, --output-last-message <FILE>', "Also write the agent's last message to FILE.");
}

/** What commander hands the exec actions: ExecArgs minus what the command line's shape decides. */
type ExecOpts = Omit<ExecArgs, 'prompt' | 'target'>;

async function exec(prompt: string | undefined, o: ExecOpts & { trust?: boolean }, target: SessionTarget) {
  refuseUnsupported(o);
  if (bypassOverrides(o).length) o = { ...o, sandbox: 'danger-full-access' };
  // The layout-keeping TOML editor loads only when --trust has something to write.
  if (o.trust && !(await import('./commands/trust.ts')).trustProject(path.resolve(o.cd ?? process.cwd()))) return void (process.exitCode = 1);
  const args: ExecArgs = { ...o, prompt, target };
  const { runExec } = await import('./exec/run.ts');
  process.exitCode = await runExec(args);
}

const program = new Command('csm')
  .description('A Codex-compatible terminal agent and session manager.')
  .version(`csm ${VERSION}`, '-V, --version', 'Print the version.')
  .showHelpAfterError()
  // Options after a subcommand's name belong to it (`csm exec -s read-only`), as with codex.
  .enablePositionalOptions();

const execCmd = execOptions(new Command('exec').alias('e').description('run non-interactively').argument('[prompt]', 'the prompt; - or none reads it from stdin'));
execCmd.action((prompt, o) => exec(prompt, o, { kind: 'new' }));
execOptions(execCmd.command('resume').description('resume a previous session (by id, prefix, name, or --last)'))
  .argument('[session]')
  .argument('[prompt]')
  .option('--last', 'the most recent session in this directory', false)
  .option('--all', 'with --last: in any directory', false)
  .action((session, prompt, own, cmd: Command) => {
    const o = mergeParentOptions(execCmd.opts(), own, (k) => cmd.getOptionValueSource(k));
    return o.last ? exec(session, o, { kind: 'last', all: o.all }) : exec(prompt, o, { kind: 'resume', id: String(session ?? '') });
  });
execOptions(execCmd.command('fork').description('fork a previous session into a new one'))
  .argument('<session>')
  .argument('[prompt]')
  .action((session, prompt, own, cmd: Command) => exec(prompt, mergeParentOptions(execCmd.opts(), own, (k) => cmd.getOptionValueSource(k)), { kind: 'fork', id: session }));

program.addCommand(execCmd);
program.addCommand(sessionsCommand());
program.addCommand(archiveCommand());
program.addCommand(unarchiveCommand());
program.addCommand(deleteCommand());
for (const c of program.commands.slice(-3)) sessionCommandExtras(c);
program.addCommand(mcpCommand());
program.addCommand(appServerCommand());
registerCommandSurface(program, execCmd, (own, cmd) => mergeParentOptions(execCmd.opts(), own, (k) => cmd.getOptionValueSource(k)));
/** The TUI's options and the session to open: new, or resume/fork (by id, name, prefix, --last or the picker). */
async function tui(prompt: string | undefined, o: Omit<TuiArgs, 'prompt' | 'target'> & { askForApproval?: string; daemon?: boolean }, target: LaunchTarget) {
  // --remote is the TUI's own: it runs as a client of an app server (remote/).
  refuseUnsupported({ ...o, remote: undefined, remoteAuthTokenEnv: undefined });
  const remoteError = remoteFlagsError(o);
  if (remoteError) {
    process.stderr.write(`ERROR: ${remoteError}\n`);
    return void (process.exitCode = 1);
  }
  const bypass = bypassOverrides(o);
  if (bypass.length) o = { ...o, sandbox: 'danger-full-access', config: [...o.config, ...bypass.slice(1)] };
  else if (o.askForApproval) o = { ...o, config: [...o.config, `approval_policy="${o.askForApproval}"`] };
  const { launchTui } = await import('./tui/launch.ts');
  process.exitCode = await launchTui({ ...o, prompt }, target);
}

for (const action of ['resume', 'fork'] as const) {
  const cmd = tuiExtras(common(program.command(action)));
  if (action === 'resume') cmd.option('--include-non-interactive', 'Also offer sessions started by exec (csm always offers every session).');
  cmd
    .description(action === 'resume' ? 'resume a previous session in the TUI (picker when no id is given)' : 'fork a previous session into a new one in the TUI')
    .argument('[session]', 'id, unique id prefix or name')
    .argument('[prompt]')
    .option('--last', 'the most recent session in this directory', false)
    .option('--all', 'sessions from every directory (picker and --last)', false)
    .action((session, prompt, own, cmd: Command) => {
      const o = mergeParentOptions(program.opts(), own, (k) => cmd.getOptionValueSource(k));
      // With --last the first argument is the prompt, as with codex.
      const [id, text] = o.last ? [undefined, session] : [session, prompt];
      return tui(text, o, { kind: action, id, last: o.last, all: o.all });
    });
}
tuiExtras(common(program))
  .argument('[prompt]')
  .action((prompt, o) => tui(prompt, o, { kind: 'new' }));

subcommandVersions(program);
useCodexHelp(program);
try {
  await program.parseAsync();
} catch (e) {
  die(e);
}
