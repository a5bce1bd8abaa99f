// The TUI's slash commands: typing `/` opens a popup of the commands that match what follows it.
// Only commands csm implements are listed.
export interface SlashCommand {
  name: string;
  description: string;
  /** takes text after the name (`/rename my session`) */
  takesArgs?: boolean;
}

export const SLASH_COMMANDS: readonly SlashCommand[] = [
  { name: 'new', description: 'start a new session in this directory' },
  { name: 'resume', description: 'resume a saved session (search their text)' },
  { name: 'fork', description: 'fork this session into a new one' },
  { name: 'rename', description: 'rename this session', takesArgs: true },
  { name: 'status', description: 'show the session, model and token usage' },
  { name: 'quit', description: 'exit csm' },
  { name: 'exit', description: 'exit csm' },
];

/** The commands the popup offers for this composer text, or null when no popup is open. */
export function slashMatches(composer: string): SlashCommand[] | null {
  const m = /^\/(\S*)$/.exec(composer);
  if (!m) return null;
  return SLASH_COMMANDS.filter((c) => c.name.startsWith(m[1]));
}

/** `/name args` → the command and its argument text; null when the text is not a command line. */
export function parseSlash(text: string): { command: SlashCommand | null; name: string; args: string } | null {
  const m = /^\/(\S+)\s*([\s\S]*)$/.exec(text.trim());
  if (!m) return null;
  return { command: SLASH_COMMANDS.find((c) => c.name === m[1]) ?? null, name: m[1], args: m[2].trim() };
}
