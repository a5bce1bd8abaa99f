// A resumed (or forked) thread's earlier conversation as history cells. Read from the rollout's
// tail (the session manager's tail-first transcript, a fork continuing into its parent), so the
// screen shows what was said and done, not the model's compacted history; only the last turns are
// read, however long the session.
import type { ResponseItem } from '../core/agent/items.ts';
import { messageText } from '../core/agent/items.ts';
import { isContextualMessage } from '../core/rollout/reconstruct.ts';
import { readTranscriptTail, type Turn } from '../core/sessions/transcript.ts';
import type { HistoryCell } from './state.ts';

/** How many earlier turns a resumed chat shows (PageUp scrolls through them). */
export const SHOWN_TURNS = 20;

/** The files a patch touched, from its `*** Add/Update/Delete File:` lines. */
function patchedFiles(patch: string): string[] {
  return [...patch.matchAll(/^\*\*\* (?:Add|Update|Delete) File: (.+)$/gm)].map((m) => m[1].trim());
}

// exec_command's output as the model got it: a header (chunk, wall time, exit code or session, token
// count) before the command's own output.
const EXEC_HEADER = /^Chunk ID: [^\n]*\nWall time: [^\n]*\n(?:Process exited with code (-?\d+)\n|Process running with session ID [^\n]*\n)?(?:Original token count: \d+\n)?Output:\n/;

/** What a command printed and how it ended, as upstream's resumed screen shows it: the header taken off. */
export function commandResult(output: string): { output: string; exitCode: number | null } {
  const m = EXEC_HEADER.exec(output);
  return m ? { output: output.slice(m[0].length), exitCode: m[1] !== undefined ? Number(m[1]) : null } : { output, exitCode: null };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The day an earlier turn ended, as upstream's Worked-for row names it before the time: none for
 * today, `Nov 17` for another day this year, `Oct 28, 2025` for another year (local time).
 */
export function dayLabel(at: Date, now: Date): string | undefined {
  if (at.getFullYear() === now.getFullYear() && at.getMonth() === now.getMonth() && at.getDate() === now.getDate()) return undefined;
  const day = `${MONTHS[at.getMonth()]} ${at.getDate()}`;
  return at.getFullYear() === now.getFullYear() ? day : `${day}, ${at.getFullYear()}`;
}

/** A thread's earlier turns as cells: each prompt, what ran, the answers, and the turn's Worked-for row when its end is known. */
export function turnCells(turns: Turn[], now: Date = new Date()): HistoryCell[] {
  const cells: HistoryCell[] = [];
  turns.forEach((turn, t) => {
    if (turn.user !== null) cells.push({ kind: 'user', text: turn.user });
    turn.items.forEach((item, i) => {
      if (item.kind === 'agent' && item.text.trim()) cells.push({ kind: 'agent', text: item.text });
      else if (item.kind === 'command') {
        const result = commandResult(item.output ?? '');
        cells.push({ kind: 'command', id: item.callId ?? `t${t}.${i}`, command: item.text, ...result, ...(item.exitCode !== undefined ? { exitCode: item.exitCode } : {}), running: false });
      } else if (item.kind === 'patch') {
        const files = item.files ?? patchedFiles(item.text);
        cells.push({ kind: 'info', text: files.length ? `Edited ${files.join(', ')}` : 'Applied a patch' });
      }
    });
    if (turn.worked) {
      const at = new Date(turn.worked.completedAtMs);
      const day = dayLabel(at, now);
      cells.push({ kind: 'worked', ms: turn.worked.ms, at, ...(day ? { day } : {}) });
    }
  });
  return cells;
}

/** The model-visible history as cells: the fallback when the rollout cannot be read. */
export function historyCells(items: ResponseItem[], max = 40): HistoryCell[] {
  const cells: HistoryCell[] = [];
  for (const item of items) {
    if (item.type !== 'message') continue;
    if (item.role === 'user' && !isContextualMessage(item as never)) cells.push({ kind: 'user', text: messageText(item) });
    else if (item.role === 'assistant') {
      const text = messageText(item);
      if (text.trim()) cells.push({ kind: 'agent', text });
    }
  }
  return cells.slice(-max);
}

/**
 * The earlier conversation of an opened session (none for a new one): from its rollout's tail, or
 * from the turns it was opened with (a thread on an app-server: its items as transcript turns).
 */
export async function earlierCells(session: { transcriptFile: string | null; history: ResponseItem[]; turns?: Turn[] }, codexHome: string): Promise<HistoryCell[]> {
  if (session.turns) return turnCells(session.turns.slice(-SHOWN_TURNS));
  if (!session.transcriptFile) return historyCells(session.history);
  try {
    const page = await readTranscriptTail(session.transcriptFile, SHOWN_TURNS, { codexHome });
    return turnCells(page.turns);
  } catch {
    return historyCells(session.history);
  }
}
