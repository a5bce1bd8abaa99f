// A rollback (Esc-Esc backtrack) recorded as upstream 0.171.0 records one: not as a line in the
// session's file, but as a new file of the same session, rollout-<stamp>-<id>_<rollout id>.jsonl,
// whose session_meta (same id) carries a history_base naming the file and ordinal where the kept
// turns end; with no turn kept, no history_base at all. Upstream's app-server writes the thread's
// settings once after the meta; its TUI applies them once more (two lines in a TUI's files, one in
// an app-server client's). The session continues in the new file; every reader follows
// the newest file of an id back through history_base (core/rollout/paths.ts, thread.ts).
import path from 'node:path';
import { newThreadId, parseRolloutFileName, RolloutWriter } from '../core/rollout/index.ts';
import { forkCutIndex, userTurnStarts } from '../core/sessions/ops/fork.ts';
import { loadThreadRaw, metaOf } from '../core/sessions/ops/lines.ts';

/**
 * Opens the file that continues `head` with its newest `numTurns` user turns dropped, its opening
 * lines written. null when the session cannot be continued that way (a legacy file without
 * ordinals): the caller then records the rollback as a thread_rolled_back line.
 */
export async function openRevertFile(codexHome: string, head: string, numTurns: number, settingsLines = 2): Promise<RolloutWriter | null> {
  const thread = await loadThreadRaw(codexHome, head);
  const lines = thread.lines.map((l) => l.line);
  const meta = metaOf(thread.lines.filter((l) => l.file === head));
  if (!meta || lines.some((l) => l.ordinal === undefined)) return null;
  const keep = userTurnStarts(lines).length - numTurns;
  let base: { thread_id: string; end_ordinal_exclusive: number; end_byte_offset: number } | null = null;
  if (keep > 0) {
    const cut = forkCutIndex(lines, keep);
    const holder = thread.lines[cut].file;
    base = { thread_id: parseRolloutFileName(path.basename(holder))?.rolloutId ?? meta.id, end_ordinal_exclusive: lines[cut].ordinal!, end_byte_offset: thread.lines[cut].offset };
  }
  const { history_base: _drop, ...rest } = meta as unknown as Record<string, unknown>;
  const now = new Date();
  const writer = RolloutWriter.create(codexHome, `${meta.id}_${newThreadId(now.getTime())}`, { createdAt: now, firstOrdinal: base?.end_ordinal_exclusive ?? 0 });
  writer.append({ type: 'session_meta', payload: { ...rest, timestamp: now.toISOString(), ...(base ? { history_base: base } : {}) } });
  for (let i = 0; i < settingsLines; i++) writer.append({ type: 'event_msg', payload: { type: 'thread_settings_applied', thread_id: meta.id, thread_settings: {} } });
  writer.flush();
  return writer;
}
