// Appends a session's items to its rollout file, one JSON line each, in upstream's line shape:
//   {"timestamp":"2026-11-24T23:03:56.767Z","ordinal":7,"type":"response_item","payload":{…},"metadata":{…}}
//
// - The file is created on the first append, so a session that never gets a user turn leaves no
//   file (upstream defers the same way). Callers append session_meta together with the first turn.
// - Each line is one write(2) on an O_APPEND descriptor: after append() returns, the line is in the
//   file even if the process dies next (no fsync per line; see flush()).
// - Ordinals count from 0 in a new file (or from `firstOrdinal`, for a fork continuing its parent's
//   numbering) and continue from the newest line when resuming. A resume only ever appends; if the
//   file ends mid-line (a crash), a newline is appended first so the broken line stays alone.
// - A legacy file (no ordinals anywhere) stays legacy: appended lines get no ordinal either.
// - One writer per file: `<file>.lock` (see lock.ts), taken on resume, or on the first append.
// - `ephemeral` writers accept everything and write nothing.
// - Known secret values (the provider key, auth header values: see secrets.ts) are redacted wherever
//   they appear. Nothing a line holds makes the writer refuse it.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { acquireRolloutLock, type LockOptions, type RolloutLock } from './lock.ts';
import { rolloutPath } from './paths.ts';
import { knownSecrets, stringifyRedacted } from './secrets.ts';
import { scanRolloutTail } from './tail.ts';

/** What a caller records: a line without its timestamp and ordinal. */
export interface RolloutItem {
  type: string;
  payload: unknown;
  /** paginated response_item lines carry history metadata */
  metadata?: Record<string, unknown>;
}

export interface WriterOptions {
  /** write nothing at all (`--ephemeral`) */
  ephemeral?: boolean;
  /** the clock for line timestamps */
  now?: () => Date;
  lock?: LockOptions;
  /** secret values to redact besides the ones registered with rememberSecret */
  secrets?: readonly string[];
}

export interface CreateOptions extends WriterOptions {
  /** the session's creation time: names the file (local time); defaults to now() */
  createdAt?: Date;
  /** the first line's ordinal; a fork starts at its history_base.end_ordinal_exclusive */
  firstOrdinal?: number;
}

export class RolloutWriter {
  private fd: number | null = null;
  private lock: RolloutLock | null = null;
  private closed = false;

  private constructor(
    readonly path: string,
    private next: number | null,
    private needsNewline: boolean,
    private readonly exists: boolean,
    private readonly opts: WriterOptions,
  ) {}

  /** A writer for a new thread. No file, directory or lock exists until the first append. */
  static create(codexHome: string, threadId: string, opts: CreateOptions = {}): RolloutWriter {
    const now = opts.now ?? (() => new Date());
    const file = rolloutPath(codexHome, threadId, opts.createdAt ?? now());
    return new RolloutWriter(file, opts.firstOrdinal ?? 0, false, false, opts);
  }

  /**
   * A writer that appends to an existing rollout (resume). Takes the lock now, so a session already
   * open elsewhere fails before any model call is made.
   */
  static resume(file: string, opts: WriterOptions = {}): RolloutWriter {
    // Read even when ephemeral: whether the file is legacy decides which events a resumed thread records.
    const tail = scanRolloutTail(file);
    if (opts.ephemeral) return new RolloutWriter(file, tail.nextOrdinal, false, true, opts);
    const writer = new RolloutWriter(file, tail.nextOrdinal, !tail.endsWithNewline, true, opts);
    writer.lock = acquireRolloutLock(file, opts.lock);
    return writer;
  }

  /** The ordinal the next line gets; null when appending to a legacy file. */
  get nextOrdinal(): number | null {
    return this.next;
  }

  /** Appending to an existing file none of whose lines carries an ordinal (written before ordinals existed). */
  get legacy(): boolean {
    return this.exists && this.next === null;
  }

  /** Whether a file is being written (false before the first append of a new session). */
  get materialized(): boolean {
    return this.fd !== null;
  }

  /**
   * Appends items in order, one line each, with known secrets redacted. The whole batch goes out in
   * one write(2).
   */
  append(...items: RolloutItem[]): void {
    if (this.closed) throw new Error(`rollout writer for ${this.path} is closed`);
    if (items.length === 0) return;
    if (this.opts.ephemeral) {
      if (this.next !== null) this.next += items.length;
      return;
    }
    const now = this.opts.now ?? (() => new Date());
    let ordinal = this.next;
    const secrets = this.opts.secrets ? [...knownSecrets(), ...this.opts.secrets] : knownSecrets();
    const text = items
      .map((item) => {
        const line: Record<string, unknown> = { timestamp: now().toISOString() };
        if (ordinal !== null) line.ordinal = ordinal++;
        line.type = item.type;
        line.payload = item.payload;
        if (item.metadata !== undefined) line.metadata = item.metadata;
        return stringifyRedacted(line, secrets) + '\n';
      })
      .join('');
    const fd = this.open();
    writeSync(fd, this.needsNewline ? '\n' + text : text);
    this.needsNewline = false;
    this.next = ordinal;
  }

  /** fsync: for the moments that must survive a power loss, not for every line. */
  flush(): void {
    if (this.fd !== null) fsyncSync(this.fd);
  }

  /** Closes the file and releases the lock. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    this.lock?.release();
    this.lock = null;
  }

  private open(): number {
    if (this.fd !== null) return this.fd;
    if (!this.exists) {
      mkdirSync(path.dirname(this.path), { recursive: true });
      if (existsSync(this.path)) throw new Error(`refusing to start a new session in existing file ${this.path}`);
    }
    this.lock ??= acquireRolloutLock(this.path, this.opts.lock);
    try {
      // 'ax' for a new file: never append into a file that appeared meanwhile.
      this.fd = openSync(this.path, this.exists ? 'a' : 'ax', 0o600);
    } catch (e) {
      this.lock.release();
      this.lock = null;
      throw e;
    }
    return this.fd;
  }
}
