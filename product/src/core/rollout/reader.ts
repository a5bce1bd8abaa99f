// Reads rollout files as a stream of validated lines. A damaged line never stops a read: it is
// skipped and counted, so a session with one bad line (a crash mid-write, a hand edit) still opens.
import { closeSync, createReadStream, fstatSync, openSync, readSync } from 'node:fs';
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
export function readRolloutEntries(file: string, opts: ReadOptions = {}): AsyncGenerator<RolloutEntry, ReadStats, undefined> {
  // Without `wants` nothing is skimmed: every entry is a decoded line.
  return skimRolloutEntries(file, { ...opts, wants: undefined }) as AsyncGenerator<RolloutEntry, ReadStats, undefined>;
}

/** What the first bytes of a line say about it, read without decoding the rest. */
export interface LineHead {
  timestamp: string;
  /** the envelope has an `ordinal` (paginated format) */
  ordinal: boolean;
  /** the line's `type` */
  type: string;
  /** `payload.type`, when it is the payload's first key */
  payloadType: string | undefined;
}

/** A line the caller chose not to decode: only its head, and where it sits. */
export interface SkimmedEntry {
  head: LineHead;
  offset: number;
  end: number;
}

export interface SkimOptions extends ReadOptions {
  /**
   * Decide from a line's head whether the caller needs the whole line. A line it declines is
   * neither decoded nor validated (only its shape is checked: a head Codex writes, a closing brace),
   * which makes indexing a file full of tool output several times cheaper. Default: every line.
   */
  wants?: (head: LineHead) => boolean;
  /**
   * loadRollout only: a line for which this names a key is kept until a later line names the same
   * key (a reader that wants only the newest token count need not hold three thousand of them).
   */
  latest?: (line: RolloutLine) => string | null;
}

// Codex writes the envelope's keys first and in this order, and a payload's `type` first.
const HEAD = /^\{"timestamp":"([^"\\]{1,64})",(?:"ordinal":\d+,)?"type":"([a-z_]{1,64})"(?:,"payload":\{"type":"([a-z_]{1,64})")?/;
const HEAD_BYTES = 200;

/** A line's head (see LineHead), read from its first bytes; null when it does not start as Codex writes lines. */
export function lineHead(raw: Buffer): LineHead | null {
  if (raw[raw.length - 1] !== 0x7d /* } */) return null;
  const text = raw.toString('latin1', 0, Math.min(raw.length, HEAD_BYTES));
  const m = HEAD.exec(text);
  return m ? { timestamp: m[1], ordinal: text.startsWith('"ordinal":', m[1].length + 16), type: m[2], payloadType: m[3] } : null;
}

/**
 * Like readRolloutEntries, but lines that `wants` declines come back as SkimmedEntry, undecoded.
 * A line whose head cannot be read that way is decoded and validated as usual.
 */
export async function* skimRolloutEntries(file: string, opts: SkimOptions = {}): AsyncGenerator<RolloutEntry | SkimmedEntry, ReadStats, undefined> {
  const stats: ReadStats = { lines: 0, malformed: 0, truncatedTail: false };
  const startByte = Math.max(0, opts.startByte ?? 0);
  if (opts.endByte !== undefined && opts.endByte <= startByte) return stats;
  const chunks = readChunks(file, startByte, opts.endByte);
  let pending: Buffer[] = [];
  let lineStart = startByte;
  let lineNumber = 0;

  const take = (raw: Buffer, complete: boolean): RolloutEntry | SkimmedEntry | null => {
    lineNumber++;
    const offset = lineStart;
    lineStart += raw.length + (complete ? 1 : 0);
    if (complete && opts.wants) {
      const head = lineHead(raw);
      if (head && !opts.wants(head)) {
        stats.lines++;
        return { head, offset, end: lineStart };
      }
    }
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

  let busySince = performance.now();
  try {
    for await (const chunk of chunks) {
      // A 100 MB session takes seconds to read: now and then the event loop gets a turn, so a screen
      // stays live (keys echo, resizes redraw) while a history builds behind it.
      if (performance.now() - busySince > YIELD_AFTER_MS) {
        await new Promise((r) => setImmediate(r));
        busySince = performance.now();
      }
      let from = 0;
      for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, from)) {
        pending.push(chunk.subarray(from, nl));
        const raw = pending.length === 1 ? pending[0] : Buffer.concat(pending);
        pending = [];
        from = nl + 1;
        const entry = take(raw, true);
        if (entry) yield entry;
      }
      // The chunk's buffer is reused for the next read: a line continuing past it keeps a copy.
      if (from < chunk.length) pending.push(Buffer.from(chunk.subarray(from)));
    }
    if (pending.length) {
      const entry = take(Buffer.concat(pending), false);
      if (entry) yield entry;
    }
  } finally {
    await chunks.return(undefined);
  }
  return stats;
}

const CHUNK_BYTES = 1 << 20;
const YIELD_AFTER_MS = 16;

/**
 * The bytes of [start, end) in 1 MiB chunks. A regular file is read with plain synchronous reads
 * (from the page cache a chunk takes well under a millisecond, and indexing thousands of files
 * through a stream spends more time waiting on the thread pool than parsing); anything else (a
 * pipe) through a stream, which cannot seek, even to 0.
 *
 * A file's chunks all land in one buffer, overwritten by the next read: the caller is done with a
 * chunk when it asks for the next one. (A fresh buffer per chunk left the 30 MB of a long session
 * waiting for the garbage collector as external memory: 20 MB more peak RSS on resume.)
 */
async function* readChunks(file: string, start: number, end: number | undefined): AsyncGenerator<Buffer, void, undefined> {
  const fd = openSync(file, 'r');
  let streamed = false;
  try {
    if (!fstatSync(fd).isFile()) {
      streamed = true;
      const stream = createReadStream(file, {
        fd,
        highWaterMark: CHUNK_BYTES,
        ...(start > 0 ? { start } : {}),
        ...(end !== undefined ? { end: Math.max(0, end - 1) } : {}),
      });
      try {
        yield* stream as AsyncIterable<Buffer>;
      } finally {
        stream.destroy();
      }
      return;
    }
    let buf: Buffer | null = null;
    for (let pos = start; end === undefined || pos < end; ) {
      const want = end === undefined ? CHUNK_BYTES : Math.min(CHUNK_BYTES, end - pos);
      buf ??= Buffer.allocUnsafe(want);
      const n = readSync(fd, buf, 0, want, pos);
      if (n === 0) return;
      pos += n;
      yield n === want ? buf : buf.subarray(0, n);
    }
  } finally {
    if (!streamed) closeSync(fd);
  }
}

/** Every valid line of a file, and the stats. */
export async function loadRollout(file: string, opts: SkimOptions = {}): Promise<{ lines: RolloutLine[]; stats: ReadStats }> {
  const lines: Array<RolloutLine | null> = [];
  const newest = new Map<string, number>();
  let superseded = 0;
  // Lines `wants` declines are left out (still counted in stats.lines).
  const it = skimRolloutEntries(file, opts);
  for (;;) {
    const r = await it.next();
    if (r.done) return { lines: superseded ? lines.filter((l) => l !== null) : (lines as RolloutLine[]), stats: r.value };
    if (!('line' in r.value)) continue;
    const key = opts.latest?.(r.value.line) ?? null;
    if (key !== null) {
      const before = newest.get(key);
      if (before !== undefined) {
        lines[before] = null;
        superseded++;
      }
      newest.set(key, lines.length);
    }
    lines.push(r.value.line);
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
