// Commands that only read: under the `untrusted` approval policy these run without asking, so a
// person is not asked about every `ls`. A command counts only if every part of it is on the list:
// `a && b`, `a | b` and `a; b` are split, and anything that could write or run something else
// (redirections, command substitution, subshells, unknown programs or options) makes it unsafe.

/** Programs that only read, with any arguments. */
const READ_ONLY = new Set(['cat', 'cd', 'echo', 'false', 'grep', 'head', 'ls', 'nl', 'pwd', 'tail', 'true', 'wc', 'which', 'stat', 'file', 'tree', 'du', 'df', 'printf', 'basename', 'dirname', 'realpath', 'sort', 'uniq', 'cut', 'tr', 'diff', 'cmp']);
/** git subcommands that only read. */
const GIT_READ_ONLY = new Set(['status', 'log', 'diff', 'show', 'branch', 'blame', 'rev-parse', 'ls-files', 'grep']);
/** find options that write, delete or run programs. */
const FIND_UNSAFE = new Set(['-exec', '-execdir', '-ok', '-okdir', '-delete', '-fls', '-fprint', '-fprint0', '-fprintf']);
/** rg options that run programs. */
const RG_UNSAFE = new Set(['--pre', '--hostname-bin', '--search-zip', '-z']);

/** Words of a simple command, or null when it holds shell syntax we do not vet. */
function words(part: string): string[] | null {
  if (/[<>`$(){}]|\\\n/.test(part.replace(/'[^']*'/g, "''"))) return null;
  const out: string[] = [];
  const re = /'([^']*)'|"((?:\\.|[^"\\])*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(part))) out.push(m[1] ?? m[2]?.replace(/\\(.)/g, '$1') ?? m[3]);
  return out;
}

/** Whether one simple command (its words) only reads. */
export function safeSimple(argv: string[]): boolean {
  const [program, ...args] = argv;
  if (!program) return false;
  if (READ_ONLY.has(program)) return !(program === 'sort' && args.some((a) => a === '-o' || a.startsWith('--output')));
  if (program === 'git') {
    const sub = args.find((a) => !a.startsWith('-'));
    // Options before the subcommand (-C dir, -c key=value) could point git at hooks or configs.
    return sub !== undefined && args[0] === sub && GIT_READ_ONLY.has(sub) && !args.some((a) => a === '--output' || a.startsWith('--output=') || a === '--ext-diff');
  }
  if (program === 'find') return !args.some((a) => FIND_UNSAFE.has(a));
  if (program === 'rg') return !args.some((a) => RG_UNSAFE.has(a) || a.startsWith('--pre=') || a.startsWith('--hostname-bin='));
  // sed only to print lines: `sed -n 10,20p file`.
  if (program === 'sed') return args.length >= 2 && args[0] === '-n' && /^\d+(,\d+)?p$/.test(args[1]);
  return false;
}

/** Whether a command line only reads (every part of it), so `untrusted` need not ask about it. */
export function isKnownSafeCommand(cmd: string): boolean {
  const parts = cmd.split(/&&|\|\||[|;\n]/);
  if (!parts.length) return false;
  return parts.every((p) => {
    const w = words(p.trim());
    return w !== null && w.length > 0 && safeSimple(w);
  });
}
