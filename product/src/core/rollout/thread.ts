// A thread's full line sequence. Since 0.169.0 a fork's file does not copy its parent's lines:
// its session_meta carries history_base {thread_id, end_ordinal_exclusive, end_byte_offset} and its
// own ordinals continue from end_ordinal_exclusive. Loading a fork therefore means loading the
// parent's prefix first (recursively: a fork of a fork), then the fork's own lines.
import path from 'node:path';
import { findRolloutByRolloutId, parseRolloutFileName } from './paths.ts';
import { loadRollout, readSessionMeta, type ReadStats, type SkimOptions } from './reader.ts';
import { hasType, type RolloutLine, type SessionMeta } from './schema.ts';

export interface ThreadLines {
  /** ancestors' prefixes first, then this file's lines */
  lines: RolloutLine[];
  /** summed over every file read */
  stats: ReadStats;
  /** the files read, oldest ancestor first */
  files: string[];
  /** set when an ancestor's rollout could not be found: its thread id; the lines then start at the fork */
  missingBase: string | null;
}

const MAX_DEPTH = 64;

/** `wants` leaves out lines the caller never reads (see SkimOptions), in every file of the chain. */
export async function loadThreadLines(codexHome: string, file: string, opts: Pick<SkimOptions, 'wants' | 'latest'> = {}): Promise<ThreadLines> {
  const chain: Array<{ file: string; lines: RolloutLine[]; stats: ReadStats }> = [];
  let missingBase: string | null = null;
  const seen = new Set<string>();
  let current: { file: string; endByte?: number; endOrdinal?: number } | null = { file };

  while (current && chain.length < MAX_DEPTH && !seen.has(current.file)) {
    seen.add(current.file);
    // An ancestor is cut at the fork by ordinal too, which could drop the newer line that superseded
    // a kept one: only the thread's own file keeps just the newest.
    const latest = current.endByte === undefined ? opts.latest : undefined;
    const { lines, stats } = await loadRollout(current.file, { endByte: current.endByte, wants: opts.wants, latest });
    const endOrdinal = current.endOrdinal;
    const kept = endOrdinal === undefined ? lines : lines.filter((l) => l.ordinal === undefined || l.ordinal < endOrdinal);
    chain.unshift({ file: current.file, lines: kept, stats });

    const meta = lines.find((l) => hasType(l, 'session_meta'))?.payload as SessionMeta | undefined;
    const base = meta?.history_base;
    current = null;
    if (base) {
      const parent = await findRolloutByRolloutId(codexHome, base.thread_id);
      if (parent) current = { file: parent, endByte: base.end_byte_offset, endOrdinal: base.end_ordinal_exclusive };
      else missingBase = base.thread_id;
    }
  }

  return {
    lines: chain.flatMap((c) => c.lines),
    stats: chain.reduce<ReadStats>(
      (sum, c) => ({
        lines: sum.lines + c.stats.lines,
        malformed: sum.malformed + c.stats.malformed,
        truncatedTail: sum.truncatedTail || c.stats.truncatedTail,
      }),
      { lines: 0, malformed: 0, truncatedTail: false },
    ),
    files: chain.map((c) => c.file),
    missingBase,
  };
}

/**
 * The lines of a thread's earlier files that this file continues (upstream 0.171.0 continues a
 * thread in a further file of the same id, e.g. after a rollback): the history_base chain followed
 * while it stays within the thread, each file up to its cut, oldest first. Empty for a thread's
 * first file, and at a fork's parent (another thread, which a fork's index row does not include).
 */
export async function loadContinuedLines(codexHome: string, file: string, opts: Pick<SkimOptions, 'wants'> = {}): Promise<RolloutLine[]> {
  const own = parseRolloutFileName(path.basename(file));
  if (!own || own.rolloutId === own.threadId) return [];
  const chain: RolloutLine[][] = [];
  const seen = new Set<string>([file]);
  let meta = (await readSessionMeta(file)) as SessionMeta | null;
  while (meta?.history_base && chain.length < MAX_DEPTH) {
    const base = meta.history_base;
    const parent = await findRolloutByRolloutId(codexHome, base.thread_id);
    if (!parent || seen.has(parent) || parseRolloutFileName(path.basename(parent))?.threadId.toLowerCase() !== own.threadId.toLowerCase()) break;
    seen.add(parent);
    const { lines } = await loadRollout(parent, { endByte: base.end_byte_offset, wants: opts.wants });
    chain.unshift(lines.filter((l) => l.ordinal === undefined || l.ordinal < base.end_ordinal_exclusive));
    meta = lines.find((l) => hasType(l, 'session_meta'))?.payload as SessionMeta | undefined ?? null;
  }
  return chain.flat();
}
