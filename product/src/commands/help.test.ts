// Usage errors as codex (clap) reports them: what is missing, the usage line, exit 2.
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { useCodexHelp } from './help.ts';

function program() {
  const root = new Command('csm');
  root.command('apply').argument('<TASK_ID>').option('-c, --config <key=value>').action(() => {});
  root.command('pair').argument('<FROM>').argument('<TO>').argument('[NOTE]').action(() => {});
  root.command('status').option('--json').action(() => {});
  root.command('features').command('list').action(() => {});
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

describe('an unexpected word or flag', () => {
  it('names the first word past the arguments, with the usage, and exits 2', () => {
    expect(program()('apply', 'a', 'b')).toEqual({ exit: 2, err: "error: unexpected argument 'b' found\n\nUsage: csm apply [OPTIONS] <TASK_ID>\n\nFor more information, try '--help'.\n" });
  });

  it('names an unknown flag, with the tip to pass it as a value where the command takes arguments', () => {
    expect(program()('apply', '--bogus', 'x').err).toBe(
      "error: unexpected argument '--bogus' found\n\n  tip: to pass '--bogus' as a value, use '-- --bogus'\n\nUsage: csm apply [OPTIONS] <TASK_ID>\n\nFor more information, try '--help'.\n",
    );
    expect(program()('status', '--bogus')).toEqual({ exit: 2, err: "error: unexpected argument '--bogus' found\n\nUsage: csm status [OPTIONS]\n\nFor more information, try '--help'.\n" });
  });

  it('names a word that is none of the subcommands', () => {
    expect(program()('features', 'x')).toEqual({ exit: 2, err: "error: unrecognized subcommand 'x'\n\nUsage: csm features [OPTIONS] <COMMAND>\n\nFor more information, try '--help'.\n" });
  });
});
