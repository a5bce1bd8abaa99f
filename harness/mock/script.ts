// The mock model's script: what it answers, turn by turn, and which faults it injects first.
// Embedded in YAML scenario files, so keys are snake_case and every error names its path.
import * as z from 'zod';

const OUTPUT_KINDS = ['reasoning', 'text', 'exec_command', 'function_call', 'apply_patch', 'tool_search'] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];

/** Arguments of upstream's `exec_command` tool; strict so a typo such as `yeild_time_ms` is caught. */
const execCommandSchema = z.strictObject({
  cmd: z.string().min(1, 'exec_command needs a non-empty cmd'),
  workdir: z.string().optional(),
  yield_time_ms: z.number().int().nonnegative().optional(),
  max_output_tokens: z.number().int().positive().optional(),
  shell: z.string().optional(),
  login: z.boolean().optional(),
  tty: z.boolean().optional(),
  sandbox_permissions: z.enum(['use_default', 'require_escalated']).optional(),
  justification: z.string().optional(),
  prefix_rule: z.array(z.string()).optional(),
});

const functionCallSchema = z.strictObject({
  name: z.string().min(1, 'function_call needs a name'),
  /** The tool's namespace, as the model names an MCP tool (e.g. `mcp__files__`). */
  namespace: z.string().min(1).optional(),
  /** An object is sent as its JSON; a string is sent verbatim (e.g. to script malformed arguments). */
  arguments: z.union([z.record(z.string(), z.unknown()), z.string()], {
    error: 'function_call.arguments must be an object or a JSON string',
  }),
});

/** A client-executed `tool_search_call` (how the model loads deferred tools, e.g. MCP servers' tools). */
const toolSearchSchema = z.strictObject({
  query: z.string().min(1, 'tool_search needs a query'),
  limit: z.number().int().positive().optional(),
});

// One strict object with optional keys (not a union) so a wrong type is reported at its own path
// and an unknown key as "Unrecognized key", instead of zod's opaque "Invalid input" for unions.
export const outputItemSchema = z
  .strictObject({
    reasoning: z.string().optional(),
    text: z.string().optional(),
    exec_command: execCommandSchema.optional(),
    function_call: functionCallSchema.optional(),
    apply_patch: z.string().optional(),
    tool_search: toolSearchSchema.optional(),
  })
  .superRefine((item, ctx) => {
    const keys = OUTPUT_KINDS.filter((k) => item[k] !== undefined);
    if (keys.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `an output item needs exactly one of ${OUTPUT_KINDS.join(', ')}; got ${keys.length ? keys.join(' and ') : 'none'}`,
      });
    }
  });

export const faultSchema = z
  .strictObject({
    status: z.number().int().min(400, 'fault status must be 400..599').max(599, 'fault status must be 400..599').optional(),
    /** Seconds, sent as the `retry-after` header. */
    retry_after: z.number().nonnegative().optional(),
    message: z.string().optional(),
    type: z.string().optional(),
    code: z.string().optional(),
    stream: z.enum(['malformed', 'drop', 'no_completed']).optional(),
  })
  .superRefine((f, ctx) => {
    if ((f.status === undefined) === (f.stream === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'a fault needs exactly one of status (an HTTP error) or stream (malformed, drop, no_completed)' });
    }
    if (f.stream !== undefined) {
      for (const k of ['retry_after', 'message', 'type', 'code'] as const) {
        if (f[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: `${k} only applies to status faults` });
      }
    }
  });

const usageSchema = z.strictObject({
  input_tokens: z.number().int().nonnegative().default(120),
  cached_input_tokens: z.number().int().nonnegative().default(0),
  output_tokens: z.number().int().nonnegative().default(12),
  reasoning_output_tokens: z.number().int().nonnegative().default(0),
});

export const turnSchema = z.strictObject({
  output: z.array(outputItemSchema),
  /** Text and reasoning are streamed as this many deltas. */
  chunks: z.number().int().min(1, 'chunks must be at least 1').default(3),
  /** Pause between consecutive SSE events; the only sleep in the mock. */
  chunk_delay_ms: z.number().int().nonnegative().default(5),
  usage: usageSchema.default({ input_tokens: 120, cached_input_tokens: 0, output_tokens: 12, reasoning_output_tokens: 0 }),
  /** Each fault answers one request, in order, before the turn succeeds. */
  faults: z.array(faultSchema).default([]),
  /** Every request for this turn gets this fault (after `faults`); the turn never succeeds. */
  fault_always: faultSchema.optional(),
});

export const mockScriptSchema = z.strictObject({
  /** Answer to title-generation requests. */
  title: z.string().min(1).default('Mock task'),
  turns: z.array(turnSchema).default([]),
});

export type MockScript = z.infer<typeof mockScriptSchema>;
export type MockScriptInput = z.input<typeof mockScriptSchema>;
export type MockTurn = z.infer<typeof turnSchema>;
export type MockTurnInput = z.input<typeof turnSchema>;
export type MockOutputItem = z.infer<typeof outputItemSchema>;
export type MockFault = z.infer<typeof faultSchema>;
export type MockUsage = z.infer<typeof usageSchema>;

export class MockScriptError extends Error {}

/** Parses a script, throwing one error that lists every problem as `path: message`. */
export function parseMockScript(input: unknown): MockScript {
  const result = mockScriptSchema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `  at ${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`);
  throw new MockScriptError(`invalid mock script\n${lines.join('\n')}`);
}

/** Which of the output kinds an (already validated) item is. */
export function outputKind(item: MockOutputItem): OutputKind {
  return OUTPUT_KINDS.find((k) => item[k] !== undefined)!;
}

/** A short label for logs, e.g. `status:429` or `stream:drop`. */
export function faultLabel(f: MockFault): string {
  return f.stream !== undefined ? `stream:${f.stream}` : `status:${f.status}`;
}
