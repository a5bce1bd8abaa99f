// review/start in the protocol's terms: the target a client names, checked as upstream checks it
// and turned into core/review's, and the items and turns a review shows to clients. A review runs
// inline on the thread it names: one turn of that thread, framed by enteredReviewMode and
// exitedReviewMode items, whose reviewer works in a thread of its own (server.ts drives it).
import type { ReviewTarget } from '../core/review/target.ts';
import type { ReviewTarget as ProtocolReviewTarget } from '../../protocol/app-server/ts/v2/ReviewTarget.ts';
import type { ProtocolItem, ProtocolTurn } from './protocol.ts';
import { emptyTurn, userMessageItem } from './turns.ts';

/** What the thread says when the reviewer gave no review (it failed or was stopped), in upstream's words. */
export const REVIEW_NOT_FINISHED = 'Review was interrupted. Please re-run /review and wait for it to complete.';

/** The target a client named as core/review's, or the reason it is refused (upstream's words: a blank field). */
export function reviewTargetOf(t: ProtocolReviewTarget): ReviewTarget | { error: string } {
  switch (t.type) {
    case 'uncommittedChanges':
      return { type: 'uncommittedChanges' };
    case 'baseBranch':
      return t.branch.trim() ? { type: 'baseBranch', branch: t.branch.trim() } : { error: 'branch must not be empty' };
    case 'commit': {
      if (!t.sha.trim()) return { error: 'sha must not be empty' };
      const title = t.title?.trim();
      return { type: 'commit', sha: t.sha.trim(), ...(title ? { title } : {}) };
    }
    case 'custom':
      return t.instructions.trim() ? { type: 'custom', instructions: t.instructions } : { error: 'instructions must not be empty' };
  }
}

/** The item that opens a review (its text: what is reviewed) or closes it (its text: the review as people read it). */
export function reviewModeItem(type: 'enteredReviewMode' | 'exitedReviewMode', id: string, review: string, startedAtMs: number, completedAtMs: number | null): ProtocolItem {
  return { type, id, review, startedAtMs, completedAtMs } as ProtocolItem;
}

/**
 * The turn review/start answers with, as upstream's: not started yet, with no root, holding one user
 * message that says what is reviewed (the turn's own id is the message's).
 */
export function reviewStartTurn(turnId: string, hint: string): ProtocolTurn {
  return { ...emptyTurn(turnId, null), rootTurnId: null, items: [userMessageItem(turnId, hint, null)] } as ProtocolTurn;
}
