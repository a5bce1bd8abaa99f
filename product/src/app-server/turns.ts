// A rollout's turns in the app-server's terms (thread/read, thread/turns/list, thread/resume):
// each task_started … task_complete/turn_aborted span becomes a Turn whose items are what a client
// shows: the user's message, the agent's messages, and the commands that ran.
import { loadThreadLines } from '../core/rollout/thread.ts';
import { isContextualMessage } from '../core/rollout/reconstruct.ts';
import type { ResponseItem } from '../core/agent/items.ts';
import type { ProtocolItem, ProtocolTurn } from './protocol.ts';
import { NO_REVIEW, renderReview, reviewOutputSchema } from '../core/review/output.ts';

type Line = { type: string; payload: any; timestamp?: string; ordinal?: number };

const text = (content: unknown): string =>
  Array.isArray(content) ? content.map((c: any) => (typeof c?.text === 'string' ? c.text : '')).join('') : '';

/** The text of a recorded core item's parts of one type (`text` for a prompt, `Text` for an answer). */
const texts = (content: unknown, type: string): string =>
  Array.isArray(content) ? content.filter((c: any) => c?.type === type && typeof c.text === 'string').map((c: any) => c.text as string).join('') : '';

export function userMessageItem(id: string, prompt: string, at: number | null, clientId: string | null = null): ProtocolItem {
  return { type: 'userMessage', id, clientId, content: [{ type: 'text', text: prompt, text_elements: [] }], startedAtMs: at, completedAtMs: at } as ProtocolItem;
}

export function agentMessageItem(id: string, message: string, started: number | null, completed: number | null): ProtocolItem {
  return { type: 'agentMessage', moderation: null, id, text: message, phase: null, memoryCitation: null, delivery: null, questions: null, startedAtMs: started, completedAtMs: completed } as ProtocolItem;
}

/** A word of a command line as a shell reads it back: quoted when it holds anything but plain characters. */
const shellWord = (w: string) => (/^[A-Za-z0-9_\-+=.,/:@%]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);

/** A command as its item_completed line recorded it, as the protocol's commandExecution item (its words quoted as a shell line, as upstream's). */
export function recordedCommandItem(c: Record<string, any>, completedAtMs: number | null): ProtocolItem {
  const argv: string[] = Array.isArray(c.command) ? c.command : [];
  return {
    type: 'commandExecution', id: String(c.id), pluginId: null, scriptPath: null, command: argv.length ? argv.map(shellWord).join(' ') : String(c.command ?? ''), cwd: String(c.cwd ?? ''), processId: null, source: c.source === 'user_shell' ? 'userShell' : 'agent',
    status: c.status === 'completed' ? 'completed' : 'failed', commandActions: [], aggregatedOutput: c.aggregated_output ?? null, exitCode: c.exit_code ?? null, durationMs: c.duration_ms ?? null, startedAtMs: null, completedAtMs,
  } as unknown as ProtocolItem;
}

/**
 * A review's framing item as its item_completed line recorded it: what is reviewed when it starts,
 * the review as people read it when it ends (upstream's words when the reviewer gave none).
 */
export function recordedReviewModeItem(i: Record<string, any>, started: number | null, completed: number | null): ProtocolItem {
  if (i.type === 'EnteredReviewMode') return { type: 'enteredReviewMode', id: String(i.id ?? ''), review: String(i.user_facing_hint ?? ''), startedAtMs: started, completedAtMs: completed } as ProtocolItem;
  const output = reviewOutputSchema.safeParse(i.review_output);
  return { type: 'exitedReviewMode', id: String(i.id ?? ''), review: output.success ? renderReview(output.data) : NO_REVIEW, startedAtMs: started, completedAtMs: completed } as ProtocolItem;
}

export function emptyTurn(id: string, startedAt: number | null): ProtocolTurn {
  return { id, rootTurnId: id, items: [], itemsView: 'notLoaded', status: 'inProgress', error: null, startedAt, completedAt: null, durationMs: null } as ProtocolTurn;
}

/** A turn and where it starts in its thread's rollout (the ordinal of its task_started line; its index in a legacy file). */
export interface PlacedTurn {
  turn: ProtocolTurn;
  ordinal: number;
}

/** Turns from rollout lines, oldest first. */
export function turnsFromLines(lines: readonly Line[]): ProtocolTurn[] {
  return placedTurns(lines).map((t) => t.turn);
}

/**
 * Turns from rollout lines with where each starts, oldest first. A review (review/start, /review)
 * reads back as upstream's: its turn holds the items that frame it and its answer, and sits where
 * it completed (it records no start); the reviewer's turn, rooted in it, holds the reviewer's
 * request and reads as interrupted (its end is in the reviewer's own rollout). While a review
 * runs, the messages recorded for the thread's model are no items of either.
 */
export function placedTurns(lines: readonly Line[]): PlacedTurn[] {
  const turns: PlacedTurn[] = [];
  let cur: ProtocolTurn | null = null;
  let review: ProtocolTurn | null = null;
  let n = 0;
  const ms = (l: Line) => (l.timestamp ? Date.parse(l.timestamp) : null);
  for (const [index, l] of lines.entries()) {
    const p = l.payload ?? {};
    const ordinal = typeof l.ordinal === 'number' ? l.ordinal : index;
    const item = l.type === 'event_msg' && p.type === 'item_completed' ? (p.item as Record<string, any> | undefined) : undefined;
    const itemTimes = (): [number | null, number | null] => [typeof p.started_at_ms === 'number' ? p.started_at_ms : ms(l), typeof p.completed_at_ms === 'number' ? p.completed_at_ms : ms(l)];
    if (item?.type === 'EnteredReviewMode') {
      review = { ...emptyTurn(String(p.turn_id ?? `turn-${turns.length}`), null), itemsView: 'full' } as ProtocolTurn;
      review.items.push(recordedReviewModeItem(item, ...itemTimes()));
      continue;
    }
    if (review) {
      const r: ProtocolTurn = review;
      if (item && p.turn_id === r.id && (item.type === 'ExitedReviewMode' || item.type === 'AgentMessage')) {
        const [started, completed] = itemTimes();
        r.items.push(item.type === 'ExitedReviewMode' ? recordedReviewModeItem(item, started, completed) : agentMessageItem(String(item.id ?? ''), texts(item.content, 'Text'), started, completed));
        continue;
      }
      if (item?.type === 'UserMessage' && cur && p.turn_id === cur.id) {
        const [, completed] = itemTimes();
        cur.items.push(userMessageItem(String(item.id ?? ''), texts(item.content, 'text'), completed));
        continue;
      }
      if (l.type === 'event_msg' && (p.type === 'task_complete' || p.type === 'turn_aborted') && (p.turn_id === undefined || p.turn_id === r.id)) {
        // The reviewer's turn ended in its own rollout: here it never did.
        if (cur && cur.rootTurnId === r.id && cur.status === 'inProgress') cur.status = 'interrupted' as ProtocolTurn['status'];
        if (p.type === 'task_complete') Object.assign(r, { status: 'completed', startedAt: p.started_at ?? null, completedAt: p.completed_at ?? null, durationMs: p.duration_ms ?? null });
        else Object.assign(r, { status: 'interrupted' });
        turns.push({ turn: r, ordinal });
        review = null;
        cur = null;
        continue;
      }
      if (l.type === 'response_item') continue;
    }
    if (l.type === 'event_msg' && p.type === 'task_started') {
      cur = { ...emptyTurn(String(p.turn_id ?? `turn-${turns.length}`), typeof p.started_at === 'number' ? p.started_at : null), itemsView: 'full' } as ProtocolTurn;
      if (typeof p.root_turn_id === 'string') cur.rootTurnId = p.root_turn_id;
      turns.push({ turn: cur, ordinal });
    } else if (!cur) {
      continue;
    } else if (l.type === 'response_item' && p.type === 'message') {
      const item = p as ResponseItem;
      if (p.role === 'user' && !isContextualMessage(item)) cur.items.push(userMessageItem(`${cur.id}-user-${n++}`, text(p.content), ms(l)));
      else if (p.role === 'assistant') cur.items.push(agentMessageItem(String(p.id ?? `${cur.id}-agent-${n++}`), text(p.content), ms(l), ms(l)));
    } else if (l.type === 'event_msg' && p.type === 'item_completed' && p.item?.type === 'CommandExecution') {
      cur.items.push(recordedCommandItem(p.item, ms(l)));
    } else if (l.type === 'event_msg' && p.type === 'task_complete') {
      Object.assign(cur, { status: 'completed', completedAt: p.completed_at ?? null, durationMs: p.duration_ms ?? null });
      cur = null;
    } else if (l.type === 'event_msg' && p.type === 'turn_aborted') {
      Object.assign(cur, { status: 'interrupted' });
      cur = null;
    }
  }
  return turns;
}

/** A session's turns (a fork's inherited turns first), oldest first. */
export async function readTurns(codexHome: string, file: string): Promise<ProtocolTurn[]> {
  return (await readPlacedTurns(codexHome, file)).map((t) => t.turn);
}

export async function readPlacedTurns(codexHome: string, file: string): Promise<PlacedTurn[]> {
  const { lines } = await loadThreadLines(codexHome, file);
  return placedTurns(lines as unknown as Line[]);
}

/**
 * thread/turns/list's cursor, in upstream's shape: the turn a page starts at (its rollout ordinal),
 * and whether that turn itself is on the page.
 */
export interface TurnsCursor {
  requestedThreadId: string;
  rolloutOrdinal: number;
  includeAnchor: boolean;
  scope: { kind: 'turns' };
}

export function encodeTurnsCursor(threadId: string, ordinal: number, includeAnchor: boolean): string {
  const c: TurnsCursor = { requestedThreadId: threadId, rolloutOrdinal: ordinal, includeAnchor, scope: { kind: 'turns' } };
  return JSON.stringify(c);
}

export function decodeTurnsCursor(text: string): TurnsCursor | null {
  try {
    const c = JSON.parse(text) as Partial<TurnsCursor>;
    return typeof c.rolloutOrdinal === 'number' && typeof c.includeAnchor === 'boolean' && c.scope?.kind === 'turns' ? (c as TurnsCursor) : null;
  } catch {
    return null;
  }
}

/** A page of turns from `turns` (oldest first), newest first unless `asc`, from the cursor's turn on. */
export function pageOfTurns(threadId: string, turns: PlacedTurn[], o: { asc: boolean; cursor: TurnsCursor | null; limit: number }) {
  const ordered = o.asc ? turns : [...turns].reverse();
  const c = o.cursor;
  const after = (t: PlacedTurn) => !c || (o.asc ? t.ordinal > c.rolloutOrdinal || (c.includeAnchor && t.ordinal === c.rolloutOrdinal) : t.ordinal < c.rolloutOrdinal || (c.includeAnchor && t.ordinal === c.rolloutOrdinal));
  const from = ordered.filter(after);
  const page = from.slice(0, o.limit);
  const next = from[o.limit];
  return {
    page,
    nextCursor: next ? encodeTurnsCursor(threadId, next.ordinal, true) : null,
    backwardsCursor: page.length ? encodeTurnsCursor(threadId, page[0].ordinal, true) : null,
  };
}
