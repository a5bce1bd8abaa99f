// Fork: a new thread whose history is a prefix of another's (`codex fork`, `/fork`, `thread/fork`).
//
// Where the cut goes (upstream's TruncateBeforeNthUserMessage): strictly before the Nth user
// message, 0-based, counting real user messages (not harness context) and forgetting turns a
// `thread_rolled_back` undid. Without N the whole history is kept. The lines that open the Nth
// turn right above its user message (task_started, turn_context, world_state,
// thread_settings_applied, the turn's context messages) go with it, so the prefix ends where the
// previous turn ended; for N = 0 the session's first context messages stay (nothing ended before).
//
// How it is written:
// - paginated parent (every line has an ordinal), the 0.169.0 way: a new file holding only a
//   session_meta with forked_from_id, forked_from_ordinal_exclusive and history_base {thread_id,
//   end_ordinal_exclusive, end_byte_offset} pointing at the cut; the fork's ordinals continue from
//   there. No parent line is copied. If the parent is itself a fork and the cut falls inside the
//   prefix it borrows, history_base points at the ancestor that holds those lines.
// - legacy parent (no ordinals): the prefix lines are copied into the new file after its
//   session_meta (with forked_from_id), as upstream did before history_base. The parent's own
//   session_meta lines are not copied, so the file's only session_meta is the fork's.
import { mkdirSync, openSync, writeSync, closeSync } from 'node:fs';
import path from 'node:path';
import {
  hasType,
  isContextualMessage,
  isUserTurnBoundary,
  newThreadId,
  parseRolloutFileName,
  rolloutPath,
  RolloutWriter,
  stringifyRedacted,
  type RolloutLine,
  type SessionMeta,
} from '../../rollout/index.ts';
import { loadThreadRaw, metaOf } from './lines.ts';

export class ForkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForkError';
  }
}

export interface ForkOptions {
  /** keep the history strictly before this 0-based user message; omitted: all of it */
  atTurn?: number;
  /** the fork's creation time (file name, session_meta.timestamp) */
  now?: Date;
  /** the fork's thread id; a new UUIDv7 by default */
  id?: string;
}

export interface HistoryBase {
  thread_id: string;
  end_ordinal_exclusive: number;
  end_byte_offset: number;
}

export interface ForkResult {
  id: string;
  file: string;
  forkedFromId: string;
  /** paginated parents: where the fork's history comes from */
  historyBase: HistoryBase | null;
  /** legacy parents: how many parent lines were copied */
  copiedLines: number;
}

/** Indexes (into `lines`) of the user messages that start turns, rolled-back turns removed. */
export function userTurnStarts(lines: readonly RolloutLine[]): number[] {
  const starts: number[] = [];
  lines.forEach((line, i) => {
    if (hasType(line, 'response_item') && isUserTurnBoundary(line.payload)) starts.push(i);
    else if (hasType(line, 'event_msg') && hasType(line.payload, 'thread_rolled_back')) {
      starts.splice(Math.max(0, starts.length - line.payload.num_turns));
    }
  });
  return starts;
}

const TURN_OPENING_EVENTS = new Set(['task_started', 'turn_started', 'thread_settings_applied']);

/** Lines that open a turn before its user message. */
function opensTurn(line: RolloutLine, contextToo: boolean): boolean {
  if (line.type === 'turn_context' || line.type === 'world_state') return true;
  if (hasType(line, 'event_msg')) return TURN_OPENING_EVENTS.has(line.payload.type);
  if (hasType(line, 'response_item')) return contextToo && isContextualMessage(line.payload);
  return false;
}

/** Index of the first line NOT kept: lines.length for the whole history. */
export function forkCutIndex(lines: readonly RolloutLine[], atTurn?: number): number {
  if (atTurn === undefined) return lines.length;
  const starts = userTurnStarts(lines);
  if (!Number.isInteger(atTurn) || atTurn < 0 || atTurn >= starts.length) {
    throw new ForkError(
      starts.length === 0
        ? `cannot fork at turn ${atTurn}: the session has no user messages`
        : `cannot fork at turn ${atTurn}: the session has ${starts.length} user message(s), so the turn must be 0..${starts.length - 1}`,
    );
  }
  let cut = starts[atTurn];
  while (cut > 0 && opensTurn(lines[cut - 1], atTurn > 0)) cut--;
  return cut;
}

function forkMeta(parent: SessionMeta, id: string, now: Date, extra: Record<string, unknown>): Record<string, unknown> {
  const { history_base: _b, forked_from_id: _f, forked_from_ordinal_exclusive: _o, ...rest } = parent as Record<string, unknown>;
  const meta: Record<string, unknown> = { ...rest, id, timestamp: now.toISOString(), forked_from_id: parent.id, ...extra };
  if (typeof rest.session_id === 'string') meta.session_id = id;
  return meta;
}

export async function forkSession(codexHome: string, parentFile: string, opts: ForkOptions = {}): Promise<ForkResult> {
  const thread = await loadThreadRaw(codexHome, parentFile);
  const own = thread.lines.filter((l) => l.file === parentFile);
  const parentMeta = metaOf(own);
  if (!parentMeta) throw new ForkError(`${parentFile} has no session_meta line; it is not a session to fork`);
  const lines = thread.lines.map((l) => l.line);
  const cut = forkCutIndex(lines, opts.atTurn);
  const now = opts.now ?? new Date();
  const id = opts.id ?? newThreadId(now.getTime());
  const paginated = lines.every((l) => l.ordinal !== undefined);

  if (paginated) {
    // The cut line's own file and offset; for the whole history, the end of the parent's lines.
    const whole = cut === lines.length;
    const cutOrdinal = whole ? lines[lines.length - 1].ordinal! + 1 : lines[cut].ordinal!;
    const holder = whole ? parentFile : thread.lines[cut].file;
    const holderMeta = holder === parentFile ? parentMeta : metaOf(thread.lines.filter((l) => l.file === holder));
    if (!holderMeta) throw new ForkError(`${holder} has no session_meta line`);
    const endByte = whole ? thread.endOfCompleteLines : thread.lines[cut].offset;
    // history_base names the holder's rollout id: its thread id, or for a file continuing its thread the id after `_`.
    const holderRollout = parseRolloutFileName(path.basename(holder))?.rolloutId ?? holderMeta.id;
    const historyBase: HistoryBase = { thread_id: holderRollout, end_ordinal_exclusive: cutOrdinal, end_byte_offset: endByte };
    const writer = RolloutWriter.create(codexHome, id, { createdAt: now, now: () => now, firstOrdinal: cutOrdinal });
    try {
      writer.append({ type: 'session_meta', payload: forkMeta(parentMeta, id, now, { forked_from_ordinal_exclusive: cutOrdinal, history_base: historyBase }) });
      writer.flush();
    } finally {
      writer.close();
    }
    return { id, file: writer.path, forkedFromId: parentMeta.id, historyBase, copiedLines: 0 };
  }

  const copied = thread.lines.slice(0, cut).filter((l) => l.line.type !== 'session_meta');
  const metaLine = stringifyRedacted({ timestamp: now.toISOString(), type: 'session_meta', payload: forkMeta(parentMeta, id, now, {}) });
  const file = rolloutPath(codexHome, id, now);
  mkdirSync(path.dirname(file), { recursive: true });
  const fd = openSync(file, 'wx', 0o600);
  try {
    writeSync(fd, [metaLine, ...copied.map((l) => l.text)].join('\n') + '\n');
  } finally {
    closeSync(fd);
  }
  return { id, file, forkedFromId: parentMeta.id, historyBase: null, copiedLines: copied.length };
}
