import { describe, expect, it } from 'vitest';
import { decodeTurnsCursor, encodeTurnsCursor, pageOfTurns, placedTurns } from './turns.ts';

const line = (ordinal: number, type: string, payload: Record<string, unknown>) => ({ ordinal, type, payload });
// Three turns starting at ordinals 1, 5 and 9.
const lines = [0, 1, 2].flatMap((k) => [
  line(1 + 4 * k, 'event_msg', { type: 'task_started', turn_id: `t${k}` }),
  line(2 + 4 * k, 'response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: `prompt ${k}` }] }),
  line(3 + 4 * k, 'response_item', { type: 'message', role: 'assistant', id: `msg_${k}`, content: [{ type: 'output_text', text: `answer ${k}` }] }),
  line(4 + 4 * k, 'event_msg', { type: 'task_complete', turn_id: `t${k}` }),
]);

describe('thread/turns/list pages', () => {
  const turns = placedTurns(lines);
  const ids = (p: ReturnType<typeof pageOfTurns>) => p.page.map((t) => t.turn.id);

  it('each turn is placed at the ordinal of its task_started line', () => {
    expect(turns.map((t) => [t.turn.id, t.ordinal])).toEqual([['t0', 1], ['t1', 5], ['t2', 9]]);
  });

  it('newest first by default, continued by nextCursor, and a cursor in upstream shape', () => {
    const first = pageOfTurns('th', turns, { asc: false, cursor: null, limit: 2 });
    expect(ids(first)).toEqual(['t2', 't1']);
    expect(first.nextCursor).toBe('{"requestedThreadId":"th","rolloutOrdinal":1,"includeAnchor":true,"scope":{"kind":"turns"}}');
    expect(ids(pageOfTurns('th', turns, { asc: false, cursor: decodeTurnsCursor(first.nextCursor!), limit: 2 }))).toEqual(['t0']);
  });

  it('a backwards cursor pages the other way from the page start, that turn included', () => {
    const back = pageOfTurns('th', turns, { asc: false, cursor: decodeTurnsCursor(encodeTurnsCursor('th', 5, true)), limit: 5 });
    expect(ids(back)).toEqual(['t1', 't0']);
    expect(ids(pageOfTurns('th', turns, { asc: true, cursor: decodeTurnsCursor(back.backwardsCursor!), limit: 5 }))).toEqual(['t1', 't2']);
    expect(ids(pageOfTurns('th', turns, { asc: true, cursor: decodeTurnsCursor(encodeTurnsCursor('th', 5, false)), limit: 5 }))).toEqual(['t2']);
  });

  it('anything else is no cursor', () => {
    expect(decodeTurnsCursor('3')).toBeNull();
    expect(decodeTurnsCursor('{"rolloutOrdinal":1}')).toBeNull();
  });
});

describe('a review read back from its thread’s rollout', () => {
  // The lines a review leaves in the reviewed thread's rollout (review turn R, the reviewer's turn V rooted in it).
  const output = { findings: [], overall_correctness: 'patch is correct', overall_explanation: 'Looks fine.', overall_confidence_score: 0.5 };
  const review = [
    line(1, 'event_msg', { type: 'item_completed', turn_id: 'R', item: { type: 'EnteredReviewMode', id: 'in', target: { type: 'uncommittedChanges' }, user_facing_hint: 'current changes' }, started_at_ms: 10, completed_at_ms: 11 }),
    line(2, 'event_msg', { type: 'task_started', turn_id: 'V', root_turn_id: 'R', started_at: 100 }),
    line(3, 'event_msg', { type: 'item_completed', thread_id: 'reviewer', turn_id: 'V', item: { type: 'UserMessage', id: 'ask', content: [{ type: 'text', text: 'Review the changes.' }] }, completed_at_ms: 12 }),
    line(4, 'response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: '<user_action>\n  <action>review</action>\n</user_action>' }] }),
    line(5, 'event_msg', { type: 'item_completed', turn_id: 'R', item: { type: 'ExitedReviewMode', id: 'out', review_output: output } }),
    line(6, 'response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Looks fine.' }] }),
    line(7, 'event_msg', { type: 'item_completed', turn_id: 'R', item: { type: 'AgentMessage', id: 'msg_answer', content: [{ type: 'Text', text: 'Looks fine.' }] } }),
    line(8, 'event_msg', { type: 'task_complete', turn_id: 'R', started_at: 99, completed_at: 101, duration_ms: 2000 }),
  ];
  const shape = (turns: ReturnType<typeof placedTurns>) =>
    turns.map(({ turn: t, ordinal }) => ({ id: t.id, root: t.rootTurnId, ordinal, status: t.status, items: t.items.map((i) => `${i.type}:${i.id}`), times: [t.startedAt, t.completedAt, t.durationMs] }));

  it("is the reviewer's turn (rooted in the review, never ended here), then the review's turn where it completed, framing its answer", () => {
    expect(shape(placedTurns([...lines.slice(0, 4), ...review.map((l) => ({ ...l, ordinal: l.ordinal + 4 }))]))).toEqual([
      { id: 't0', root: 't0', ordinal: 1, status: 'completed', items: ['userMessage:t0-user-0', 'agentMessage:msg_0'], times: [null, null, null] },
      { id: 'V', root: 'R', ordinal: 6, status: 'interrupted', items: ['userMessage:ask'], times: [100, null, null] },
      { id: 'R', root: 'R', ordinal: 12, status: 'completed', items: ['enteredReviewMode:in', 'exitedReviewMode:out', 'agentMessage:msg_answer'], times: [99, 101, 2000] },
    ]);
  });

  it('says what was reviewed and the review as people read it (upstream’s words when the reviewer gave none)', () => {
    const [, r] = placedTurns(review).map((t) => t.turn);
    expect(r.items.slice(0, 2)).toMatchObject([
      { type: 'enteredReviewMode', review: 'current changes', startedAtMs: 10, completedAtMs: 11 },
      { type: 'exitedReviewMode', review: 'Looks fine.' },
    ]);
    const failed = review.map((l) => (l.ordinal === 5 ? line(5, 'event_msg', { type: 'item_completed', turn_id: 'R', item: { type: 'ExitedReviewMode', id: 'out', review_output: null } }) : l));
    expect(placedTurns(failed)[1].turn.items[1]).toMatchObject({ type: 'exitedReviewMode', review: 'Reviewer failed to output a response.' });
  });
});
