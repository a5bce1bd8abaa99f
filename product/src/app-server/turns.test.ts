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
