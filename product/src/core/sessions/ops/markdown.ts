// A transcript as Markdown: a header with the session's facts, then `## User` / `## Assistant`
// sections; commands and their output in fenced blocks, patches as diff blocks.
import type { Block, ExportTranscript } from './transcript.ts';

/** A fenced block whose fence is longer than any backtick run inside, so content cannot end it. */
export function fenced(text: string, lang = ''): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${text.replace(/\n$/, '')}\n${fence}`;
}

const code = (s: string) => {
  const longest = Math.max(0, ...[...s.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  return longest ? `${ticks} ${s} ${ticks}` : `${ticks}${s}${ticks}`;
};

function block(b: Block): string {
  switch (b.kind) {
    case 'user':
    case 'assistant':
      return b.text;
    case 'command': {
      const parts = [fenced(b.command, 'sh')];
      if (b.output !== undefined) {
        parts.push(b.exitCode === undefined || b.exitCode === null ? 'Output:' : `Output (exit ${b.exitCode}):`);
        parts.push(fenced(b.output));
      }
      return parts.join('\n\n');
    }
    case 'patch':
      return [fenced(b.patch, 'diff'), ...(b.output !== undefined ? ['Result:', fenced(b.output)] : [])].join('\n\n');
    case 'tool':
      return [
        ...(b.input ? [`Tool ${code(b.name)}:`, fenced(b.input)] : []),
        ...(b.output !== undefined ? ['Output:', fenced(b.output)] : []),
      ].join('\n\n');
    case 'note':
      return `_${b.text}_`;
  }
}

export function renderMarkdown(t: ExportTranscript): string {
  const h = t.header;
  const facts = [
    `- Session: ${code(h.id)}`,
    ...(h.name ? [`- Name: ${h.name}`] : []),
    ...(h.cwd ? [`- Directory: ${code(h.cwd)}`] : []),
    ...(h.created ? [`- Created: ${h.created}`] : []),
    ...(h.models.length ? [`- Model: ${h.models.join(', ')}`] : []),
    ...(h.forkedFromId ? [`- Forked from: ${code(h.forkedFromId)}`] : []),
  ];
  const out = [`# ${h.title.replace(/\n/g, ' ')}`, facts.join('\n')];
  let speaker: 'user' | 'assistant' | null = null;
  for (const b of t.blocks) {
    const side: 'user' | 'assistant' | null = b.kind === 'user' ? 'user' : b.kind === 'note' ? speaker : 'assistant';
    if (side && (side !== speaker || b.kind === 'user')) {
      out.push(side === 'user' ? '## User' : '## Assistant');
      speaker = side;
    }
    out.push(block(b));
  }
  return out.join('\n\n') + '\n';
}
