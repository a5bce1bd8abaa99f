// A thread's lines as they are in the files: the text of each valid line and where it starts, so a
// fork can point at a byte offset and an export can hand out the original bytes.
//
// Since 0.169.0 a fork's file starts where its parent's prefix ends (session_meta.history_base), so
// a thread is its ancestors' prefixes followed by its own lines: the same chain the rollout module's
// loadThreadLines follows, with offsets and raw text kept.
import { createReadStream } from 'node:fs';
import { findRolloutByRolloutId, hasType, parseRolloutLine, type RolloutLine, type SessionMeta } from '../../rollout/index.ts';

export interface RawLine {
  /** the file the line is in */
  file: string;
  /** byte offset of the line's first byte */
  offset: number;
  /** the line without its newline */
  text: string;
  line: RolloutLine;
}

export interface ScanResult {
  lines: RawLine[];
  /** byte offset just past the last complete line (a torn last line is not counted) */
  endOfCompleteLines: number;
  malformed: number;
}

/** Every valid line of one file, with offsets. Malformed lines and a torn tail are skipped. */
export async function scanRolloutFile(file: string, endByte?: number): Promise<ScanResult> {
  const lines: RawLine[] = [];
  let malformed = 0;
  let lineStart = 0;
  let pending: Buffer[] = [];
  const take = (raw: Buffer) => {
    const offset = lineStart;
    lineStart += raw.length + 1;
    const text = raw.toString('utf8').replace(/\r$/, '');
    if (!text.trim()) return;
    try {
      const parsed = parseRolloutLine(JSON.parse(text));
      if (parsed.ok) {
        lines.push({ file, offset, text, line: parsed.line });
        return;
      }
    } catch {
      // not JSON
    }
    malformed++;
  };
  if (endByte !== 0) {
    const stream = createReadStream(file, endByte !== undefined ? { end: endByte - 1 } : {});
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let from = 0;
      for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, from)) {
        pending.push(chunk.subarray(from, nl));
        take(pending.length === 1 ? pending[0] : Buffer.concat(pending));
        pending = [];
        from = nl + 1;
      }
      if (from < chunk.length) pending.push(chunk.subarray(from));
    }
  }
  // A last line without its newline: whole if it parses (a file written by hand), else torn.
  const end = lineStart;
  if (pending.length) {
    const before = lines.length;
    take(Buffer.concat(pending));
    if (lines.length > before) return { lines, endOfCompleteLines: lineStart - 1, malformed };
  }
  return { lines, endOfCompleteLines: end, malformed };
}

export function metaOf(lines: readonly RawLine[]): SessionMeta | null {
  for (const raw of lines) if (hasType(raw.line, 'session_meta')) return raw.line.payload;
  return null;
}

export interface ThreadRaw {
  /** ancestors' prefixes first, then the file's own lines */
  lines: RawLine[];
  /** oldest ancestor first; the last one is the file asked for */
  files: string[];
  /** a history_base whose rollout could not be found: its thread id */
  missingBase: string | null;
  malformed: number;
  /** where the asked-for file's complete lines end */
  endOfCompleteLines: number;
}

const MAX_DEPTH = 64;

export async function loadThreadRaw(codexHome: string, file: string): Promise<ThreadRaw> {
  const chain: RawLine[][] = [];
  const files: string[] = [];
  let malformed = 0;
  let missingBase: string | null = null;
  let endOfCompleteLines = 0;
  let current: { file: string; endByte?: number; endOrdinal?: number } | null = { file };
  while (current && files.length < MAX_DEPTH && !files.includes(current.file)) {
    const scan = await scanRolloutFile(current.file, current.endByte);
    if (files.length === 0) endOfCompleteLines = scan.endOfCompleteLines;
    malformed += scan.malformed;
    const endOrdinal = current.endOrdinal;
    chain.unshift(endOrdinal === undefined ? scan.lines : scan.lines.filter((l) => l.line.ordinal === undefined || l.line.ordinal < endOrdinal));
    files.unshift(current.file);
    const base = metaOf(scan.lines)?.history_base;
    current = null;
    if (base) {
      const parent = await findRolloutByRolloutId(codexHome, base.thread_id);
      if (parent) current = { file: parent, endByte: base.end_byte_offset, endOrdinal: base.end_ordinal_exclusive };
      else missingBase = base.thread_id;
    }
  }
  return { lines: chain.flat(), files, missingBase, malformed, endOfCompleteLines };
}
