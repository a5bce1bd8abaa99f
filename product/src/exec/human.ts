// exec's human output: the header and transcript go to stderr, only the final message to stdout.
import type { ThreadEvent } from '../core/protocol/thread-events.ts';

export interface Out {
  err(text: string): void;
  out(text: string): void;
}

export interface HeaderInfo {
  version: string;
  workdir: string;
  model: string;
  provider: string;
  approval: string;
  sandbox: string;
  reasoningEffort: string;
  reasoningSummaries: string;
  sessionId: string;
}

export function printHeader(o: Out, h: HeaderInfo): void {
  o.err(
    [
      `csm v${h.version}`,
      '--------',
      `workdir: ${h.workdir}`,
      `model: ${h.model}`,
      `provider: ${h.provider}`,
      `approval: ${h.approval}`,
      `sandbox: ${h.sandbox}`,
      `reasoning effort: ${h.reasoningEffort}`,
      `reasoning summaries: ${h.reasoningSummaries}`,
      `session id: ${h.sessionId}`,
      '--------',
      '',
    ].join('\n'),
  );
}

export function printUserPrompt(o: Out, prompt: string): void {
  o.err(`user\n${prompt}\n`);
}

/** Renders one thread event; returns nothing, writes to stderr as the transcript grows. */
/** 1234567 → "1,234,567" (as en-US formats it, without loading ICU's number formatting: ~70 ms). */
export function thousands(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function renderHuman(o: Out, ev: ThreadEvent, state: { cwd: string; startedAt: Map<string, number>; totalTokens: () => number }): void {
  switch (ev.type) {
    case 'item.started':
      if (ev.item.type === 'command_execution') {
        state.startedAt.set(ev.item.id, performance.now());
        o.err(`exec\n${ev.item.command} in ${state.cwd}\n`);
      } else if (ev.item.type === 'mcp_tool_call') o.err(`mcp: ${ev.item.server}/${ev.item.tool} started\n`);
      break;
    case 'item.completed': {
      const item = ev.item;
      if (item.type === 'agent_message') o.err(`codex\n${item.text}\n`);
      else if (item.type === 'reasoning') o.err(`thinking\n${item.text}\n`);
      else if (item.type === 'command_execution') {
        const ms = Math.round(performance.now() - (state.startedAt.get(item.id) ?? performance.now()));
        const verdict = item.exit_code === 0 ? 'succeeded' : `exited ${item.exit_code ?? -1}`;
        o.err(` ${verdict} in ${ms}ms:\n${item.aggregated_output}${item.aggregated_output.endsWith('\n') || !item.aggregated_output ? '' : '\n'}\n`);
      } else if (item.type === 'file_change') {
        const mark = { add: 'A', delete: 'D', update: 'M' } as const;
        o.err(`apply_patch ${item.status === 'completed' ? 'succeeded' : 'failed'}:\n${item.changes.map((c) => `${mark[c.kind]} ${c.path}`).join('\n')}\n`);
      } else if (item.type === 'mcp_tool_call') {
        // A call that never got a result (timeout, crash, refused) is followed by why, as upstream prints it.
        o.err(`mcp: ${item.server}/${item.tool} (${item.status === 'completed' ? 'completed' : 'failed'})\n${item.error ? `${item.error.message}\n` : ''}`);
      }
      else if (item.type === 'error') o.err(`ERROR: ${item.message}\n`);
      break;
    }
    case 'error':
      // Upstream's transcript shows a reconnect notice without the reason --json gives in parentheses.
      o.err(`ERROR: ${ev.message.startsWith('Reconnecting... ') ? ev.message.replace(/ \(.*\)$/s, '') : ev.message}\n`);
      break;
    case 'turn.failed':
      o.err(`ERROR: ${ev.error.message}\n`);
      break;
    case 'context.compacted':
      o.err('context compacted\n');
      break;
    case 'turn.completed':
      o.err(`tokens used\n${thousands(state.totalTokens())}\n`);
      break;
  }
}
