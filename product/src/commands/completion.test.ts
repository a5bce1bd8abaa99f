import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { makeWorkspace } from '#test-support/workspace';
import { commandNodes, completionScript } from './completion.ts';

function tree(): Command {
  const root = new Command('csm').option('-m, --model <MODEL>');
  const exec = root.command('exec').alias('e').option('--json');
  exec.command('resume').option('--last');
  root.command('sessions').command('list').option('--all');
  return root;
}

/** What bash completes after typing `line` (the last word is the one being completed). */
function bashComplete(script: string, line: string): string[] {
  const ws = makeWorkspace('csm-completion-');
  const file = path.join(ws.root, 'c.bash');
  const words = line.split(' ');
  writeFileSync(file, `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _csm; printf '%s\\n' "\${COMPREPLY[@]}"\n`);
  try {
    return execFileSync('bash', [file]).toString().split('\n').filter(Boolean);
  } finally {
    ws.remove();
  }
}

describe('completion scripts come from the command tree', () => {
  it('lists each level’s subcommands (aliases too) and options', () => {
    const nodes = commandNodes(tree());
    expect(nodes.find((n) => n.path.join(' ') === '')).toMatchObject({ subs: ['exec', 'e', 'sessions'], options: ['-m', '--model', '--help'] });
    expect(nodes.find((n) => n.path.join(' ') === 'exec')).toMatchObject({ subs: ['resume'], options: ['--json', '--help'] });
    expect(nodes.some((n) => n.path.join(' ') === 'e resume')).toBe(true);
  });

  it('bash completes subcommands and the flags of the command typed so far', () => {
    const script = completionScript(tree(), 'bash');
    expect(bashComplete(script, 'csm ex')).toEqual(['exec']);
    expect(bashComplete(script, 'csm exec resume --l')).toEqual(['--last']);
    expect(bashComplete(script, 'csm sessions list --')).toEqual(['--all', '--help']);
  });

  it('writes a script for every shell codex supports, each naming csm', () => {
    for (const shell of ['bash', 'zsh', 'fish', 'elvish', 'powershell'] as const) expect(completionScript(tree(), shell)).toContain('csm');
    expect(completionScript(tree(), 'fish')).toContain("complete -c csm -n '__fish_seen_subcommand_from exec; and not __fish_seen_subcommand_from resume' -l 'json'");
  });
});
