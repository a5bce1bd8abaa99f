// What a slash command line asks for, decided without doing it: the app carries the outcome out
// (leave, show a line, switch threads, open the picker, rename, show the status).
import type { SessionTarget } from '../runtime/session.ts';
import type { SlashCommand } from './slash.ts';

export type SlashOutcome =
  | { kind: 'quit' }
  | { kind: 'info'; text: string }
  /** a line upstream shows as a notice (`• …`); `keep`: the command line stays in the composer */
  | { kind: 'notice'; text: string; keep?: boolean; detail?: string; flush?: boolean }
  | { kind: 'pwd' }
  /** the transcript as plain text, or rich again */
  | { kind: 'raw' }
  /** choose what the terminal's window title shows */
  | { kind: 'title' }
  /** forget the saved login and leave */
  | { kind: 'logout' }
  /** start an @ mention in the composer (the Mentions popup opens) */
  | { kind: 'mention' }
  /** archive or delete this session, once confirmed */
  | { kind: 'end'; end: 'archive' | 'delete' }
  /** move the session to another working directory (the text after the name; none: home) */
  | { kind: 'cd'; dir: string }
  | { kind: 'switch'; target: SessionTarget }
  | { kind: 'pick' }
  | { kind: 'rename'; name: string }
  | { kind: 'status' }
  /** summarize the conversation to free context (a turn of its own) */
  | { kind: 'compact' }
  /** the working tree's changes in a pager */
  | { kind: 'diff' }
  /** choose the model and its reasoning effort */
  | { kind: 'model' }
  /** choose the approval policy and sandbox from upstream's presets */
  | { kind: 'permissions' }
  /** a code review: upstream's presets to choose from, or the person's own instructions given after the name */
  | { kind: 'review'; instructions: string }
  /** the newest answer to the clipboard */
  | { kind: 'copy' }
  /** a prompt sent to the model as if typed (`/init`) */
  | { kind: 'prompt'; text: string }
  /** list the background terminals */
  | { kind: 'ps' }
  /** end every background terminal */
  | { kind: 'stop' }
  /** the priority service tier on or off */
  | { kind: 'fast' }
  /** the warnings this session raised */
  | { kind: 'warnings' }
  /** the MCP servers and their tools (`/mcp verbose`: each one's tools and resources) */
  | { kind: 'mcp'; verbose: boolean }
  /** the whole conversation as Markdown, to the clipboard or a file */
  | { kind: 'export' }
  /** Vim mode for the composer on or off */
  | { kind: 'vim' }
  /** Plan mode on */
  | { kind: 'plan' }
  /** choose the footer's status line items */
  | { kind: 'statusline' }
  /** choose the syntax theme */
  | { kind: 'theme' }
  /** the Configuration panel */
  | { kind: 'config' }
  /** the shortcut browser */
  | { kind: 'keymap' };

/** What `/init` asks the model for, in csm's own words: an AGENTS.md written from the repository itself. */
export const INIT_PROMPT = [
  'Create an AGENTS.md file at the root of this repository: a short guide for the people and coding agents who work on it.',
  'If an AGENTS.md is already there, improve it rather than replace it.',
  'Look at the repository first (its layout, how it is built, tested and run, its code style, its commit history) and write only what holds for this project.',
  'Keep it concise (about 200 to 400 words) in Markdown, under headings such as: Project layout; Build, test and run; Code style and naming; Testing; Commits and pull requests. Leave out what does not apply.',
].join('\n\n');

export interface SlashContext {
  threadId: string;
  /** the session has at least one turn (earlier or in this run) */
  hasTurns: boolean;
}

export function slashOutcome(parsed: { command: SlashCommand | null; name: string; args: string }, ctx: SlashContext): SlashOutcome {
  switch (parsed.command?.name) {
    case 'quit':
    case 'exit':
      return { kind: 'quit' };
    case 'new':
    // /clear starts a new chat on a clean screen, as /new does.
    case 'clear':
      return { kind: 'switch', target: { kind: 'new' } };
    case 'fork':
      return ctx.hasTurns ? { kind: 'switch', target: { kind: 'fork', id: ctx.threadId } } : { kind: 'info', text: 'Nothing to fork yet: this session has no turns.' };
    case 'resume':
      return { kind: 'pick' };
    case 'rename':
      return parsed.args ? { kind: 'rename', name: parsed.args } : { kind: 'info', text: 'Usage: /rename NAME' };
    case 'status':
      return { kind: 'status' };
    case 'compact':
      return { kind: 'compact' };
    case 'pwd':
      return { kind: 'pwd' };
    case 'raw':
      return { kind: 'raw' };
    case 'title':
      return { kind: 'title' };
    case 'logout':
      return { kind: 'logout' };
    case 'mention':
      return { kind: 'mention' };
    case 'archive':
    case 'delete':
      return { kind: 'end', end: parsed.command.name };
    case 'cd':
      return { kind: 'cd', dir: parsed.args };
    case 'diff':
      return { kind: 'diff' };
    case 'model':
      return { kind: 'model' };
    case 'permissions':
      return { kind: 'permissions' };
    case 'copy':
      return { kind: 'copy' };
    case 'ps':
      return { kind: 'ps' };
    case 'fast':
      return { kind: 'fast' };
    case 'warnings':
      return { kind: 'warnings' };
    case 'mcp':
      return { kind: 'mcp', verbose: parsed.args.trim() === 'verbose' };
    case 'export':
      return { kind: 'export' };
    case 'vim':
      return { kind: 'vim' };
    case 'plan':
      return { kind: 'plan' };
    case 'statusline':
      return { kind: 'statusline' };
    case 'theme':
      return { kind: 'theme' };
    case 'config':
      return { kind: 'config' };
    case 'keymap':
      return { kind: 'keymap' };
    case 'stop':
      return { kind: 'stop' };
    case 'init':
      return { kind: 'prompt', text: INIT_PROMPT };
    case 'review':
      return { kind: 'review', instructions: parsed.args.trim() };
    case 'approve':
      // csm has no automatic reviewer, so nothing it denied can be approved.
      return { kind: 'notice', text: 'No recent auto-review denials in this thread.', detail: 'Denials are recorded after auto-review rejects an action.', flush: true };
    case undefined:
      // Upstream's own line for a name it does not know; the line stays to be corrected.
      return { kind: 'notice', text: `Unrecognized command '/${parsed.name}'. Type "/" for a list of supported commands.`, keep: true };
    default:
      return { kind: 'notice', text: `/${parsed.command!.name} is not available in csm yet.` };
  }
}
