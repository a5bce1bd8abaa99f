// Whether a file is a rollout at all, decided from its head before a session is resumed, forked or
// shown from it: an empty, binary or garbage file named like a rollout is refused (and left as it
// is) instead of having a conversation appended to it. The rule follows upstream 0.169.0's reading
// of a rollout's head, as observed:
// - lines are read from the top until the session_meta line; blank and unparsable lines, events and
//   lines of kinds csm does not know are passed over;
// - a byte sequence that is not UTF-8 before the session_meta: "stream did not contain valid UTF-8";
// - a conversation line (response item, turn context, compaction) before it: "does not start with
//   session metadata";
// - no session_meta at all: "is empty".
// A rollout whose session_meta is followed by damaged lines is a rollout: the reader skips those.
import { closeSync, openSync, readSync } from 'node:fs';
import { hasType, parseRolloutLine, type SessionMeta } from './schema.ts';

export type HeadProblem =
  /** no line of the file is a rollout line */
  | 'empty'
  /** bytes that are not UTF-8 come before any session_meta */
  | 'invalid-utf8'
  /** a conversation line comes before any session_meta */
  | 'not-meta-first'
  /** rollout lines (events), but no session_meta */
  | 'no-meta';

export type HeadCheck = { ok: true; meta: SessionMeta } | { ok: false; problem: HeadProblem };

/** Line kinds that may come before the session_meta (upstream passes over them too). */
const SKIPPED_BEFORE_META = new Set(['event_msg', 'world_state']);
const KNOWN_KINDS = new Set(['session_meta', 'response_item', 'turn_context', 'compacted', 'event_msg', 'world_state', 'token_usage_record']);

const CHUNK = 64 * 1024;
/** A file without a session_meta in its first 16 MiB is no rollout. */
const MAX_HEAD_BYTES = 16 * 1024 * 1024;

/** Yields the file's lines (without their newline) from the top, up to maxBytes. */
function* headLines(file: string, maxBytes: number): Generator<Buffer> {
  const fd = openSync(file, 'r');
  try {
    let carry = Buffer.alloc(0);
    for (let pos = 0; pos < maxBytes; ) {
      const buf = Buffer.allocUnsafe(CHUNK);
      const n = readSync(fd, buf, 0, CHUNK, pos);
      if (n === 0) break;
      pos += n;
      let data = carry.length ? Buffer.concat([carry, buf.subarray(0, n)]) : buf.subarray(0, n);
      for (let nl = data.indexOf(10); nl !== -1; nl = data.indexOf(10)) {
        yield data.subarray(0, nl);
        data = data.subarray(nl + 1);
      }
      carry = Buffer.from(data);
    }
    if (carry.length) yield carry;
  } finally {
    closeSync(fd);
  }
}

export function checkRolloutHead(file: string, maxBytes = MAX_HEAD_BYTES): HeadCheck {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let sawRolloutLine = false;
  for (const raw of headLines(file, maxBytes)) {
    let text: string;
    try {
      text = utf8.decode(raw);
    } catch {
      return { ok: false, problem: 'invalid-utf8' };
    }
    if (!text.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      continue;
    }
    const parsed = parseRolloutLine(value);
    if (!parsed.ok) continue;
    const line = parsed.line;
    if (hasType(line, 'session_meta')) return { ok: true, meta: line.payload };
    sawRolloutLine = true;
    if (KNOWN_KINDS.has(line.type) && !SKIPPED_BEFORE_META.has(line.type)) return { ok: false, problem: 'not-meta-first' };
  }
  return { ok: false, problem: sawRolloutLine ? 'no-meta' : 'empty' };
}

/** A file named like a rollout that is not one; the message is upstream's (see runtime/session.ts for the wrapping). */
export class NotARolloutError extends Error {
  constructor(
    readonly file: string,
    readonly problem: HeadProblem,
  ) {
    super(notARolloutMessage(file, problem));
    this.name = 'NotARolloutError';
  }
}

/** Upstream's words for each problem: "failed to read session metadata <file>: …". */
export function notARolloutMessage(file: string, problem: HeadProblem): string {
  const prefix = `failed to read session metadata ${file}: `;
  switch (problem) {
    case 'empty':
      return `${prefix}rollout at ${file} is empty`;
    case 'invalid-utf8':
      return `${prefix}stream did not contain valid UTF-8`;
    // When the head holds rollout lines but no usable session_meta, upstream's message names the
    // metadata read twice: its thread store wraps its own reader's error.
    case 'not-meta-first':
      return `${prefix}thread-store internal error: ${prefix}rollout at ${file} does not start with session metadata`;
    case 'no-meta':
      return `${prefix}thread-store internal error: ${prefix}rollout at ${file} is empty`;
  }
}

/** Throws NotARolloutError unless the file's head makes it a rollout; returns its session_meta. */
export function assertRollout(file: string): SessionMeta {
  const head = checkRolloutHead(file);
  if (!head.ok) throw new NotARolloutError(file, head.problem);
  return head.meta;
}
