// Usage errors as codex (clap) reports them: what is missing, the usage line, exit 2.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { useCodexHelp } from './help.ts';

function program() {
  const root = new Command('csm');
  root.command('apply').argument('<TASK_ID>').option('-c, --config <key=value>').action(() => {});
  root.command('pair').argument('<FROM>').argument('<TO>').argument('[NOTE]').action(() => {});
  useCodexHelp(root);
  let err = '';
  let exit: number | undefined;
  for (const c of [root, ...root.commands]) {
    c.exitOverride((e) => {
      exit = e.exitCode;
      throw e;
    });
    c.configureOutput({ writeErr: (s) => void (err += s) });
  }
  const run = (...argv: string[]) => {
    try {
      root.parse(argv, { from: 'user' });
    } catch {
      /* the exit, overridden */
    }
    return { err, exit };
  };
  return run;
}

describe('a missing required argument', () => {
  it('names it, shows the usage with the required arguments only, and exits 2', () => {
    expect(program()('apply')).toEqual({
      exit: 2,
      err: "error: the following required arguments were not provided:\n  <TASK_ID>\n\nUsage: csm apply <TASK_ID>\n\nFor more information, try '--help'.\n",
    });
  });

  it('lists every required argument still missing', () => {
    expect(program()('pair', 'a').err).toBe("error: the following required arguments were not provided:\n  <TO>\n\nUsage: csm pair <FROM> <TO>\n\nFor more information, try '--help'.\n");
    expect(program()('pair').err).toContain('  <FROM>\n  <TO>\n\nUsage: csm pair <FROM> <TO>\n');
  });
});
