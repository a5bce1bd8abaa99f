// Bounded output collection: a command may print gigabytes, but we only ever hold its first and
// last few hundred kilobytes, with a marker where the middle was dropped. Also turns the PTY's
// `\r\n` line endings into `\n`, even when a pair is split across two chunks.

/** Approximate token count the way upstream does: about four characters per token, rounded up. */
export function approxTokens(chars: number): number {
  return Math.ceil(Math.max(0, chars) / 4);
}

/** The marker put where text was cut out: `…N tokens truncated…`. */
export function truncationMarker(droppedChars: number): string {
  return `…${approxTokens(droppedChars)} tokens truncated…`;
}

/** Moves a cut index off the middle of a UTF-16 surrogate pair, so no half characters survive. */
export function safeCut(text: string, index: number): number {
  if (index <= 0 || index >= text.length) return Math.max(0, Math.min(index, text.length));
  const before = text.charCodeAt(index - 1);
  return before >= 0xd800 && before <= 0xdbff ? index - 1 : index;
}

/** What a buffer holds: the kept text and how much was seen in total. */
export interface BufferedText {
  /** Head, marker (when something was dropped), tail. */
  readonly text: string;
  /** Every character appended, including the dropped ones. */
  readonly totalChars: number;
  /** How many characters were dropped from the middle. */
  readonly droppedChars: number;
}

/** Keeps the first and the last `capacity / 2` characters of everything appended to it. */
export class HeadTailBuffer {
  private readonly headCap: number;
  private readonly tailCap: number;
  private head = '';
  /** Once anything has gone to the tail, the head takes no more (output stays in order). */
  private headOpen = true;
  private tail: string[] = [];
  private tailLength = 0;
  private dropped = 0;
  private total = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 2)) throw new RangeError(`buffer capacity must be at least 2, got ${capacity}`);
    this.headCap = Math.floor(capacity / 2);
    this.tailCap = capacity - this.headCap;
  }

  append(chunk: string): void {
    if (!chunk) return;
    this.total += chunk.length;
    let rest = chunk;
    if (this.headOpen) {
      const take = safeCut(rest, Math.min(rest.length, this.headCap - this.head.length));
      this.head += rest.slice(0, take);
      rest = rest.slice(take);
    }
    if (!rest) return;
    this.headOpen = false;
    this.tail.push(rest);
    this.tailLength += rest.length;
    this.trimTail();
    // Many tiny writes would make the chunk list long; fold it so trimming stays cheap.
    if (this.tail.length > 256) this.tail = [this.tail.join('')];
  }

  private trimTail(): void {
    while (this.tailLength > this.tailCap) {
      const first = this.tail[0]!;
      const excess = this.tailLength - this.tailCap;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailLength -= first.length;
        this.dropped += first.length;
      } else {
        // Cut one past a surrogate pair's high half rather than keep a lone low half.
        let cut = excess;
        const code = first.charCodeAt(cut);
        if (code >= 0xdc00 && code <= 0xdfff) cut += 1;
        this.tail[0] = first.slice(cut);
        this.tailLength -= cut;
        this.dropped += cut;
      }
    }
  }

  get totalChars(): number {
    return this.total;
  }

  get isEmpty(): boolean {
    return this.total === 0;
  }

  snapshot(): BufferedText {
    const marker = this.dropped > 0 ? `\n${truncationMarker(this.dropped)}\n` : '';
    return { text: this.head + marker + this.tail.join(''), totalChars: this.total, droppedChars: this.dropped };
  }

  /** Returns what is held and empties the buffer. */
  take(): BufferedText {
    const snapshot = this.snapshot();
    this.head = '';
    this.headOpen = true;
    this.tail = [];
    this.tailLength = 0;
    this.dropped = 0;
    this.total = 0;
    return snapshot;
  }
}

/**
 * Rewrites `\r\n` to `\n` in a stream of chunks. A chunk ending in `\r` is held back until the next
 * chunk shows whether a `\n` follows; a lone `\r` (progress bars) is kept.
 */
export class LineEndingNormalizer {
  private heldCR = false;

  push(chunk: string): string {
    if (!chunk) return '';
    let text = this.heldCR ? `\r${chunk}` : chunk;
    this.heldCR = text.endsWith('\r');
    if (this.heldCR) text = text.slice(0, -1);
    return text.replace(/\r\n/g, '\n');
  }

  /** Releases a held `\r` once the stream has ended. */
  flush(): string {
    const rest = this.heldCR ? '\r' : '';
    this.heldCR = false;
    return rest;
  }
}
