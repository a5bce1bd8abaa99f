// Session operations over already-resolved session files: names (session_index.jsonl), archive and
// unarchive, delete, fork, export, prune and stats. Nothing here needs the index; callers resolve
// ids, prefixes and names to files first.
export * from './names.ts';
export * from './locate.ts';
export * from './move.ts';
export * from './archive.ts';
export * from './delete.ts';
export * from './lines.ts';
export * from './fork.ts';
export * from './redact.ts';
export * from './transcript.ts';
export { fenced, renderMarkdown } from './markdown.ts';
export { escapeHtml, renderHtml } from './html.ts';
export * from './export.ts';
export * from './prune.ts';
export * from './stats.ts';
export * from './labels.ts';
export * from './format.ts';
