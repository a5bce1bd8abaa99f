// Threads' read markers (the protocol's ThreadReadState): where a person stopped reading a thread,
// and a revision that changes with every change, so a client's "mark read" based on a stale view is
// refused. A completed turn makes a read thread unread from that turn on; a client marks a thread
// read, or unread from its start. Markers are the person's data, not the index's: they live in an
// append-only side file ($CODEX_HOME/csm/read-state.jsonl, newest line per thread wins) that
// survives an index rebuild and never touches the rollouts upstream reads.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import path from 'node:path';

export type UnreadPosition = { type: 'turn'; turnId: string } | { type: 'threadStart' };

export interface ReadState {
  firstUnread: UnreadPosition | null;
  revision: string;
}

export const readStatePath = (codexHome: string) => path.join(codexHome, 'csm', 'read-state.jsonl');

/** A thread nobody marked yet reads as read, at a revision named after it (as upstream's). */
export const initialReadState = (threadId: string): ReadState => ({ firstUnread: null, revision: `initial:${threadId}` });

function validPosition(v: unknown): v is UnreadPosition | null {
  if (v === null) return true;
  if (!v || typeof v !== 'object') return false;
  const p = v as Record<string, unknown>;
  return p.type === 'threadStart' || (p.type === 'turn' && typeof p.turnId === 'string');
}

export class ReadConflict extends Error {
  constructor(readonly current: ReadState) {
    super('read state changed');
  }
}

export class ReadStates {
  private states: Map<string, ReadState> | null = null;

  constructor(
    private readonly codexHome: string,
    private readonly newRevision: () => string = randomUUID,
  ) {}

  get(threadId: string): ReadState {
    return this.load().get(threadId) ?? initialReadState(threadId);
  }

  /** A turn completed: a read thread becomes unread from it; an unread one keeps its first unread turn. */
  turnCompleted(threadId: string, turnId: string): ReadState {
    return this.set(threadId, this.get(threadId).firstUnread ?? { type: 'turn', turnId });
  }

  /** A client marks the thread read or unread, having seen `expected`; anything newer is a conflict. */
  update(threadId: string, operation: 'read' | 'unread', expected: string): ReadState {
    const current = this.get(threadId);
    if (current.revision !== expected) throw new ReadConflict(current);
    return this.set(threadId, operation === 'read' ? null : { type: 'threadStart' });
  }

  private set(threadId: string, firstUnread: UnreadPosition | null): ReadState {
    const state = { firstUnread, revision: this.newRevision() };
    const file = readStatePath(this.codexHome);
    mkdirSync(path.dirname(file), { recursive: true });
    appendFileSync(file, JSON.stringify({ thread_id: threadId, ...state, updated_at: new Date().toISOString() }) + '\n');
    this.load().set(threadId, state);
    return state;
  }

  private load(): Map<string, ReadState> {
    if (this.states) return this.states;
    const states = new Map<string, ReadState>();
    const file = readStatePath(this.codexHome);
    if (existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          const v = JSON.parse(line) as Record<string, unknown>;
          if (typeof v.thread_id === 'string' && typeof v.revision === 'string' && validPosition(v.firstUnread)) states.set(v.thread_id, { firstUnread: v.firstUnread, revision: v.revision });
        } catch {
          // a torn line (a crash mid-append): skipped, the rest still counts
        }
      }
    }
    return (this.states = states);
  }
}
