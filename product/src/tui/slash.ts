// The TUI's slash commands: typing `/` opens a popup of the commands whose name starts with what
// follows it. The popup lists upstream's commands in upstream's order, with the descriptions its
// popup shows (Codex 0.171.0; the lab compares the two screens). Which of them csm carries out is
// decided in ./slash-dispatch.ts: one csm lacks still shows, and says so in one line when run.
export interface SlashCommand {
  name: string;
  description: string;
  /** takes text after the name (`/rename my session`) */
  takesArgs?: boolean;
}

/** The popup's entries, in upstream's order. */
export const SLASH_COMMANDS: readonly SlashCommand[] = [
  { name: 'model', description: 'choose what model and reasoning effort to use' },
  { name: 'fast', description: '1.5x speed, increased usage' },
  { name: 'presets', description: 'run or save reusable prompts and slash commands' },
  { name: 'ide', description: 'include current selection, open files, and other context from your IDE' },
  { name: 'permissions', description: 'choose what Codex is allowed to do' },
  { name: 'keymap', description: 'remap TUI shortcuts' },
  { name: 'vim', description: 'toggle Vim mode for the composer' },
  { name: 'experimental', description: 'toggle experimental features' },
  { name: 'approve', description: 'approve one retry of a recent auto-review denial' },
  { name: 'memories', description: 'configure memory use and generation' },
  { name: 'skills', description: 'use skills to improve how Codex performs specific tasks' },
  { name: 'import', description: 'import setup, this project, and recent chats from Claude Code' },
  { name: 'hooks', description: 'view and manage lifecycle hooks' },
  { name: 'review', description: 'review my current changes and find issues' },
  { name: 'rename', description: 'rename the current thread', takesArgs: true },
  { name: 'new', description: 'start a new chat during a conversation' },
  { name: 'archive', description: 'archive this session' },
  { name: 'delete', description: 'permanently delete this session' },
  { name: 'resume', description: 'resume a saved chat' },
  { name: 'fork', description: 'fork the current chat' },
  { name: 'worktree', description: 'start or continue a conversation in a new worktree' },
  { name: 'init', description: 'create an AGENTS.md file with instructions for Codex' },
  { name: 'compact', description: 'summarize conversation to prevent hitting the context limit' },
  { name: 'config', description: 'configure Codex preferences' },
  { name: 'recap', description: 'summarize the current conversation now' },
  { name: 'plan', description: 'switch to Plan mode' },
  { name: 'voice', description: 'start or stop voice; use /voice settings to choose a voice' },
  { name: 'goal', description: 'set or view the goal for a long-running task', takesArgs: true },
  { name: 'agents', description: 'open the agent command center' },
  { name: 'side', description: 'start a side conversation' },
  { name: 'copy', description: 'copy the last response or part of it' },
  { name: 'export', description: 'export the conversation as markdown' },
  { name: 'raw', description: 'toggle raw scrollback mode for copy-friendly terminal selection' },
  { name: 'tui', description: 'choose the TUI mode for the next launch' },
  { name: 'diff', description: 'show git diff (including untracked files)' },
  { name: 'mention', description: 'mention a file' },
  { name: 'status', description: 'show current session configuration and token usage' },
  { name: 'daemon', description: 'Manage the local background server' },
  { name: 'rc', description: 'manage remote control for the local background server' },
  { name: 'warnings', description: 'view retained warnings and diagnostic details' },
  { name: 'cd', description: 'change the current working directory', takesArgs: true },
  { name: 'pwd', description: 'show the current working directory' },
  { name: 'title', description: 'configure which items appear in the terminal title' },
  { name: 'statusline', description: 'configure which items appear in the status line' },
  { name: 'theme', description: 'choose a syntax highlighting theme' },
  { name: 'pets', description: 'choose or hide the terminal pet' },
  { name: 'mcp', description: 'list MCP tools; /mcp verbose or /mcp login <name> [--environment <id>]' },
  { name: 'plugins', description: 'browse plugins' },
  { name: 'logout', description: 'log out of Codex' },
  { name: 'exit', description: 'exit Codex' },
  { name: 'feedback', description: 'send logs to maintainers or save a ZIP' },
  { name: 'ps', description: 'list background terminals' },
  { name: 'stop', description: 'stop all background terminals' },
  { name: 'clear', description: 'clear the terminal and start a new chat' },
  { name: 'subagents', description: "switch between this session's subagents" },
];

/** Names upstream accepts but does not list: each runs the listed command it stands for. */
export const SLASH_ALIASES: Readonly<Record<string, string>> = { quit: 'exit', approvals: 'permissions', clean: 'stop' };

/** The most entries the popup shows at once; it scrolls to keep the highlighted one in view. */
export const POPUP_ROWS = 8;

/** The commands the popup offers for this composer text (names starting with it), or null when no popup is open. */
export function slashMatches(composer: string): SlashCommand[] | null {
  const m = /^\/(\S*)$/.exec(composer);
  if (!m) return null;
  return SLASH_COMMANDS.filter((c) => c.name.startsWith(m[1]));
}

/** The first entry shown when `choice` is highlighted and `top` was first before: the window moves only as far as it must. */
export function popupTop(choice: number, top: number, count: number): number {
  const max = Math.max(0, count - POPUP_ROWS);
  if (choice < top) return choice;
  if (choice >= top + POPUP_ROWS) return Math.min(max, choice - POPUP_ROWS + 1);
  return Math.min(top, max);
}

/** `/name args` → the command (aliases resolved) and its argument text; null when the text is not a command line. */
export function parseSlash(text: string): { command: SlashCommand | null; name: string; args: string } | null {
  const m = /^\/(\S+)\s*([\s\S]*)$/.exec(text.trim());
  if (!m) return null;
  const name = SLASH_ALIASES[m[1]] ?? m[1];
  return { command: SLASH_COMMANDS.find((c) => c.name === name) ?? null, name: m[1], args: m[2].trim() };
}
