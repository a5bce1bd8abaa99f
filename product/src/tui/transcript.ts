// A resumed thread's earlier conversation as history cells: what the person said and what the agent
// answered (context messages, reasoning and tool plumbing are not shown again).
import type { ResponseItem } from '../core/agent/items.ts';
import { messageText } from '../core/agent/items.ts';
import { isContextualMessage } from '../core/rollout/reconstruct.ts';
import type { HistoryCell } from './state.ts';

export function historyCells(items: ResponseItem[], max = 40): HistoryCell[] {
  const cells: HistoryCell[] = [];
  for (const item of items) {
    if (item.type !== 'message') continue;
    if (item.role === 'user' && !isContextualMessage(item as never)) cells.push({ kind: 'user', text: messageText(item) });
    else if (item.role === 'assistant') {
      const text = messageText(item);
      if (text.trim()) cells.push({ kind: 'agent', text });
    }
  }
  return cells.slice(-max);
}
