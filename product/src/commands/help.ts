// `--help` laid out the way codex (clap) lays it out: about, usage lines, then Commands, Arguments
// and Options sections, each entry's description on its own indented lines. Only the layout is
// shared with upstream; every description is csm's own.
import type { Argument, Command, Help, Option } from 'commander';

const WIDTH = 100;
const INDENT = ' '.repeat(10);

/** Words wrapped to `width` columns, paragraphs (split on blank lines) kept apart. */
export function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    if (!paragraph.trim()) {
      out.push('');
      continue;
    }
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    out.push(line);
  }
  return out;
}

/** `csm exec resume`: the command's name with its parents'. */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

export function argumentLabel(a: Argument): string {
  const name = a.name().toUpperCase();
  const base = a.required ? `<${name}>` : `[${name}]`;
  return a.variadic ? `${base}...` : base;
}

const usageOverrides = new WeakMap<Command, string[]>();

/** Replaces the generated usage lines (after `csm <path> `) for a command whose shape they do not capture. */
export function setUsage(cmd: Command, ...lines: string[]): Command {
  usageOverrides.set(cmd, lines);
  return cmd;
}

function hasAction(cmd: Command): boolean {
  return Boolean((cmd as unknown as { _actionHandler?: unknown })._actionHandler);
}

function usageLines(cmd: Command, helper: Help): string[] {
  const name = commandPath(cmd);
  const override = usageOverrides.get(cmd);
  if (override) return override.map((l) => `${name} ${l}`);
  const args = cmd.registeredArguments.map(argumentLabel);
  const subs = helper.visibleCommands(cmd).filter((c) => c.name() !== 'help');
  const lines = [[name, '[OPTIONS]', ...args].join(' ')];
  if (subs.length) {
    if (args.length) lines.push(`${name} [OPTIONS] <COMMAND> [ARGS]`);
    else lines[0] = `${name} [OPTIONS] ${hasAction(cmd) ? '[COMMAND]' : '<COMMAND>'}`;
  }
  return lines;
}

function optionNotes(o: Option): string[] {
  const notes: string[] = [];
  if (typeof o.defaultValue === 'string' && o.defaultValue) notes.push(`[default: ${o.defaultValue}]`);
  if (o.argChoices?.length) notes.push(`[possible values: ${o.argChoices.join(', ')}]`);
  return notes;
}

function entry(label: string, description: string, notes: string[] = []): string[] {
  const lines = [`  ${label}`];
  const text = [description, ...(notes.length ? ['', ...notes] : [])].join('\n').trim();
  if (text) lines.push(...wrap(text, WIDTH - INDENT.length).map((l) => (l ? INDENT + l : '')));
  return lines;
}

function optionLabel(o: Option): string {
  // Long-only options line up with the long names of `-x, --long` ones, as clap does.
  return o.short ? o.flags : `    ${o.flags}`;
}

export function formatHelp(cmd: Command, helper: Help): string {
  const out: string[] = [];
  const about = cmd.description();
  if (about) out.push(...wrap(about, WIDTH), '');
  const usage = usageLines(cmd, helper);
  out.push(`Usage: ${usage[0]}`, ...usage.slice(1).map((l) => `       ${l}`));

  const subs = helper.visibleCommands(cmd);
  if (subs.length) {
    const label = (c: Command) => c.name();
    const width = Math.max(...subs.map((c) => label(c).length));
    out.push('', 'Commands:');
    for (const c of subs) {
      const aliases = c.aliases().length ? ` [aliases: ${c.aliases().join(', ')}]` : '';
      const text = wrap(`${c.summary() || c.description().split('\n')[0]}${aliases}`, WIDTH - width - 4);
      out.push(`  ${label(c).padEnd(width)}  ${text[0] ?? ''}`.trimEnd(), ...text.slice(1).map((l) => `${' '.repeat(width + 4)}${l}`));
    }
  }

  // Every argument is listed, described or not (commander's own help hides undescribed ones).
  const args = cmd.registeredArguments;
  if (args.length) {
    out.push('', 'Arguments:');
    args.forEach((a, i) => {
      const notes: string[] = [];
      if (typeof a.defaultValue === 'string') notes.push(`[default: ${a.defaultValue}]`);
      if (a.argChoices?.length) notes.push(`[possible values: ${a.argChoices.join(', ')}]`);
      if (i) out.push('');
      out.push(...entry(argumentLabel(a), a.description, notes));
    });
  }

  const options = helper.visibleOptions(cmd);
  if (options.length) {
    out.push('', 'Options:');
    options.forEach((o, i) => {
      if (i) out.push('');
      out.push(...entry(optionLabel(o), o.description, optionNotes(o)));
    });
  }
  return out.join('\n') + '\n';
}

/**
 * A missing required argument as clap reports it: every missing argument, a usage line naming the
 * required ones, the hint, exit 2 (a usage error, as codex's).
 */
export function missingArgumentsMessage(cmd: Command, given: unknown[]): string {
  const required = cmd.registeredArguments.filter((a) => a.required);
  const missing = cmd.registeredArguments.filter((a, i) => a.required && given[i] == null);
  return [
    'error: the following required arguments were not provided:',
    ...missing.map((a) => `  ${argumentLabel(a)}`),
    '',
    `Usage: ${[commandPath(cmd), ...required.map(argumentLabel)].join(' ')}`,
    '',
    "For more information, try '--help'.",
  ].join('\n');
}

/** The usage lines as a clap error shows them: the help page's, under "Usage: ". */
function errorUsage(cmd: Command): string {
  return `Usage: ${usageLines(cmd, cmd.createHelp()).join('\n       ')}`;
}

/** Usage errors as clap words them (exit 2): an unknown word or flag, a missing argument. */
function clapUsageErrors(cmd: Command): void {
  // commander's own hooks (not in its typings), each called with what it found wrong.
  const internal = cmd as unknown as {
    missingArgument(name: string): void;
    unknownOption(flag: string): void;
    unknownCommand(): void;
    _excessArguments(args: string[]): void;
    _allowUnknownOption: boolean;
    _allowExcessArguments: boolean;
    _outputConfiguration: { writeErr(s: string): void };
    _exit(code: number, id: string, message: string): void;
  };
  const fail = (id: string, message: string) => {
    internal._outputConfiguration.writeErr(`${message}\n`);
    internal._exit(2, id, message);
  };
  const unexpected = (word: string, tip = '') => [`error: unexpected argument '${word}' found`, ...(tip ? ['', tip] : []), '', errorUsage(cmd), '', "For more information, try '--help'."].join('\n');
  internal.missingArgument = () => fail('commander.missingArgument', missingArgumentsMessage(cmd, cmd.args));
  internal.unknownOption = (flag) => {
    if (internal._allowUnknownOption) return;
    // A command with arguments could have meant the flag as one: clap says how.
    const tip = cmd.registeredArguments.length ? `  tip: to pass '${flag}' as a value, use '-- ${flag}'` : '';
    fail('commander.unknownOption', unexpected(flag, tip));
  };
  internal._excessArguments = (args) => {
    if (internal._allowExcessArguments) return;
    fail('commander.excessArguments', unexpected(args[cmd.registeredArguments.length]));
  };
  internal.unknownCommand = () =>
    fail('commander.unknownCommand', [`error: unrecognized subcommand '${cmd.args[0]}'`, '', errorUsage(cmd), '', "For more information, try '--help'."].join('\n'));
}

/** Applies the layout (and clap's usage errors) to a command and every command below it. */
export function useCodexHelp(cmd: Command): void {
  cmd.configureHelp({ formatHelp, sortSubcommands: false, sortOptions: false });
  clapUsageErrors(cmd);
  cmd.helpOption('-h, --help', 'Print help.');
  if (cmd.commands.length) cmd.helpCommand('help [COMMAND]', 'Print this message or the help of the given subcommand(s)');
  for (const sub of cmd.commands) useCodexHelp(sub);
}
