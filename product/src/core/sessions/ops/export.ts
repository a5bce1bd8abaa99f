// `csm sessions export ID --format md|jsonl|html`.
//   jsonl: the thread's lines as stored (a fork's parent prefix first, then its own lines), valid
//          lines only, byte for byte unless a line carries a credential-like key (then redacted).
//   md:    a readable transcript (markdown.ts).
//   html:  the same transcript as a self-contained page (html.ts).
import { hasType } from '../../rollout/index.ts';
import { renderHtml } from './html.ts';
import { loadThreadRaw, metaOf } from './lines.ts';
import { renderMarkdown } from './markdown.ts';
import { readNames } from './names.ts';
import { redactJsonText } from './redact.ts';
import { buildTranscript } from './transcript.ts';

export const EXPORT_FORMATS = ['md', 'jsonl', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export async function exportSession(file: string, format: ExportFormat, codexHome: string): Promise<string> {
  const thread = await loadThreadRaw(codexHome, file);
  if (format === 'jsonl') return thread.lines.map((l) => redactJsonText(l.text) + '\n').join('');
  if (format !== 'md' && format !== 'html') throw new Error(`unknown export format "${String(format)}" (expected md, jsonl or html)`);

  const own = thread.lines.filter((l) => l.file === file);
  const meta = metaOf(own) ?? metaOf(thread.lines);
  const lines = thread.lines.map((l) => l.line);
  // The newest name: session_index.jsonl, else a thread_name_updated event in the file itself
  // (not in a fork's borrowed prefix: that one named the parent).
  let name = meta ? (readNames(codexHome).get(meta.id)?.name ?? null) : null;
  if (name === null) {
    for (const { line } of own) {
      if (hasType(line, 'event_msg') && hasType(line.payload, 'thread_name_updated') && line.payload.thread_name) name = line.payload.thread_name;
    }
  }
  const transcript = buildTranscript(lines, meta, name);
  return format === 'md' ? renderMarkdown(transcript) : renderHtml(transcript);
}
