// Reads rollout files as a stream of validated lines. A damaged line never stops a read: it is
// skipped and counted, so a session with one bad line (a crash mid-write, a hand edit) still opens.
import { createReadStream } from 'node:fs';
import { hasType, parseRolloutLine, type RolloutLine, type SessionMeta } from './schema.ts';

export interface ReadStats {
  /** lines that parsed and validated */
  lines: number;
  /** lines skipped: not JSON, or not a valid rollout line (includes a truncated tail) */
  malformed: number;
  /** the file ends in an unparsable line without a newline: a write cut short */
  truncatedTail: boolean;
}

export interface MalformedLine {
  /** 1-based line number in the file (counted from startByte when one is given) */
  lineNumber: number;
  /** byte offset of the line's start */
  offset: number;
  error: string;
}

export interface ReadOptions {
  /**
   * start reading at this byte offset, which must be a line start (an index resuming where it
   * stopped); offsets reported to onMalformed and by readRolloutEntries stay absolute
   */
  startByte?: number;
  /** stop before this byte offset (a fork's history_base.end_byte_offset) */
  endByte?: number;
  /** told about each skipped line, e.g. to log it */
  onMalformed?: (m: MalformedLine) => void;
}

/** One valid line and where it sits in the file: bytes [offset, end), end includes its newline. */
export interface RolloutEntry {
  line: RolloutLine;
  offset: number;
  end: number;
}

/**
 * Yields each valid line in file order; the generator's return value is the ReadStats.
 * Breaking out of a `for await` early closes the file.
 */
export async function* readRollout(file: string, opts: ReadOptions = {}): AsyncGenerator<RolloutLine, ReadStats, undefined> {
  const it = readRolloutEntries(file, opts);
  try {
    for (;;) {
      const r = await it.next();
      if (r.done) return r.value;
      yield r.value.line;
    }
  } finally {
    await it.return?.({ lines: 0, malformed: 0, truncatedTail: false });
  }
}

/** Like readRollout, with each line's byte range (an indexer records how far it got). */
export async function* readRolloutEntries(file: string, opts: ReadOptions = {}): AsyncGenerator<RolloutEntry, ReadStats, undefined> {
  const stats: ReadStats = { lines: 0, malformed: 0, truncatedTail: false };
  const startByte = Math.max(0, opts.startByte ?? 0);
  if (opts.endByte !== undefined && opts.endByte <= startByte) return stats;
  const stream = createReadStream(file, {
    highWaterMark: 1 << 20, // big reads: indexing hundreds of MB is otherwise dominated by I/O round trips
    ...(startByte > 0 ? { start: startByte } : {}), // a pipe cannot seek, even to 0
    ...(opts.endByte !== undefined ? { end: Math.max(0, opts.endByte - 1) } : {}),
  });
  let pending: Buffer[] = [];
  let lineStart = startByte;
  let lineNumber = 0;

  const take = (raw: Buffer, complete: boolean): RolloutEntry | null => {
    lineNumber++;
    const offset = lineStart;
    lineStart += raw.length + (complete ? 1 : 0);
    const text = raw.toString('utf8').replace(/\r$/, '');
    if (!text.trim()) return null;
    let error: string;
    try {
      const parsed = parseRolloutLine(JSON.parse(text));
      if (parsed.ok) {
        stats.lines++;
        return { line: parsed.line, offset, end: lineStart };
      }
      error = parsed.error;
    } catch (e) {
      error = `not JSON: ${(e as Error).message}`;
    }
    stats.malformed++;
    if (!complete) stats.truncatedTail = true;
    opts.onMalformed?.({ lineNumber, offset, error });
    return null;
  };

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let from = 0;
      for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, from)) {
        pending.push(chunk.subarray(from, nl));
        const raw = pending.length === 1 ? pending[0] : Buffer.concat(pending);
        pending = [];
        from = nl + 1;
        const entry = take(raw, true);
        if (entry) yield entry;
      }
      if (from < chunk.length) pending.push(chunk.subarray(from));
    }
    if (pending.length) {
      const entry = take(Buffer.concat(pending), false);
      if (entry) yield entry;
    }
  } finally {
    stream.destroy();
  }
  return stats;
}

/** Every valid line of a file, and the stats. */
export async function loadRollout(file: string, opts: ReadOptions = {}): Promise<{ lines: RolloutLine[]; stats: ReadStats }> {
  const lines: RolloutLine[] = [];
  const it = readRollout(file, opts);
  for (;;) {
    const r = await it.next();
    if (r.done) return { lines, stats: r.value };
    lines.push(r.value);
  }
}

/**
 * The session_meta of a file, reading only its head: session_meta is the first line upstream
 * writes, so this stops at the first one, or gives up after `maxLines` valid lines.
 */
export async function readSessionMeta(file: string, maxLines = 10): Promise<SessionMeta | null> {
  let seen = 0;
  for await (const line of readRollout(file)) {
    if (hasType(line, 'session_meta')) return line.payload;
    if (++seen >= maxLines) break;
  }
  return null;
}

export { lastTurnContext, reconstructHistory } from './reconstruct.ts';
