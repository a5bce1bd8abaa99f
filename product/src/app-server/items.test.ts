import { describe, expect, it } from 'vitest';
import { decodeItemsCursor, pageOfItems, placedItems } from './items.ts';

const done = (ordinal: number, turn: string, item: Record<string, unknown>) => ({ ordinal, type: 'event_msg', timestamp: '2026-11-01T00:00:00.000Z', payload: { type: 'item_completed', turn_id: turn, item } });
const lines = [
  { ordinal: 0, type: 'session_meta', payload: {} },
  done(3, 'a', { type: 'UserMessage', id: 'u1', content: [{ type: 'text', text: 'hi', text_elements: [] }] }),
  done(5, 'a', { type: 'Reasoning', id: 'rs1', summary_text: ['thinking'], raw_content: [] }),
  done(7, 'a', { type: 'AgentMessage', id: 'msg1', content: [{ type: 'Text', text: 'hello' }] }),
  done(9, 'b', { type: 'UserMessage', id: 'u2', content: [{ type: 'text', text: 'again', text_elements: [] }] }),
  done(11, 'b', { type: 'CommandExecution', id: 'call_1', command: ['/bin/bash', '-lc', 'ls'], status: 'completed', aggregated_output: 'x\n', exit_code: 0, duration_ms: 3 }),
  done(12, 'b', { type: 'SomethingNew', id: 'z' }),
];

describe('thread/items/list', () => {
  const items = placedItems(lines);
  const ids = (p: ReturnType<typeof pageOfItems>) => p.data.map((e) => e.item.id);

  it("lists the recorded items at their lines' ordinals, as the protocol's items (kinds csm does not know left out)", () => {
    expect(items.map((i) => [i.item.type, i.item.id, i.ordinal, i.turnId])).toEqual([
      ['userMessage', 'u1', 3, 'a'],
      ['reasoning', 'rs1', 5, 'a'],
      ['agentMessage', 'msg1', 7, 'a'],
      ['userMessage', 'u2', 9, 'b'],
      ['commandExecution', 'call_1', 11, 'b'],
    ]);
    expect(items[2].item).toMatchObject({ text: 'hello' });
  });

  it('pages oldest first by default, newest first on request, from a cursor (anchor included) or after an item of a turn', () => {
    const first = pageOfItems('th', items, { asc: true, limit: 2 });
    expect(ids(first)).toEqual(['u1', 'rs1']);
    expect(first.nextCursor).toBe('{"requestedThreadId":"th","rolloutOrdinal":7,"includeAnchor":true,"scope":{"kind":"itemsByCreatedAtOrdinal"}}');
    expect(ids(pageOfItems('th', items, { asc: true, limit: 10, cursor: decodeItemsCursor(first.nextCursor!) }))).toEqual(['msg1', 'u2', 'call_1']);
    expect(ids(pageOfItems('th', items, { asc: false, limit: 2 }))).toEqual(['call_1', 'u2']);
    expect(ids(pageOfItems('th', items, { asc: true, limit: 10, turnId: 'a', anchor: 'u1' }))).toEqual(['rs1', 'msg1']);
    expect(ids(pageOfItems('th', items, { asc: false, limit: 10, turnId: 'a', anchor: 'msg1' }))).toEqual(['rs1', 'u1']);
  });
});

describe('a review’s items', () => {
  it('are listed in the review’s turn: what is reviewed, then the review as people read it', () => {
    const review = [
      done(1, 'R', { type: 'EnteredReviewMode', id: 'in', target: { type: 'custom', instructions: 'check it' }, user_facing_hint: 'check it' }),
      done(3, 'V', { type: 'UserMessage', id: 'ask', content: [{ type: 'text', text: 'check it', text_elements: [] }] }),
      done(5, 'R', { type: 'ExitedReviewMode', id: 'out', review_output: null }),
    ];
    expect(placedItems(review).map((i) => [i.turnId, i.item.type, (i.item as { review?: string }).review ?? null])).toEqual([
      ['R', 'enteredReviewMode', 'check it'],
      ['V', 'userMessage', null],
      ['R', 'exitedReviewMode', 'Reviewer failed to output a response.'],
    ]);
  });
});
