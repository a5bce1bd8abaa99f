import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { mergeParentOptions } from './parent-options.ts';

function parse(argv: string[]) {
  let seen: Record<string, unknown> = {};
  const parent = new Command('exec')
    .option('-c, --config <kv>', 'override', (v: string, p: string[]) => [...p, v], [] as string[])
    .option('-m, --model <m>')
    .option('--json', 'json', false);
  parent
    .command('resume')
    .option('-c, --config <kv>', 'override', (v: string, p: string[]) => [...p, v], [] as string[])
    .option('-m, --model <m>')
    .option('--json', 'json', false)
    .action((own, cmd: Command) => {
      seen = mergeParentOptions(parent.opts(), own, (k) => cmd.getOptionValueSource(k));
    });
  new Command('csm').enablePositionalOptions().addCommand(parent).parse(['exec', ...argv], { from: 'user' });
  return seen;
}

describe('options given before a subcommand', () => {
  it('apply to it, as codex exec does with -c before resume', () => {
    expect(parse(['-c', 'a=1', '--json', 'resume'])).toMatchObject({ config: ['a=1'], json: true });
  });
  it('add up with the subcommand’s own repeatable options, parent first', () => {
    expect(parse(['-c', 'a=1', 'resume', '-c', 'b=2'])).toMatchObject({ config: ['a=1', 'b=2'] });
  });
  it('lose to a single-valued option the subcommand sets itself', () => {
    expect(parse(['-m', 'outer', 'resume', '-m', 'inner'])).toMatchObject({ model: 'inner' });
    expect(parse(['-m', 'outer', 'resume'])).toMatchObject({ model: 'outer' });
  });
});
