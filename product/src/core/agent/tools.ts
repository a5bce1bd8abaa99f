// How the agent loop talks to tools: each tool call item from the model becomes one output item for
// the next request, and tools report progress to the UI as thread events.
import type { ThreadEvent } from '../protocol/thread-events.ts';
import type { ResponseItem } from './items.ts';

/** A question for the person before a tool call runs (the TUI shows it as a modal). */
export interface ApprovalRequest {
  kind: 'command';
  /** the command as the model wrote it */
  command: string;
  cwd: string;
  /** the model's justification, when it gave one */
  reason: string | null;
  /** what "don't ask again for commands that start with …" would save: the model's prefix_rule, or the command's words */
  prefix?: string[];
  /** an MCP tool call rather than a command (`command` then names it): asked as upstream asks for those */
  mcp?: { server: string; tool: string; arguments: Record<string, unknown> };
}

/** deny: the call does not run and the model is told so. */
export type ApprovalDecision = 'approve' | 'approve-for-session' | 'deny';

export interface ToolContext {
  cwd: string;
  /** Asks the person; absent when nobody can answer (exec), where the approval policy decides alone. */
  requestApproval?(req: ApprovalRequest): Promise<ApprovalDecision>;
  emit(event: ThreadEvent): void;
  /** Records an event_msg line in the rollout (e.g. item_completed for a command). */
  record(payload: Record<string, unknown>): void;
  nextItemId(): string;
  signal?: AbortSignal;
  /**
   * Tells the model something the harness did for it (a command prefix the person allowed for
   * good): a developer message before the turn's next request, recorded with its world_state patch.
   */
  noteForModel?(note: ModelNote): void;
}

export interface ModelNote {
  text: string;
  /** what changed in the world state the model has been shown (a JSON merge patch) */
  worldState: Record<string, unknown>;
}

export interface ToolRouter {
  /** Tool definitions advertised in the request's `tools`. */
  specs(): Record<string, unknown>[];
  /** Runs one call (function_call or custom_tool_call) and returns its *_output item. */
  handle(call: ResponseItem, ctx: ToolContext): Promise<ResponseItem>;
  close?(): void;
  /** Commands still running after their call returned (background terminals), oldest first. */
  background?(): Array<{ id: number; command: readonly string[] }>;
  /** Ends every background terminal. */
  stopBackground?(): Promise<void>;
}

export function isToolCall(item: ResponseItem): boolean {
  return item.type === 'function_call' || item.type === 'custom_tool_call' || (item.type === 'tool_search_call' && item.execution === 'client');
}

export function outputFor(call: ResponseItem, output: string): ResponseItem {
  return call.type === 'custom_tool_call'
    ? { type: 'custom_tool_call_output', call_id: call.call_id, output }
    : { type: 'function_call_output', call_id: call.call_id, output };
}
