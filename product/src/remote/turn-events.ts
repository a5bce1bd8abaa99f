// An app-server's notifications about one thread, turned into the thread events csm's TUI renders
// for a local Thread (core/protocol/thread-events.ts): items started and completed, the turn's end
// and its usage. Pure bookkeeping, no I/O: RemoteThread feeds it what the connection delivers.
import type { ThreadEvent, ThreadItem } from '../core/protocol/thread-events.ts';
import { ZERO_USAGE, type Usage } from '../core/model/usage.ts';
import type { ProtocolItem, ProtocolTurn } from '../app-server/protocol.ts';
import type { ThreadTokenUsage } from '../../protocol/app-server/ts/v2/ThreadTokenUsage.ts';
import type { TokenUsageBreakdown } from '../../protocol/app-server/ts/v2/TokenUsageBreakdown.ts';

/** `/bin/bash -lc 'cmd'` (how an app-server reports a shell command) → `cmd`, as the model wrote it. */
export function unwrapShell(command: string): string {
  const m = /^(?:\/(?:usr\/)?bin\/)?(?:ba|z)?sh -lc (.*)$/s.exec(command);
  if (!m) return command;
  const arg = m[1];
  // One single-quoted word, with '\'' for a quote inside.
  if (/^'(?:[^']|'\\'')*'$/s.test(arg)) return arg.slice(1, -1).replaceAll(`'\\''`, `'`);
  return /^\S+$/.test(arg) ? arg : command;
}

export function usageOf(b: TokenUsageBreakdown): Usage {
  return { input_tokens: b.inputTokens, cached_input_tokens: b.cachedInputTokens, cache_write_input_tokens: b.cacheWriteInputTokens, output_tokens: b.outputTokens, reasoning_output_tokens: b.reasoningOutputTokens };
}

function minus(a: Usage, b: Usage): Usage {
  return {
    input_tokens: a.input_tokens - b.input_tokens,
    cached_input_tokens: a.cached_input_tokens - b.cached_input_tokens,
    cache_write_input_tokens: a.cache_write_input_tokens - b.cache_write_input_tokens,
    output_tokens: a.output_tokens - b.output_tokens,
    reasoning_output_tokens: a.reasoning_output_tokens - b.reasoning_output_tokens,
  };
}

const STATUS = { inProgress: 'in_progress', completed: 'completed', failed: 'failed', declined: 'declined' } as const;

/** A protocol item as a thread item, or null for items the TUI draws otherwise (the user's own message) or not at all. */
export function threadItem(item: ProtocolItem): ThreadItem | null {
  switch (item.type) {
    case 'agentMessage':
      return { id: item.id, type: 'agent_message', text: item.text };
    case 'reasoning':
      return { id: item.id, type: 'reasoning', text: [...item.summary].join('\n\n') };
    case 'commandExecution':
      return { id: item.id, type: 'command_execution', command: unwrapShell(item.command), aggregated_output: item.aggregatedOutput ?? '', exit_code: item.exitCode, status: STATUS[item.status] };
    case 'fileChange': {
      const status = item.status === 'declined' ? 'failed' : STATUS[item.status];
      return { id: item.id, type: 'file_change', changes: item.changes.map((c) => ({ path: c.path, kind: c.kind.type })), status };
    }
    case 'mcpToolCall':
      return {
        id: item.id,
        type: 'mcp_tool_call',
        server: item.server,
        tool: item.tool,
        arguments: item.arguments,
        result: item.result ? { content: item.result.content as Record<string, unknown>[], structured_content: item.result.structuredContent ?? null } : null,
        error: item.error ? { message: item.error.message } : null,
        status: STATUS[item.status],
      };
    default:
      return null;
  }
}

export interface TurnEnd {
  ok: boolean;
  error?: string;
  lastAgentMessage: string | null;
  usage: Usage;
}

/**
 * One thread's notifications → thread events, turn by turn. The usage a turn reports is what the
 * thread's total grew by while it ran; the context in use is the last request's size.
 */
export class RemoteTurnEvents {
  /** the thread's usage as the server last reported it */
  total: Usage = ZERO_USAGE;
  contextUsed = 0;
  contextWindow: number | null = null;
  private atTurnStart: Usage = ZERO_USAGE;
  private lastAgentMessage: string | null = null;

  constructor(readonly threadId: string) {}

  /** A new turn begins (its usage counts from here). */
  startTurn(): void {
    this.atTurnStart = this.total;
    this.lastAgentMessage = null;
  }

  /**
   * The events one notification means for the thread's TUI, and the turn's end when it ended.
   * Notifications about other threads (an ephemeral title thread, say) mean nothing here.
   */
  onNotification(method: string, params: Record<string, any>): { events: ThreadEvent[]; end?: TurnEnd } {
    if (params.threadId !== undefined && params.threadId !== this.threadId) return { events: [] };
    switch (method) {
      case 'turn/started':
        return { events: [{ type: 'turn.started' }] };
      case 'item/started':
      case 'item/completed': {
        const item = threadItem(params.item as ProtocolItem);
        if (!item) return { events: [] };
        // An answer streams as deltas; its item is news only once complete.
        if (method === 'item/started' && item.type === 'agent_message') return { events: [] };
        if (item.type === 'agent_message') this.lastAgentMessage = item.text;
        return { events: [{ type: method === 'item/started' ? 'item.started' : 'item.completed', item }] };
      }
      case 'thread/tokenUsage/updated': {
        const u = params.tokenUsage as ThreadTokenUsage;
        this.total = usageOf(u.total);
        this.contextUsed = u.last.totalTokens;
        this.contextWindow = u.modelContextWindow;
        return { events: [] };
      }
      case 'error':
        // A retried failure is news; the final one ends the turn (turn/completed says how).
        return params.willRetry ? { events: [{ type: 'error', message: String(params.error?.message ?? 'error') }] } : { events: [] };
      case 'turn/completed': {
        const turn = params.turn as ProtocolTurn;
        const usage = minus(this.total, this.atTurnStart);
        const end = (ok: boolean, error?: string): TurnEnd => ({ ok, ...(error ? { error } : {}), lastAgentMessage: this.lastAgentMessage, usage });
        if (turn.status === 'completed') return { events: [{ type: 'turn.completed', usage }], end: end(true) };
        if (turn.status === 'interrupted') return { events: [], end: end(false, 'interrupted') };
        const message = turn.error?.message ?? 'the turn failed';
        return { events: [{ type: 'turn.failed', error: { message } }], end: end(false, message) };
      }
      default:
        return { events: [] };
    }
  }
}
