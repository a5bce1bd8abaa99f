// A command tree read from clap-style `--help` output (codex's, and csm's, which lays its help out
// the same way): each command's subcommands, arguments and flags, by walking `<path> --help`.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { targetCommand, type TargetName } from './drivers/targets.ts';

export interface HelpNode {
  commands: string[];
  args: string[];
  /** long flags (`--model`) and short ones (`-m`) */
  flags: string[];
}

/** One `--help` page's commands, arguments and flags. */
export function parseHelp(text: string): HelpNode {
  const node: HelpNode = { commands: [], args: [], flags: [] };
  let section = '';
  for (const line of text.split('\n')) {
    const heading = /^(Commands|Arguments|Options):$/.exec(line);
    if (heading) {
      section = heading[1];
      continue;
    }
    if (section === 'Commands') {
      const m = /^ {2}([a-z][\w-]*)\s/.exec(line + ' ');
      if (m && m[1] !== 'help') node.commands.push(m[1]);
    } else if (section === 'Arguments') {
      const m = /^ {2}([[<]\S+)/.exec(line);
      if (m) node.args.push(m[1]);
    } else if (section === 'Options') {
      const m = /^\s{2,6}(?:(-\w), )?(--[\w-]+)|^\s{2}(-\w)(?:\s|$)/.exec(line);
      if (m) node.flags.push(...[m[1], m[2], m[3]].filter((f): f is string => Boolean(f)));
    }
  }
  return node;
}

/**
 * Every command of a target's tree, by path ('' is the root), read from its help pages. Siblings are
 * read concurrently: a walk is some sixty process starts, too slow one after another on a loaded
 * machine.
 */
export async function helpTree(target: TargetName): Promise<Map<string, HelpNode>> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'help-tree-'));
  const tree = new Map<string, HelpNode>();
  const help = (words: string[]) =>
    new Promise<string>((resolve, reject) => {
      const { file, args } = targetCommand(target, [...words, '--help']);
      execFile(file, args, { env: { ...process.env, CODEX_HOME: home, NO_COLOR: '1' }, encoding: 'utf8' }, (err, out) =>
        err ? reject(new Error(`${target} ${[...words, '--help'].join(' ')}: ${err.message}`)) : resolve(out),
      );
    });
  const walk = async (words: string[]): Promise<void> => {
    const node = parseHelp(await help(words));
    tree.set(words.join(' '), node);
    await Promise.all(node.commands.map((c) => walk([...words, c])));
  };
  try {
    await walk([]);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  // Insertion order depends on which process answered first; callers get a stable one.
  return new Map([...tree].sort(([a], [b]) => a.localeCompare(b)));
}

/** What `want` has that `have` lacks: missing commands, and missing flags per command. */
export function missingFrom(have: Map<string, HelpNode>, want: Map<string, HelpNode>): string[] {
  const gaps: string[] = [];
  for (const [p, node] of want) {
    const mine = have.get(p);
    if (!mine) {
      gaps.push(`command \`${p}\` is missing`);
      continue;
    }
    for (const f of node.flags) if (!mine.flags.includes(f)) gaps.push(`\`${p || '(root)'}\` lacks ${f}`);
  }
  return gaps;
}
