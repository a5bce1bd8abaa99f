// `review` / `exec review` on top of exec's turn: the reviewer's work (its commands, its raw JSON
// answer) stays out of sight, as codex runs it in a sub-agent; people see the request's one-line
// hint and, at the end, the findings rendered as one agent message.
import type { ThreadEvent } from '../core/protocol/thread-events.ts';
import { parseReviewOutput, renderReview } from '../core/review/output.ts';
import type { TurnResult } from '../core/agent/thread.ts';
import { ZERO_USAGE } from '../core/model/usage.ts';

export type { ReviewRequest } from '../core/review/target.ts';

/** The tools a reviewer gets: reading and running commands, nothing that plans or searches the web. */
export const REVIEW_TOOLS = ['exec_command', 'write_stdin', 'request_user_input', 'apply_patch', 'view_image'];

const PASSED = new Set<ThreadEvent['type']>(['thread.started', 'turn.started', 'turn.failed', 'error']);

export function reviewEvents(o: { json: boolean }) {
  let items = 0;
  return {
    /** What of the reviewer's own stream people see: the thread and turn starting, errors. */
    pass(ev: ThreadEvent): ThreadEvent[] {
      return PASSED.has(ev.type) ? [ev] : [];
    },
    /**
     * The rendered review as the turn's one agent message, and the final text (for stdout and -o).
     * The turn's usage is codex's parent thread's, which spends nothing itself: zero.
     */
    finish(result: TurnResult): { events: ThreadEvent[]; text: string | null } {
      if (!result.ok) return { events: [], text: null };
      const text = renderReview(parseReviewOutput(result.lastAgentMessage ?? ''));
      const events: ThreadEvent[] = [{ type: 'item.completed', item: { id: `item_${items++}`, type: 'agent_message', text } }];
      if (o.json) events.push({ type: 'turn.completed', usage: ZERO_USAGE });
      return { events, text };
    },
  };
}
