// Upstream's whole command tree, read from its --help pages at test time, must exist in csm: every
// subcommand and every flag (csm may refuse a flag in one line, but it must know it).
import { rmSync } from 'node:fs';
import pty from '@lydell/node-pty';
import { describe, expect, it } from 'vitest';
import { targetEnv } from './drivers/env.ts';
import { runPiped } from './drivers/exec-driver.ts';
import { createRunHome, writeConfig } from './drivers/home.ts';
import { reapRun } from './drivers/reap.ts';
import { targetCommand } from './drivers/targets.ts';
import { helpTree, missingFrom, parseHelp, type HelpNode } from './help-tree.ts';
import { startMockServer } from './mock/server.ts';

// Both walks take some sixty process starts each: done once, shared by the tests below.
let trees: Promise<[Map<string, HelpNode>, Map<string, HelpNode>]> | undefined;
const bothTrees = () => (trees ??= Promise.all([helpTree('upstream'), helpTree('csm')]));

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
    const [upstream, csm] = await bothTrees();
    expect(upstream.size).toBeGreaterThan(50);
    expect(missingFrom(csm, upstream)).toEqual([]);
  }, 300_000);
});

/**
 * What `csm WORD` does in the lab's world, piped (stdin closed) and in a terminal: its stderr when
 * piped, and the turn requests the mock saw. A run in a terminal that has not ended by itself after
 * `windowMs` (a picker, a server) is killed: by then a TUI given a prompt has sent it.
 */
async function tryWord(word: string, windowMs: number) {
  const run = createRunHome(`word-${word}`);
  const mock = await startMockServer({ turns: [{ output: [{ text: 'A prompt reached the model.' }] }] });
  try {
    writeConfig(run, mock.url, '');
    const piped = await runPiped('csm', [word], { cwd: run.workspace, env: targetEnv(run, { tty: false }), timeoutMs: 15_000 });
    const { file, args } = targetCommand('csm', [word]);
    const child = pty.spawn(file, args, { name: 'xterm-256color', cols: 100, rows: 30, cwd: run.workspace, env: targetEnv(run, { tty: true }) });
    child.onData(() => {}); // drained, so the child never blocks on a full terminal
    const exited = new Promise<void>((resolve) => child.onExit(() => resolve()));
    const deadline = Date.now() + windowMs;
    let ended = false;
    void exited.then(() => (ended = true));
    while (!ended && Date.now() < deadline && !mock.requests().some((r) => r.kind === 'turn')) await new Promise((r) => setTimeout(r, 50));
    if (!ended) child.kill('SIGKILL');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2_000))]);
    return { stderr: piped.stderr, turns: mock.requests().filter((r) => r.kind === 'turn').length };
  } finally {
    reapRun(run.codexHome);
    await mock.close();
    rmSync(run.root, { recursive: true, force: true });
  }
}

describe('a word that names a subcommand', () => {
  const WINDOW_MS = 6_000;
  // These open the TUI (a session picker) and, like codex's, need a terminal for it: piped, their
  // "stdin is not a terminal" is theirs, not a prompt's. In a terminal they must send nothing.
  const TUI_COMMANDS = ['resume', 'fork'];

  it('is a prompt when it names none (the check below can fail)', async () => {
    expect(await tryWord('hello', 20_000)).toEqual({ stderr: 'Error: stdin is not a terminal\n', turns: 1 });
  }, 60_000);

  it("never becomes a prompt, with or without a terminal: every root command of upstream's and csm's", async () => {
    const [upstream, csm] = await bothTrees();
    const words = [...new Set([...upstream.get('')!.commands, ...csm.get('')!.commands])];
    expect(words.length).toBeGreaterThan(20);
    const prompts: string[] = [];
    // Four at a time: most end at once; a picker or a server holds its slot for the window.
    for (let i = 0; i < words.length; i += 4) {
      const results = await Promise.all(words.slice(i, i + 4).map(async (w) => ({ w, r: await tryWord(w, WINDOW_MS) })));
      for (const { w, r } of results) {
        if (r.turns) prompts.push(`${w}: sent to the model as a prompt in a terminal`);
        if (r.stderr.includes('stdin is not a terminal') && !TUI_COMMANDS.includes(w)) prompts.push(`${w}: taken for a prompt without a terminal (${r.stderr.trim()})`);
      }
    }
    expect(prompts).toEqual([]);
  }, 600_000);
});
