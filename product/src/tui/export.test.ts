import { describe, expect, it } from 'vitest';
import { conversationMarkdown, exportList } from './export.ts';

describe('/export', () => {
  it("offers upstream's two ways out: the clipboard and a file", () => {
    const list = exportList();
    expect([list.title, list.subtitle]).toEqual(['Export conversation', 'Save the complete conversation as Markdown']);
    expect(list.items.map((i) => i.label)).toEqual(['Copy to clipboard', 'Save to file']);
  });

  it('writes the prompts, finished answers and commands as one Markdown document, leaving out what is still streaming', () => {
    const md = conversationMarkdown([
      { kind: 'user', text: 'hello' },
      { kind: 'agent', text: 'Done **here**.' },
      { kind: 'shell', command: 'ls', output: 'a\n', exitCode: 0, running: false },
      { kind: 'agent', text: 'partial', streaming: true },
    ]);
    expect(md).toBe('# Conversation\n\n## You\n\nhello\n\n## Assistant\n\nDone **here**.\n\n```sh\n$ ls\na\n```\n');
  });
});
