// The rollout line format Codex writes under $CODEX_HOME/sessions, as zod schemas and the types
// inferred from them. One line: {timestamp, ordinal?, type, payload, metadata?}.
//
// Two generations must parse:
// - paginated (upstream 0.169.0): every line has `ordinal`; response_item lines carry `metadata`;
//   new kinds such as `world_state` and `token_usage_record` appear;
// - legacy: no `ordinal`, no `metadata`, session_meta with `instructions`.
//
// Only what csm reads is typed. Everything is a loose object, so unknown fields survive a
// read → write round trip, and unknown kinds (line types, response item types, event types, content
// types) parse as `Unknown*` variants instead of failing. Their `type` is a branded string, so an
// `if (line.type === 'response_item')` check still narrows to the typed variant.
import * as z from 'zod';

/** A `type` value that none of the typed variants claims (so a broken known item fails loudly). */
const unknownKind = (known: readonly string[]) =>
  z.string().refine((t) => !known.includes(t), { message: 'expected a kind not handled by a typed variant' });

/** The variant of a `{type}` union with that type; for kinds without a typed variant, the union itself. */
export type OfType<T, K extends string> = [Extract<T, { type: K }>] extends [never] ? T : Extract<T, { type: K }>;

/** Narrows any `{type}` union (lines, response items, events, content) to the variant of that type. */
export function hasType<T extends { type: string }, K extends T['type']>(value: T, type: K): value is OfType<T, K> {
  return value.type === type;
}

const nullishString = z.string().nullish();

// ── content items inside messages ───────────────────────────────────────────────────────────────

const CONTENT_TYPES = ['input_text', 'output_text', 'input_image'] as const;
// Each `{type}` union below is a discriminated union of the typed variants (picked by `type` at
// once, instead of trying every option and building errors for each miss: a 2x faster parse),
// then the unknown-kind fallback.
export const ContentItemSchema = z.union([
  z.discriminatedUnion('type', [
    z.looseObject({ type: z.literal('input_text'), text: z.string() }),
    z.looseObject({ type: z.literal('output_text'), text: z.string() }),
    z.looseObject({ type: z.literal('input_image'), image_url: z.string() }),
  ]),
  z.looseObject({ type: unknownKind(CONTENT_TYPES) }),
]);
export type ContentItem = z.infer<typeof ContentItemSchema>;

// ── response items (raw Responses API items) ────────────────────────────────────────────────────

export const RESPONSE_ITEM_TYPES = [
  'message',
  'reasoning',
  'function_call',
  'function_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
] as const;

export const MessageItemSchema = z.looseObject({
  type: z.literal('message'),
  id: nullishString,
  role: z.string(),
  content: z.array(ContentItemSchema),
  end_turn: z.boolean().nullish(),
  phase: nullishString,
});

export const ReasoningItemSchema = z.looseObject({
  type: z.literal('reasoning'),
  id: nullishString,
  summary: z.array(z.looseObject({ type: z.string() })),
  content: z.array(z.looseObject({ type: z.string() })).nullish(),
  encrypted_content: nullishString,
});

export const FunctionCallItemSchema = z.looseObject({
  type: z.literal('function_call'),
  id: nullishString,
  name: z.string(),
  namespace: nullishString,
  arguments: z.string(),
  call_id: z.string(),
});

/** `output` is a string, or an array of content items when the tool returned structured content. */
export const FunctionCallOutputItemSchema = z.looseObject({
  type: z.literal('function_call_output'),
  id: nullishString,
  call_id: z.string(),
  output: z.unknown(),
});

export const CustomToolCallItemSchema = z.looseObject({
  type: z.literal('custom_tool_call'),
  id: nullishString,
  call_id: z.string(),
  name: z.string(),
  input: z.string(),
  status: nullishString,
});

export const CustomToolCallOutputItemSchema = z.looseObject({
  type: z.literal('custom_tool_call_output'),
  id: nullishString,
  call_id: z.string(),
  name: nullishString,
  output: z.unknown(),
});

/** local_shell_call, web_search_call, tool_search_*, image_generation_call, compaction, … */
export const UnknownResponseItemSchema = z.looseObject({ type: unknownKind(RESPONSE_ITEM_TYPES) });

export const ResponseItemSchema = z.union([
  z.discriminatedUnion('type', [
    MessageItemSchema,
    ReasoningItemSchema,
    FunctionCallItemSchema,
    FunctionCallOutputItemSchema,
    CustomToolCallItemSchema,
    CustomToolCallOutputItemSchema,
  ]),
  UnknownResponseItemSchema,
]);
export type ResponseItem = z.infer<typeof ResponseItemSchema>;
export type MessageItem = z.infer<typeof MessageItemSchema>;

// ── session_meta ────────────────────────────────────────────────────────────────────────────────

export const GitInfoSchema = z.looseObject({
  commit_hash: nullishString,
  branch: nullishString,
  repository_url: nullishString,
});

/** A fork's file does not copy its parent's lines; it points at the parent's prefix instead. */
export const HistoryBaseSchema = z.looseObject({
  thread_id: z.string(),
  end_ordinal_exclusive: z.number().int().nonnegative(),
  end_byte_offset: z.number().int().nonnegative().optional(),
});

/** `cli` | `vscode` | `exec` | `mcp` | a custom string | `{subagent: …}` | `unknown`. */
export const SessionSourceSchema = z.union([z.string(), z.record(z.string(), z.unknown())]);

export const SessionMetaSchema = z.looseObject({
  id: z.string(),
  forked_from_id: nullishString,
  timestamp: z.string(),
  cwd: z.string(),
  originator: z.string(),
  cli_version: z.string(),
  source: SessionSourceSchema.optional(),
  model_provider: nullishString,
  base_instructions: z.looseObject({ text: z.string() }).nullish(),
  /** legacy files: the instructions string (often null) instead of base_instructions */
  instructions: nullishString,
  git: GitInfoSchema.nullish(),
  history_base: HistoryBaseSchema.nullish(),
  history_mode: nullishString,
});
export type SessionMeta = z.infer<typeof SessionMetaSchema>;

// ── turn_context ────────────────────────────────────────────────────────────────────────────────

export const TurnContextSchema = z.looseObject({
  turn_id: nullishString,
  cwd: z.string(),
  model: z.string(),
  approval_policy: z.unknown().optional(),
  sandbox_policy: z.unknown().optional(),
  effort: z.unknown().optional(),
  summary: z.unknown().optional(),
  collaboration_mode: z.unknown().optional(),
  user_instructions: nullishString,
  developer_instructions: nullishString,
});
export type TurnContext = z.infer<typeof TurnContextSchema>;

// ── compacted ───────────────────────────────────────────────────────────────────────────────────

export const CompactedSchema = z.looseObject({
  message: z.string(),
  /** The full history that replaces everything before it. Older versions omit it. */
  replacement_history: z.array(ResponseItemSchema).nullish(),
});
export type Compacted = z.infer<typeof CompactedSchema>;

// ── event_msg ───────────────────────────────────────────────────────────────────────────────────

export const EVENT_TYPES = [
  'user_message',
  'agent_message',
  'thread_rolled_back',
  'task_started',
  'turn_started',
  'task_complete',
  'turn_complete',
  'turn_aborted',
  'token_count',
  'context_compacted',
  'thread_name_updated',
  'item_completed',
] as const;

export const EventMsgSchema = z.union([
  z.discriminatedUnion('type', [
    z.looseObject({
      type: z.literal('user_message'),
      message: z.string(),
      images: z.array(z.string()).nullish(),
      local_images: z.array(z.unknown()).nullish(),
      text_elements: z.array(z.unknown()).nullish(),
    }),
    z.looseObject({ type: z.literal('agent_message'), message: z.string(), phase: nullishString }),
    z.looseObject({ type: z.literal('thread_rolled_back'), num_turns: z.number().int().nonnegative() }),
    // Serialized as task_*; turn_* is the newer spelling upstream also accepts.
    z.looseObject({ type: z.literal('task_started'), turn_id: nullishString }),
    z.looseObject({ type: z.literal('turn_started'), turn_id: nullishString }),
    z.looseObject({ type: z.literal('task_complete'), turn_id: nullishString, last_agent_message: nullishString }),
    z.looseObject({ type: z.literal('turn_complete'), turn_id: nullishString, last_agent_message: nullishString }),
    z.looseObject({ type: z.literal('turn_aborted'), turn_id: nullishString, reason: z.unknown().optional() }),
    z.looseObject({ type: z.literal('token_count'), info: z.unknown().optional(), rate_limits: z.unknown().optional() }),
    z.looseObject({ type: z.literal('context_compacted') }),
    z.looseObject({ type: z.literal('thread_name_updated'), thread_name: nullishString }),
    z.looseObject({ type: z.literal('item_completed'), item: z.looseObject({ type: z.string() }) }),
  ]),
  z.looseObject({ type: unknownKind(EVENT_TYPES) }),
]);
export type EventMsg = z.infer<typeof EventMsgSchema>;

// ── the line ────────────────────────────────────────────────────────────────────────────────────

export const LINE_TYPES = ['session_meta', 'response_item', 'turn_context', 'compacted', 'event_msg'] as const;

const envelope = {
  /** ISO 8601 UTC with milliseconds, e.g. 2026-11-24T23:03:56.767Z */
  timestamp: z.string(),
  /** 0-based position in the thread; absent in legacy files */
  ordinal: z.number().int().nonnegative().optional(),
  /** paginated response_item lines: history_sequence, sampled_through_sequence, … */
  metadata: z.record(z.string(), z.unknown()).optional(),
};

const lineOf = <T extends string, P extends z.ZodType>(type: T, payload: P) =>
  z.looseObject({ ...envelope, type: z.literal(type), payload });

export const SessionMetaLineSchema = lineOf('session_meta', SessionMetaSchema);
export const ResponseItemLineSchema = lineOf('response_item', ResponseItemSchema);
export const TurnContextLineSchema = lineOf('turn_context', TurnContextSchema);
export const CompactedLineSchema = lineOf('compacted', CompactedSchema);
export const EventMsgLineSchema = lineOf('event_msg', EventMsgSchema);
/** world_state, token_usage_record and whatever upstream adds next: kept, not interpreted. */
export const UnknownLineSchema = z.looseObject({ ...envelope, type: unknownKind(LINE_TYPES), payload: z.unknown() });

export const RolloutLineSchema = z.union([
  SessionMetaLineSchema,
  ResponseItemLineSchema,
  TurnContextLineSchema,
  CompactedLineSchema,
  EventMsgLineSchema,
  UnknownLineSchema,
]);
export type RolloutLine = z.infer<typeof RolloutLineSchema>;
export type SessionMetaLine = z.infer<typeof SessionMetaLineSchema>;
export type ResponseItemLine = z.infer<typeof ResponseItemLineSchema>;
export type TurnContextLine = z.infer<typeof TurnContextLineSchema>;
export type CompactedLine = z.infer<typeof CompactedLineSchema>;
export type EventMsgLine = z.infer<typeof EventMsgLineSchema>;

const byType: Record<string, z.ZodType<RolloutLine>> = {
  session_meta: SessionMetaLineSchema,
  response_item: ResponseItemLineSchema,
  turn_context: TurnContextLineSchema,
  compacted: CompactedLineSchema,
  event_msg: EventMsgLineSchema,
};

export type LineParse = { ok: true; line: RolloutLine } | { ok: false; error: string };

/**
 * Validates one decoded JSON value as a rollout line and returns it unchanged. Dispatches on `type`
 * first, so an error names the line kind and the path inside it
 * (`response_item payload.call_id: Invalid input: expected string, received undefined`).
 */
export function parseRolloutLine(value: unknown): LineParse {
  const kind = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  const schema = (typeof kind === 'string' && Object.hasOwn(byType, kind) ? byType[kind] : undefined) ?? UnknownLineSchema;
  const parsed = schema.safeParse(value);
  // The schemas only validate (no defaults, no transforms), so the decoded value itself is returned:
  // zod's copy would put declared keys first, and a line read and written again must keep its bytes.
  if (parsed.success) return { ok: true, line: value as RolloutLine };
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(line)'}: ${i.message}`).join('; ');
  return { ok: false, error: `${typeof kind === 'string' ? kind : 'line'} ${issues}` };
}
