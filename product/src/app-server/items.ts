// thread/items/list: a thread's items one by one, as its rollout recorded them (its item_completed
// lines: prompts, answers, reasoning, commands), placed by the line's rollout ordinal; pages go by
// that ordinal either way, with cursors in upstream's shape.
import { loadThreadLines } from '../core/rollout/thread.ts';
import type { ProtocolItem } from './protocol.ts';
import { agentMessageItem, placedTurns, recordedCommandItem, recordedReviewModeItem, userMessageItem, type PlacedTurn } from './turns.ts';

type Line = { type: string; payload: any; timestamp?: string; ordinal?: number };

export interface PlacedItem {
  turnId: string;
  ordinal: number;
  item: ProtocolItem;
  startedAtMs: number | null;
  completedAtMs: number | null;
}

const texts = (content: unknown, type: string) => (Array.isArray(content) ? content.filter((c: any) => c?.type === type && typeof c.text === 'string').map((c: any) => c.text as string) : []);

/** The protocol item of a recorded core item (null: a kind csm does not list). */
function protocolItem(i: Record<string, any>, started: number | null, completed: number | null): ProtocolItem | null {
  const id = String(i.id ?? '');
  switch (i.type) {
    case 'UserMessage':
      return userMessageItem(id, texts(i.content, 'text').join(''), completed, typeof i.client_id === 'string' ? i.client_id : null);
    case 'AgentMessage':
      return agentMessageItem(id, texts(i.content, 'Text').join(''), started, completed);
    case 'Reasoning':
      return { type: 'reasoning', id, summary: Array.isArray(i.summary_text) ? i.summary_text : [], content: Array.isArray(i.raw_content) ? i.raw_content : [] } as ProtocolItem;
    case 'CommandExecution':
      return recordedCommandItem(i, completed);
    case 'EnteredReviewMode':
    case 'ExitedReviewMode':
      return recordedReviewModeItem(i, started, completed);
    default:
      return null;
  }
}

export function placedItems(lines: readonly Line[]): PlacedItem[] {
  const out: PlacedItem[] = [];
  for (const [index, l] of lines.entries()) {
    const p = l.payload ?? {};
    if (l.type !== 'event_msg' || p.type !== 'item_completed' || !p.item) continue;
    const at = l.timestamp ? Date.parse(l.timestamp) : null;
    const started = typeof p.started_at_ms === 'number' ? p.started_at_ms : at;
    const completed = typeof p.completed_at_ms === 'number' ? p.completed_at_ms : at;
    const item = protocolItem(p.item, started, completed);
    if (item) out.push({ turnId: String(p.turn_id ?? ''), ordinal: typeof l.ordinal === 'number' ? l.ordinal : index, item, startedAtMs: started, completedAtMs: completed });
  }
  return out;
}

export async function readPlacedItems(codexHome: string, file: string): Promise<PlacedItem[]> {
  const { lines } = await loadThreadLines(codexHome, file);
  return placedItems(lines as unknown as Line[]);
}

/** A thread's turns and items from one read of its rollout (thread/resume needs both). */
export async function readHistory(codexHome: string, file: string): Promise<{ turns: PlacedTurn[]; items: PlacedItem[] }> {
  const { lines } = await loadThreadLines(codexHome, file);
  return { turns: placedTurns(lines as unknown as Line[]), items: placedItems(lines as unknown as Line[]) };
}

export interface ItemsCursor {
  requestedThreadId: string;
  rolloutOrdinal: number;
  includeAnchor: boolean;
  scope: { kind: 'itemsByCreatedAtOrdinal' };
}

export function encodeItemsCursor(threadId: string, ordinal: number, includeAnchor: boolean): string {
  const c: ItemsCursor = { requestedThreadId: threadId, rolloutOrdinal: ordinal, includeAnchor, scope: { kind: 'itemsByCreatedAtOrdinal' } };
  return JSON.stringify(c);
}

export function decodeItemsCursor(text: string): ItemsCursor | null {
  try {
    const c = JSON.parse(text) as Partial<ItemsCursor>;
    return typeof c.rolloutOrdinal === 'number' && typeof c.includeAnchor === 'boolean' && c.scope?.kind === 'itemsByCreatedAtOrdinal' ? (c as ItemsCursor) : null;
  } catch {
    return null;
  }
}

/**
 * A page of items, oldest first unless not `asc`, from a cursor (its item included when it says so)
 * or after/before an item of the turn (`anchor`, exclusive).
 */
export function pageOfItems(threadId: string, all: PlacedItem[], o: { asc: boolean; limit: number; turnId?: string | null; cursor?: ItemsCursor | null; anchor?: string | null }) {
  const inTurn = o.turnId ? all.filter((i) => i.turnId === o.turnId) : all;
  let ordered = o.asc ? inTurn : [...inTurn].reverse();
  if (o.anchor) {
    const k = ordered.findIndex((i) => i.item.id === o.anchor);
    ordered = k < 0 ? [] : ordered.slice(k + 1);
  }
  const c = o.cursor;
  if (c) ordered = ordered.filter((i) => (o.asc ? i.ordinal > c.rolloutOrdinal : i.ordinal < c.rolloutOrdinal) || (c.includeAnchor && i.ordinal === c.rolloutOrdinal));
  const page = ordered.slice(0, o.limit);
  const next = ordered[o.limit];
  return {
    data: page.map((i) => ({ turnId: i.turnId, item: i.item, startedAtMs: i.startedAtMs, completedAtMs: i.completedAtMs })),
    nextCursor: next ? encodeItemsCursor(threadId, next.ordinal, true) : null,
    backwardsCursor: page.length ? encodeItemsCursor(threadId, page[0].ordinal, true) : null,
  };
}
