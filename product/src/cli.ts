// csm command line (commander: it loads in ~15 ms, a tenth of yargs). Commands load their modules
// on demand. Commands not built yet say so plainly and exit non-zero instead of pretending.
import { Command, Option } from 'commander';
import type { ExecArgs } from './exec/run.ts';
import type { TuiArgs } from './tui/app.ts';
import type { LaunchTarget } from './tui/launch.ts';
import type { SessionTarget } from './runtime/session.ts';
import { archiveCommand, deleteCommand, sessionsCommand, unarchiveCommand } from './sessions/cli.ts';
import { mergeParentOptions } from './parent-options.ts';
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
  return cmd
    .option('-c, --config <key=value>', 'override a config value (value parsed as TOML)', collect, [] as string[])
    .option('--enable <feature>', 'enable a feature', collect, [] as string[])
    .option('--disable <feature>', 'disable a feature', collect, [] as string[])
    .option('-m, --model <model>', 'model to use')
    .option('-p, --profile <name>', 'config profile')
    .addOption(new Option('-s, --sandbox <mode>', 'sandbox policy for commands').choices(['read-only', 'workspace-write', 'danger-full-access']))
    .option('-C, --cd <dir>', 'working directory')
    .option('--add-dir <dir>', 'additional writable directory', collect, [] as string[])
    .option('-i, --image <file>', 'attach an image to the prompt', collect, [] as string[]);
}

function execOptions(cmd: Command): Command {
  return common(cmd)
    .option('--json', 'print events as JSONL on stdout', false)
    .option('-o, --output-last-message <file>', 'write the last agent message to this file')
    .option('--output-schema <file>', 'JSON Schema file the final answer must follow')
    .option('--skip-git-repo-check', 'allow running outside a git repository', false)
    .option('--ephemeral', 'do not persist the session', false)
    .addOption(new Option('--color <when>', 'colour output').choices(['always', 'never', 'auto']).default('auto'));
}

/** What commander hands the exec actions: ExecArgs minus what the command line's shape decides. */
type ExecOpts = Omit<ExecArgs, 'prompt' | 'target'>;

async function exec(prompt: string | undefined, o: ExecOpts, target: SessionTarget) {
  const args: ExecArgs = { ...o, prompt, target };
  const { runExec } = await import('./exec/run.ts');
  process.exitCode = await runExec(args);
}

const program = new Command('csm')
  .description('A Codex-compatible terminal agent and session manager.')
  .version(`csm ${VERSION}`, '-V, --version')
  .option('--no-daemon', 'accepted for parity with codex; csm never runs a background server')
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
/** The TUI's options and the session to open: new, or resume/fork (by id, name, prefix, --last or the picker). */
async function tui(prompt: string | undefined, o: Omit<TuiArgs, 'prompt' | 'target'>, target: LaunchTarget) {
  const { launchTui } = await import('./tui/launch.ts');
  process.exitCode = await launchTui({ ...o, prompt }, target);
}

for (const action of ['resume', 'fork'] as const) {
  common(program.command(action))
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
common(program)
  .argument('[prompt]')
  .action((prompt, o) => tui(prompt, o, { kind: 'new' }));

try {
  await program.parseAsync();
} catch (e) {
  die(e);
}
