// csm command line. The product itself (TUI, exec, sessions) is built issue by issue; until a command
// exists it says so plainly and exits non-zero instead of pretending.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { VERSION } from './version.ts';

const notYet = (what: string) => () => {
  process.stderr.write(`csm: ${what} is not implemented yet\n`);
  process.exitCode = 1;
};

await yargs(hideBin(process.argv))
  .scriptName('csm')
  .usage('$0 [OPTIONS] [PROMPT]\n\nA Codex-compatible terminal agent and session manager.')
  .version(`csm ${VERSION}`)
  .option('no-daemon', { type: 'boolean', describe: 'accepted for parity with codex; csm never runs a background server' })
  .command('exec [prompt..]', 'run Codex non-interactively', (y) => y.strict(false), notYet('exec'))
  .command('resume [id] [prompt]', 'resume a previous session', {}, notYet('resume'))
  .command('fork [id] [prompt]', 'fork a previous session', {}, notYet('fork'))
  .command('$0 [prompt..]', 'start the interactive TUI', (y) => y.strict(false), notYet('the interactive TUI'))
  .help()
  .parseAsync();
