// The `csm sessions` command tree. Definitions only: each action loads ./commands.ts (SQLite, the
// index) on demand, so the rest of csm starts without it.
import { Command, InvalidArgumentError, Option } from 'commander';

const impl = () => import('./commands.ts');
const collect = (v: string, prev: string[]) => [...prev, v];
export const int = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
};

const turnRange = (v: string) => {
  const m = /^(\d+)(?:-(\d+))?$/.exec(v.trim());
  if (!m || +m[1] < 1 || (m[2] !== undefined && +m[2] < +m[1])) throw new InvalidArgumentError('expected a turn number N (from 1) or a range A-B');
  return { from: +m[1], to: m[2] === undefined ? +m[1] : +m[2] };
};
const screenSize = (v: string) => {
  const m = /^(\d+)x(\d+)$/.exec(v.trim());
  if (!m || +m[1] < 20 || +m[2] < 10) throw new InvalidArgumentError('expected COLSxROWS, at least 20x10 (e.g. 100x30)');
  return { cols: +m[1], rows: +m[2] };
};

export function sessionsCommand(): Command {
  const cmd = new Command('sessions').description('list, search, show, rename, tag, archive, delete, export, prune and fork sessions');
  cmd
    .command('list')
    .description('list sessions, newest first')
    .option('--all', 'every cwd (default: the current one)', false)
    .option('--cwd <dir>', 'sessions started in this directory')
    .option('--archived', 'archived sessions instead', false)
    .option('--source <kind>', 'exec, cli, vscode, … (repeatable)', collect, [] as string[])
    .option('--provider <id>', 'model provider')
    .option('--since <date>', 'only sessions updated since this date')
    .addOption(new Option('--sort <key>', 'sort order').choices(['updated', 'created']).default('updated'))
    .option('--limit <n>', 'page size', int, 25)
    .option('--cursor <cursor>', 'the next-page cursor a previous list printed')
    .option('--pinned', 'only pinned sessions', false)
    .option('--json', 'JSON output', false)
    .action(async (o) => (await impl()).listCommand({ ...o, source: o.source.length ? o.source : undefined }));
  cmd
    .command('search <query>')
    .description('full-text search over user and agent messages')
    .option('--limit <n>', 'hits', int, 20)
    .option('--cwd', 'only sessions started in the current directory', false)
    .option('--archived', 'include archived sessions', false)
    .option('--json', 'JSON output', false)
    .action(async (query, o) => (await impl()).searchCommand(query, o));
  cmd
    .command('show <session>')
    .description('print a session transcript (only the last turns with --tail)')
    .option('--tail <n>', 'the last N turns, reading only the end of the file', int)
    .option('--json', 'JSON output', false)
    .action(async (ref, o) => (await impl()).showCommand(ref, o));
  cmd
    .command('rename <session> <name>')
    .description('name a session (shared with codex: `codex resume NAME` works too)')
    .action(async (ref, name) => (await impl()).renameCommand(ref, name));
  cmd
    .command('tag <session> <tags...>')
    .description('add tags to a session (prefix a tag with - to remove it)')
    .action(async (ref, tags) => (await impl()).tagCommand(ref, tags));
  cmd
    .command('pin <session>')
    .description('pin a session (pinned sessions are never pruned)')
    .action(async (ref) => (await impl()).pinCommand(ref, true));
  cmd
    .command('unpin <session>')
    .description('unpin a session')
    .action(async (ref) => (await impl()).pinCommand(ref, false));
  cmd.addCommand(archiveCommand());
  cmd.addCommand(unarchiveCommand());
  cmd.addCommand(deleteCommand());
  cmd
    .command('export <session>')
    .description('export a session as Markdown, JSONL or a self-contained HTML page')
    .addOption(new Option('--format <format>', 'output format').choices(['md', 'jsonl', 'html']).default('md'))
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .action(async (ref, o) => (await impl()).exportCommand(ref, o));
  cmd
    .command('prune')
    .description('delete old, big or archived sessions (a dry run unless --apply)')
    .option('--older-than <days>', 'days since last activity', int)
    .option('--larger-than <size>', 'file size, e.g. 50M')
    .option('--archived-only', 'only archived sessions', false)
    .option('--apply', 'really delete', false)
    .option('--json', 'JSON output (dry run)', false)
    .action(async (o) => (await impl()).pruneCommand(o));
  cmd
    .command('stats')
    .description('sessions, bytes and tokens by day, model and directory; the largest sessions')
    .option('--json', 'JSON output', false)
    .action(async (o) => (await impl()).statsCommand(o));
  cmd
    .command('fork <session>')
    .description('fork a session into a new one (the history before the Nth user message)')
    .option('--at-turn <n>', '0-based user message to cut before (default: the whole history)', int)
    .action(async (ref, o) => (await impl()).forkCommand(ref, o));
  cmd
    .command('replay <session>')
    .description('draw a session as the TUI shows it on resume, the same bytes every run')
    .option('--at-turn <n>', 'the turn (1-based) to stand at, or a range A-B for a frame after each (default: the last)', turnRange)
    .option('--size <COLSxROWS>', 'the screen size', screenSize, { cols: 100, rows: 30 })
    .option('--ansi', 'keep colours and styles as ANSI escape sequences', false)
    .option('-o, --out <dir>', 'write each frame to DIR/turn-NNNN.txt (.ansi with --ansi) instead of stdout')
    .action(async (ref, o) => (await impl()).replayCommand(ref, o));
  cmd
    .command('index')
    .description('bring the session index up to date and report what changed')
    .option('--json', 'JSON output', false)
    .action(async (o) => (await impl()).indexCommand(o));
  return cmd;
}

export function archiveCommand(): Command {
  return new Command('archive')
    .argument('<session>')
    .description('move a session to archived_sessions/')
    .action(async (ref) => (await impl()).archiveCommand(ref));
}

export function unarchiveCommand(): Command {
  return new Command('unarchive')
    .argument('<session>')
    .description('move an archived session back')
    .action(async (ref) => (await impl()).unarchiveCommand(ref));
}

export function deleteCommand(): Command {
  return new Command('delete')
    .argument('<session>')
    .description("delete a session's own files")
    .option('--force', 'do not ask for confirmation', false)
    .action(async (ref, o) => (await impl()).deleteCommand(ref, o.force));
}
