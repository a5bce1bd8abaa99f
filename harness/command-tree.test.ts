// Upstream's whole command tree, read from its --help pages at test time, must exist in csm: every
// subcommand and every flag (csm may refuse a flag in one line, but it must know it).
import { describe, expect, it } from 'vitest';
import { helpTree, missingFrom, parseHelp } from './help-tree.ts';

const PAGE = `Run a code review

Usage: codex exec review [OPTIONS] [PROMPT]

Commands:
  list     List things
  help     Print this message or the help of the given subcommand(s)

Arguments:
  [PROMPT]
          Custom review instructions

Options:
  -c, --config <key=value>
          Override a configuration value

      --uncommitted
          Review staged, unstaged, and untracked changes

  -h, --help
          Print help (see a summary with '-h')
`;

describe('reading a help page', () => {
  it('finds its subcommands (not help), arguments and flags, long and short', () => {
    expect(parseHelp(PAGE)).toEqual({ commands: ['list'], args: ['[PROMPT]'], flags: ['-c', '--config', '--uncommitted', '-h', '--help'] });
  });

  it('names a missing command and a missing flag', () => {
    const want = new Map([['', { commands: ['review'], args: [], flags: ['--json'] }], ['review', { commands: [], args: [], flags: ['--base'] }]]);
    const have = new Map([['', { commands: [], args: [], flags: [] }]]);
    expect(missingFrom(have, want)).toEqual(['`(root)` lacks --json', 'command `review` is missing']);
  });
});

describe("csm's command tree", () => {
  it("has every subcommand and flag of upstream's, walked from its --help", async () => {
    const [upstream, csm] = await Promise.all([helpTree('upstream'), helpTree('csm')]);
    expect(upstream.size).toBeGreaterThan(50);
    expect(missingFrom(csm, upstream)).toEqual([]);
  }, 300_000);
});
