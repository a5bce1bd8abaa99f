// The events core emits while a thread runs. They are exactly `codex exec --json`'s JSONL events, so
// the exec JSON client prints them as they are and the human client renders the same stream.
import * as z from 'zod';
import { usageSchema } from '../model/usage.ts';

const base = { id: z.string() };

export const threadItemSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('agent_message'), text: z.string() }),
  z.object({ ...base, type: z.literal('reasoning'), text: z.string() }),
  z.object({
    ...base,
    type: z.literal('command_execution'),
    command: z.string(),
    aggregated_output: z.string(),
    exit_code: z.number().nullable(),
    status: z.enum(['in_progress', 'completed', 'failed', 'declined']),
  }),
  z.object({
    ...base,
    type: z.literal('file_change'),
    changes: z.array(z.object({ path: z.string(), kind: z.enum(['add', 'delete', 'update']) })),
    status: z.enum(['in_progress', 'completed', 'failed']),
  }),
  z.object({
    ...base,
    type: z.literal('todo_list'),
    items: z.array(z.object({ text: z.string(), completed: z.boolean() })),
  }),
  z.object({
    ...base,
    type: z.literal('mcp_tool_call'),
    server: z.string(),
    tool: z.string(),
    arguments: z.unknown(),
    result: z.object({ content: z.array(z.record(z.string(), z.unknown())), structured_content: z.unknown() }).nullable(),
    error: z.object({ message: z.string() }).nullable(),
    status: z.enum(['in_progress', 'completed', 'failed']),
  }),
  z.object({ ...base, type: z.literal('error'), message: z.string() }),
]);
export type ThreadItem = z.infer<typeof threadItemSchema>;

export const threadEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('thread.started'), thread_id: z.string() }),
  z.object({ type: z.literal('turn.started') }),
  z.object({ type: z.literal('item.started'), item: threadItemSchema }),
  z.object({ type: z.literal('item.updated'), item: threadItemSchema }),
  z.object({ type: z.literal('item.completed'), item: threadItemSchema }),
  z.object({ type: z.literal('turn.completed'), usage: usageSchema }),
  z.object({ type: z.literal('turn.failed'), error: z.object({ message: z.string() }) }),
  z.object({ type: z.literal('error'), message: z.string() }),
  /**
   * The history was compacted (see core/agent/compact.ts). Not one of exec --json's events: upstream
   * prints nothing for it there, so the JSON client skips it; exec's transcript and the TUI show it.
   */
  z.object({ type: z.literal('context.compacted') }),
]);
export type ThreadEvent = z.infer<typeof threadEventSchema>;
