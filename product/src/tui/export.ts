// `/export`: the whole conversation as Markdown, to the clipboard (OSC 52) or to a file in the
// working directory. Upstream asks for the file's name first; csm saves under the session's.
import type { HistoryCell } from './state.ts';
import type { ListView } from './views/list.ts';

export function exportList(): ListView {
  return {
    id: 'export',
    title: 'Export conversation',
    subtitle: 'Save the complete conversation as Markdown',
    items: [
      { label: 'Copy to clipboard', description: 'Copy the complete Markdown transcript' },
      { label: 'Save to file', description: 'Choose a Markdown filename' },
    ],
    choice: 0,
    keys: [['enter', 'select'], ['esc', 'back']],
    cursorAtEdge: true,
  };
}

/** The prompts, answers and commands shown, as one Markdown document (csm's own layout). */
export function conversationMarkdown(cells: readonly HistoryCell[]): string {
  const parts: string[] = [];
  for (const c of cells) {
    if (c.kind === 'user') parts.push(`## You\n\n${c.text}`);
    else if (c.kind === 'agent' && !c.streaming) parts.push(`## Assistant\n\n${c.text}`);
    else if ((c.kind === 'command' || c.kind === 'shell') && !c.running) parts.push(`\`\`\`sh\n$ ${c.command}\n${c.output.trimEnd()}\n\`\`\``);
  }
  return `# Conversation\n\n${parts.join('\n\n')}\n`;
}
