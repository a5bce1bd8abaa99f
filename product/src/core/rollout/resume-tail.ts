// Tail-first resume: the history needed to continue a session starts at its newest compaction, so
// only the bytes from there on are parsed. The file is scanned backwards for that line without
// decoding anything else, which keeps resume time and memory flat in the size of the session.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { readSessionMeta, loadRollout, type LineHead, type ReadStats } from './reader.ts';
import { hasType, type RolloutLine } from './schema.ts';
import { loadThreadLines } from './thread.ts';
import { isUserTurnBoundary } from './reconstruct.ts';

const CHUNK = 1 << 20;
// Upstream (and csm) write `timestamp`, then `ordinal`, then `type` first on every line.
const COMPACTED_HEAD = /^\{"timestamp":"[^"]*",(?:"ordinal":\d+,)?"type":"compacted"/;

/** Byte offset of the newest `compacted` line that carries a replacement history, or null. */
export function findLastCompaction(file: string, chunkBytes = CHUNK): number | null {
  const fd = openSync(file, 'r');
  try {
    let pos = fstatSync(fd).size;
    let carry = Buffer.alloc(0); // the (partial) line that starts before the current chunk
    while (pos > 0) {
      const start = Math.max(0, pos - chunkBytes);
      const chunk = Buffer.alloc(pos - start);
      readSync(fd, chunk, 0, chunk.length, start);
      const buf = carry.length ? Buffer.concat([chunk, carry]) : chunk;
      let end = buf.length;
      // end reaches 0 when the chunk starts right after a newline; lastIndexOf(10, -1) would then
      // search from the buffer's end again, for ever.
      const previousNewline = () => (end > 0 ? buf.lastIndexOf(10, end - 1) : -1);
      for (let nl = previousNewline(); nl >= 0; nl = previousNewline()) {
        if (isCompactedLine(buf, nl + 1, end)) return start + nl + 1;
        end = nl;
      }
      carry = buf.subarray(0, end);
      pos = start;
      if (pos === 0 && isCompactedLine(carry, 0, carry.length)) return 0;
    }
    return null;
  } finally {
    closeSync(fd);
  }
}

function isCompactedLine(buf: Buffer, from: number, to: number): boolean {
  if (to - from < 40) return false;
  if (!COMPACTED_HEAD.test(buf.toString('utf8', from, Math.min(to, from + 120)))) return false;
  return buf.indexOf('"replacement_history":', from) !== -1 && buf.indexOf('"replacement_history":', from) < to;
}

/**
 * Lines resume never reads, left undecoded: the events that tell screens what a turn did
 * (item_completed, task_complete), about a third of a long session's bytes. History, rollbacks,
 * turn boundaries, settings, world state and usage all come from other lines.
 */
const RESUME_SKIPS = new Set(['item_completed', 'task_complete']);
export const resumeWants = (head: LineHead): boolean => !(head.type === 'event_msg' && head.payloadType !== undefined && RESUME_SKIPS.has(head.payloadType));

/**
 * Lines resume reads only for their newest value, so only the newest is kept (see session.ts: the
 * thread's usage, how full the context was, the last turn's settings). A long session holds one of
 * each per turn: 10 MB of a 30 MB session.
 */
export function resumeLatest(line: RolloutLine): string | null {
  const p = line.payload as { type?: unknown; turn_id?: unknown; thread_token_usage?: unknown; info?: { total_token_usage?: unknown; last_token_usage?: { total_tokens?: unknown } | null } | null } | undefined;
  if (line.type === 'token_usage_record') return p?.thread_token_usage ? 'usage' : null;
  if (line.type === 'turn_context') return typeof p?.turn_id === 'string' ? 'turn_context' : 'turn_context:legacy';
  // A token count with both totals stands for every count before it.
  if (line.type === 'event_msg' && p?.type === 'token_count') return p.info?.total_token_usage && typeof p.info.last_token_usage?.total_tokens === 'number' ? 'token_count' : null;
  return null;
}

export interface ResumeLines {
  lines: RolloutLine[];
  stats: ReadStats;
  /** Where parsing started: 0 for a full read. */
  fromByte: number;
}

/**
 * The lines resume needs: session_meta plus everything from the newest compaction on. Falls back to
 * the whole thread (parents included) for forks, files without a compaction, and rollbacks that
 * reach back past the compaction.
 */
export async function loadResumeLines(codexHome: string, file: string): Promise<ResumeLines> {
  const full = async (): Promise<ResumeLines> => {
    const t = await loadThreadLines(codexHome, file, { wants: resumeWants, latest: resumeLatest });
    return { lines: t.lines, stats: t.stats, fromByte: 0 };
  };
  const meta = await readSessionMeta(file);
  if (!meta || meta.history_base) return full();
  const offset = findLastCompaction(file);
  if (offset === null || offset === 0) return full();
  const { lines, stats } = await loadRollout(file, { startByte: offset, wants: resumeWants, latest: resumeLatest });
  let userTurns = 0;
  let rolledBack = 0;
  for (const line of lines) {
    if (hasType(line, 'response_item') && isUserTurnBoundary(line.payload)) userTurns++;
    else if (hasType(line, 'event_msg') && hasType(line.payload, 'thread_rolled_back')) rolledBack += line.payload.num_turns;
  }
  if (rolledBack > userTurns) return full();
  const metaLine = { timestamp: String(meta.timestamp ?? ''), type: 'session_meta', payload: meta } as unknown as RolloutLine;
  return { lines: [metaLine, ...lines], stats, fromByte: offset };
}
