// Rebuilds the model's input history from a rollout, to continue a session (resume) where it left off.
//
// THE RESUME RULE (derived from upstream 0.169.0's own files and requests; see the fixture test):
//
// 1. The history is the persisted `response_item` payloads, in file order, all of them: the
//    developer message (skills, permissions, tools), the `<environment_context>` user message, the
//    user prompts, assistant messages, reasoning, function/custom tool calls and their outputs.
//    Context messages are NOT filtered out: upstream's request after `codex exec resume --last`
//    sent input = [base instructions, developer, environment_context, "remember the word kiwi",
//    "Noted: kiwi.", "which word?"], which is exactly response_items at ordinals 2, 3, 7, 10 and the
//    new prompt at 17. The resumed turn persisted no new context messages because its context had
//    not changed (upstream only writes context messages that differ from the last ones).
//    Left out, as upstream leaves them out: `system` messages, and item types the API does not
//    take back (ghost_snapshot, compaction_trigger, unknown kinds).
// 2. Input[0], the base-instructions developer message, is not part of the history: the request
//    builder renders it for every request (it even differs from session_meta.base_instructions by
//    one line in exec mode).
// 3. On the wire each item is its payload minus the persistence-only field
//    `internal_chat_message_metadata_passthrough` (see toModelInput); `id` and `status` stay.
// 4. Compaction: a `compacted` line that carries `replacement_history` replaces everything before
//    it; later lines are replayed on top. An old-style compaction without replacement_history is
//    rebuilt as the earlier real user messages plus the summary message. The summary's own
//    response_item (metadata `compaction_output`) is never history by itself.
// 5. Rollback: `event_msg thread_rolled_back {num_turns}` drops the newest N user turns from the
//    history built so far, compacted history included. A user turn starts at a real
//    (non-contextual) user message; context messages sitting right above a dropped turn go with
//    it, but never the session's first ones. Rolled-back turns' turn_context lines no longer count.
//
// Upstream scans newest → oldest to stop early at the newest surviving compaction; replaying
// forward from the newest compaction gives the same history, which is what this file does.
import { hasType, type Compacted, type ContentItem, type MessageItem, type ResponseItem, type RolloutLine, type TurnContext } from './schema.ts';

/** Response item types the model accepts back as input (upstream's "API message" set). */
const HISTORY_TYPES = new Set([
  'message',
  'reasoning',
  'function_call',
  'function_call_output',
  'custom_tool_call',
  'custom_tool_call_output',
  'local_shell_call',
  'tool_search_call',
  'tool_search_output',
  'web_search_call',
  'image_generation_call',
  'compaction',
  'context_compaction',
  'agent_message',
]);

export function isHistoryItem(item: ResponseItem): boolean {
  if (!HISTORY_TYPES.has(item.type)) return false;
  return !(hasType(item, 'message') && item.role === 'system');
}

// Context the harness injects in user/developer role. Upstream 0.169.0 also labels every content
// item with a kind in internal_chat_message_metadata_passthrough.content_item_kinds ("user.text"
// for typed input, "environments.environment_context", "permissions.instructions", …); when those
// labels are present and complete they decide, otherwise the text's opening tag does.
const CONTEXTUAL_USER_PREFIXES = [
  '<environment_context>',
  '<user_instructions>',
  '# agents.md instructions for ',
  '<skill>',
  '<user_shell_command>',
  '<turn_aborted>',
  '<subagents>',
  '<subagent_notification>',
];
const CONTEXTUAL_DEVELOPER_PREFIXES = [
  '<permissions instructions>',
  '<model_switch>',
  '<collaboration_mode>',
  '<realtime_conversation>',
  '<skills_instructions>',
  '<personality_spec>',
  '<token_budget>',
  '<context_window>',
];

function labelledKinds(item: MessageItem): string[] | null {
  const meta = item.internal_chat_message_metadata_passthrough as { content_item_kinds?: unknown } | undefined;
  const kinds = meta?.content_item_kinds;
  if (!Array.isArray(kinds) || kinds.length === 0 || kinds.length !== item.content.length) return null;
  return kinds.every((k) => typeof k === 'string') ? (kinds as string[]) : null;
}

function startsWithAny(content: ContentItem[], prefixes: string[]): boolean {
  return content.some((c) => {
    if (!hasType(c, 'input_text')) return false;
    const head = c.text.trimStart().slice(0, 64).toLowerCase();
    return prefixes.some((p) => head.startsWith(p));
  });
}

/** A user- or developer-role message the harness wrote, as opposed to something a person typed. */
export function isContextualMessage(item: ResponseItem): boolean {
  if (!hasType(item, 'message') || (item.role !== 'user' && item.role !== 'developer')) return false;
  const kinds = labelledKinds(item);
  if (kinds) return !kinds.some((k) => k === '' || k === 'unknown' || k.startsWith('user.'));
  return startsWithAny(item.content, item.role === 'user' ? CONTEXTUAL_USER_PREFIXES : CONTEXTUAL_DEVELOPER_PREFIXES);
}

/** Where a user turn starts: a real user message (or an inter-agent message). */
export function isUserTurnBoundary(item: ResponseItem): boolean {
  if (item.type === 'agent_message') return true;
  return hasType(item, 'message') && item.role === 'user' && !isContextualMessage(item);
}

/** Drops the newest `numTurns` user turns, with the context messages directly above them. */
export function dropLastUserTurns(items: readonly ResponseItem[], numTurns: number): ResponseItem[] {
  const starts = items.flatMap((item, i) => (isUserTurnBoundary(item) ? [i] : []));
  if (numTurns <= 0 || starts.length === 0) return [...items];
  let cut = numTurns >= starts.length ? starts[0] : starts[starts.length - numTurns];
  while (cut > starts[0] && isContextualMessage(items[cut - 1])) cut--;
  return items.slice(0, cut);
}

// Legacy compaction: keep the newest real user messages within roughly upstream's 20k-token budget
// (about 4 bytes a token), then the summary as a user message.
const LEGACY_USER_MESSAGES_BUDGET_CHARS = 80_000;

function textOf(item: MessageItem): string {
  return item.content.map((c) => (hasType(c, 'input_text') || hasType(c, 'output_text') ? c.text : '')).join('');
}

const userText = (text: string): ResponseItem => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] });

function rebuildLegacyCompaction(history: readonly ResponseItem[], compacted: Compacted, summaries: Set<string>): ResponseItem[] {
  const texts = history.flatMap((item) => (isUserTurnBoundary(item) && hasType(item, 'message') ? [textOf(item)] : [])).filter((t) => !summaries.has(t));
  const kept: string[] = [];
  let budget = LEGACY_USER_MESSAGES_BUDGET_CHARS;
  for (let i = texts.length - 1; i >= 0 && texts[i].length <= budget; i--) {
    budget -= texts[i].length;
    kept.unshift(texts[i]);
  }
  summaries.add(compacted.message);
  return [...kept.map(userText), userText(compacted.message)];
}

export interface Reconstruction {
  /** the model input history, oldest first, payloads as stored */
  history: ResponseItem[];
  /** the newest turn_context of a turn that survived rollback */
  turnContext: TurnContext | null;
}

/**
 * The summary a compaction request answered with (metadata `compaction_output`, as upstream marks
 * it): it only ever enters the history inside the `compacted` line that follows it, so one left
 * without that line (the process died in between) is no answer of the conversation.
 */
function isCompactionOutput(line: RolloutLine): boolean {
  return (line as { metadata?: { compaction_output?: unknown } }).metadata?.compaction_output === true;
}

/** Folds the lines oldest → newest into the history. */
function replayHistory(lines: readonly RolloutLine[]): ResponseItem[] {
  // A compaction with replacement_history replaces everything before it, so replay can start at the
  // newest one. (Rollbacks never reach behind it: dropping turns from the replaced history is the
  // same whether replay started there or at the top.)
  let start = 0;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (hasType(line, 'compacted') && line.payload.replacement_history) {
      start = i;
      break;
    }
  }
  let history: ResponseItem[] = [];
  const summaries = new Set<string>();
  for (let i = start; i < lines.length; i++) {
    const line = lines[i];
    if (hasType(line, 'response_item')) {
      if (isHistoryItem(line.payload) && !isCompactionOutput(line)) history.push(line.payload);
    } else if (hasType(line, 'compacted')) {
      const replacement = line.payload.replacement_history;
      history = replacement ? [...replacement] : rebuildLegacyCompaction(history, line.payload, summaries);
    } else if (hasType(line, 'event_msg')) {
      const ev = line.payload;
      if (hasType(ev, 'thread_rolled_back')) history = dropLastUserTurns(history, ev.num_turns);
    }
  }
  return history;
}

/**
 * The newest turn_context of a user turn that survived rollback. Scans newest → oldest in turn
 * segments (bounded by task_started); a pending rollback of N skips the next N segments that hold a
 * user turn, and any segment in between.
 */
function survivingTurnContext(lines: readonly RolloutLine[]): TurnContext | null {
  let pendingRollback = 0;
  let userTurn = false;
  let newest: TurnContext | null = null;
  const isTurnStart = (line: RolloutLine) =>
    hasType(line, 'event_msg') && (hasType(line.payload, 'task_started') || hasType(line.payload, 'turn_started'));
  const finishSegment = (): TurnContext | null => {
    const found = pendingRollback === 0 && userTurn ? newest : null;
    if (pendingRollback > 0 && userTurn) pendingRollback--;
    userTurn = false;
    newest = null;
    return found;
  };
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i];
    if (isTurnStart(line)) {
      const found = finishSegment();
      if (found) return found;
    } else if (hasType(line, 'response_item')) userTurn ||= isUserTurnBoundary(line.payload);
    else if (hasType(line, 'turn_context')) newest ??= line.payload;
    else if (hasType(line, 'event_msg')) {
      const ev = line.payload;
      if (hasType(ev, 'thread_rolled_back')) pendingRollback += ev.num_turns;
      else if (hasType(ev, 'user_message')) userTurn = true;
    }
  }
  return finishSegment();
}

export function reconstruct(lines: readonly RolloutLine[]): Reconstruction {
  return { history: replayHistory(lines), turnContext: survivingTurnContext(lines) };
}

/** The model input history to continue the session with (the resume rule above). */
export function reconstructHistory(lines: readonly RolloutLine[]): ResponseItem[] {
  return reconstruct(lines).history;
}

/** The settings of the newest surviving user turn: model, cwd, policies, effort, … */
export function lastTurnContext(lines: readonly RolloutLine[]): TurnContext | null {
  return reconstruct(lines).turnContext;
}

/**
 * Items as sent in a request's `input`: persistence-only fields removed. (Pairing every call with an
 * output and stripping unsupported images happen when a prompt is built, not here.)
 */
export function toModelInput(items: readonly ResponseItem[]): Record<string, unknown>[] {
  return items.map((item) => {
    const { internal_chat_message_metadata_passthrough: _drop, ...rest } = item as Record<string, unknown>;
    return rest;
  });
}
