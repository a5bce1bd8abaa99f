// The approval modal: a tool call waits for the person's answer. Its keys: ↑/↓ move, Enter picks,
// a letter picks its option, Esc or Ctrl-C denies. Answering is what closes it.
import type { Key } from '../screen/keys.ts';
import { routed, type Routed } from '../input/effects.ts';
import { APPROVAL_OPTIONS, type ChatState } from '../state.ts';
import { mcpApprovalKey } from '../mcp-approval.ts';

export function approvalKey(s: ChatState, k: Key): Routed {
  const approval = s.approval!;
  if (approval.request.mcp) return mcpApprovalKey(approval.choice, k);
  const answer = (decision: (typeof APPROVAL_OPTIONS)[number]['decision']) => routed([], [{ kind: 'answer', decision }]);
  switch (k.kind) {
    case 'up':
    case 'down':
      return routed([{ type: 'approval-move', delta: k.kind === 'up' ? -1 : 1 }]);
    case 'enter':
      return answer(APPROVAL_OPTIONS[approval.choice].decision);
    case 'escape':
    case 'ctrl-c':
      return answer('deny');
    case 'text': {
      const opt = APPROVAL_OPTIONS.find((o) => o.letters.includes(k.text.toLowerCase()));
      return opt ? answer(opt.decision) : routed();
    }
    default:
      // A modal: nothing else gets through.
      return routed();
  }
}
