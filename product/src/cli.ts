// csm command line. Commands not built yet say so plainly and exit non-zero instead of pretending.
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { ExecArgs } from './exec/run.ts';
import type { SessionTarget } from './exec/session.ts';
import { VERSION } from './version.ts';

const notYet = (what: string) => () => {
  process.stderr.write(`csm: ${what} is not implemented yet\n`);
  process.exitCode = 1;
};

/** Options shared by the TUI and exec, in Codex's terms. */
function common<T>(y: Argv<T>) {
  return y
    .option('config', { alias: 'c', type: 'string', array: true, default: [] as string[], describe: 'override a config value: -c key=value (value parsed as TOML)' })
    .option('enable', { type: 'string', array: true, default: [] as string[], describe: 'enable a feature' })
    .option('disable', { type: 'string', array: true, default: [] as string[], describe: 'disable a feature' })
    .option('model', { alias: 'm', type: 'string', describe: 'model to use' })
    .option('profile', { alias: 'p', type: 'string', describe: 'config profile' })
    .option('sandbox', { alias: 's', type: 'string', choices: ['read-only', 'workspace-write', 'danger-full-access'], describe: 'sandbox policy for commands' })
    .option('cd', { alias: 'C', type: 'string', describe: 'working directory' })
    .option('add-dir', { type: 'string', array: true, default: [] as string[], describe: 'additional writable directory' })
    .option('image', { alias: 'i', type: 'string', array: true, default: [] as string[], describe: 'attach image(s) to the prompt' });
}

function execOptions<T>(y: Argv<T>) {
  return common(y)
    .option('json', { type: 'boolean', default: false, describe: 'print events as JSONL on stdout' })
    .option('output-last-message', { alias: 'o', type: 'string', describe: 'write the last agent message to this file' })
    .option('output-schema', { type: 'string', describe: 'JSON Schema file the final answer must follow' })
    .option('skip-git-repo-check', { type: 'boolean', default: false, describe: 'allow running outside a git repository' })
    .option('ephemeral', { type: 'boolean', default: false, describe: 'do not persist the session' })
    .option('color', { type: 'string', choices: ['always', 'never', 'auto'], default: 'auto', describe: 'colour output' });
}

type ExecArgv = Awaited<ReturnType<ReturnType<typeof execOptions>['parseAsync']>>;

async function exec(argv: ExecArgv & { prompt?: string }, target: SessionTarget) {
  const args: ExecArgs = {
    prompt: argv.prompt,
    json: argv.json,
    outputLastMessage: argv['output-last-message'],
    outputSchema: argv['output-schema'],
    skipGitRepoCheck: argv['skip-git-repo-check'],
    ephemeral: argv.ephemeral,
    model: argv.model,
    sandbox: argv.sandbox,
    profile: argv.profile,
    config: argv.config,
    enable: argv.enable,
    disable: argv.disable,
    cd: argv.cd,
    addDir: argv['add-dir'],
    target,
  };
  const { runExec } = await import('./exec/run.ts');
  process.exitCode = await runExec(args);
}

await yargs(hideBin(process.argv))
  .scriptName('csm')
  .usage('$0 [OPTIONS] [PROMPT]\n\nA Codex-compatible terminal agent and session manager.')
  .version(`csm ${VERSION}`)
  .option('no-daemon', { type: 'boolean', describe: 'accepted for parity with codex; csm never runs a background server' })
  .command(['exec', 'e'], 'run non-interactively', (y) =>
    execOptions(y)
      .command('resume [session] [prompt]', 'resume a previous session (by id, or --last)', (r) => execOptions(r).positional('session', { type: 'string' }).positional('prompt', { type: 'string' }).option('last', { type: 'boolean', default: false }).option('all', { type: 'boolean', default: false }), (a) => {
        // With --last the first positional is the prompt.
        const prompt = a.last ? (a.session as string | undefined) : (a.prompt as string | undefined);
        return exec({ ...a, prompt } as never, a.last ? { kind: 'last', all: a.all } : { kind: 'resume', id: String(a.session ?? '') });
      })
      .command('fork <session> [prompt]', 'fork a previous session into a new one', (r) => execOptions(r).positional('session', { type: 'string', demandOption: true }).positional('prompt', { type: 'string' }), (a) => exec(a as never, { kind: 'fork', id: String(a.session) }))
      .command('$0 [prompt]', false, (r) => r.positional('prompt', { type: 'string' }), (a) => exec(a as never, { kind: 'new' })),
  )
  .command('sessions', 'list, search, show, rename, tag, archive, delete, export, prune, fork sessions', async (y) => (await import('./sessions/commands.ts')).sessionsCommands(y))
  .command('archive <session>', 'archive a session', (y) => y.positional('session', { type: 'string', demandOption: true }), async (a) => (await import('./sessions/commands.ts')).archiveCommand(a.session))
  .command('unarchive <session>', 'unarchive a session', (y) => y.positional('session', { type: 'string', demandOption: true }), async (a) => (await import('./sessions/commands.ts')).unarchiveCommand(a.session))
  .command('delete <session>', 'delete a session', (y) => y.positional('session', { type: 'string', demandOption: true }).option('force', { type: 'boolean', default: false }), async (a) => (await import('./sessions/commands.ts')).deleteCommand(a.session, a.force))
  .command('resume [id] [prompt]', 'resume a previous session', {}, notYet('resume'))
  .command('fork [id] [prompt]', 'fork a previous session', {}, notYet('fork'))
  .command('$0 [prompt..]', 'start the interactive TUI', (y) => y.strict(false), notYet('the interactive TUI'))
  .strict()
  .help()
  .parseAsync();
