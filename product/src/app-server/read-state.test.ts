import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ReadConflict, ReadStates, readStatePath } from './read-state.ts';

const homes: string[] = [];
afterEach(() => {
  for (const h of homes.splice(0)) rmSync(h, { recursive: true, force: true });
});

function setup() {
  const home = mkdtempSync(path.join(os.tmpdir(), 'csm-read-state-'));
  homes.push(home);
  let n = 0;
  return { home, states: new ReadStates(home, () => `rev-${++n}`) };
}

describe('thread read markers', () => {
  it('a thread nobody marked reads as read, at its initial revision', () => {
    const { states } = setup();
    expect(states.get('t1')).toEqual({ firstUnread: null, revision: 'initial:t1' });
  });

  it('a completed turn makes a read thread unread from that turn; later turns keep the first unread one', () => {
    const { states } = setup();
    expect(states.turnCompleted('t1', 'turn-a')).toEqual({ firstUnread: { type: 'turn', turnId: 'turn-a' }, revision: 'rev-1' });
    expect(states.turnCompleted('t1', 'turn-b')).toEqual({ firstUnread: { type: 'turn', turnId: 'turn-a' }, revision: 'rev-2' });
  });

  it('marking read or unread needs the revision the client saw; a stale one is a conflict carrying the current state', () => {
    const { states } = setup();
    const unread = states.turnCompleted('t1', 'turn-a');
    const read = states.update('t1', 'read', unread.revision);
    expect(read).toEqual({ firstUnread: null, revision: 'rev-2' });
    expect(states.update('t1', 'unread', read.revision)).toEqual({ firstUnread: { type: 'threadStart' }, revision: 'rev-3' });
    let conflict: unknown;
    try {
      states.update('t1', 'read', unread.revision);
    } catch (e) {
      conflict = e;
    }
    expect(conflict).toBeInstanceOf(ReadConflict);
    expect((conflict as ReadConflict).current).toEqual({ firstUnread: { type: 'threadStart' }, revision: 'rev-3' });
  });

  it('markers survive a restart (newest line per thread wins) and a torn line is skipped', () => {
    const { home, states } = setup();
    states.turnCompleted('t1', 'turn-a');
    states.update('t1', 'read', 'rev-1');
    states.turnCompleted('t2', 'turn-x');
    appendFileSync(readStatePath(home), '{"thread_id":"t1","firstUn');
    const again = new ReadStates(home);
    expect(again.get('t1')).toEqual({ firstUnread: null, revision: 'rev-2' });
    expect(again.get('t2')).toEqual({ firstUnread: { type: 'turn', turnId: 'turn-x' }, revision: 'rev-3' });
  });
});
