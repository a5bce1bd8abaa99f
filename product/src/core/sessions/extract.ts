// What the index keeps about a session, folded line by line so indexing can stop at any line and
// continue later from the same state (an appended file is read from where the last run stopped).
//
// - identity and origin: the FIRST session_meta (a legacy fork's copied parent meta comes later);
// - model: the newest turn_context.model;
// - user turns: real (non-context) user messages among response_items; files that only have
//   event_msg user_message (very old ones) count those instead. Rollbacks are not subtracted;
// - first user message: the first real user message (same rule, events as the fallback);
// - tokens: the newest token_count total_token_usage.total_tokens, or token_usage_record
//   thread_token_usage.total_tokens, whichever came last;
// - preview: the newest assistant message, else the first user message, at most 200 chars;
// - text for full-text search: real user messages and assistant messages (tool output optionally),
//   each numbered with the user turn it belongs to (0 = before the first user message).
import type { LineHead } from '../rollout/reader.ts';
import { isContextualMessage } from '../rollout/reconstruct.ts';
import { hasType, type MessageItem, type RolloutLine, type SessionMeta } from '../rollout/schema.ts';

export const PREVIEW_CHARS = 200;
/** Longest text kept per FTS row; the rest of a giant paste or tool dump is not searchable. */
export const MAX_INDEXED_TEXT = 64 * 1024;
export const MAX_INDEXED_TOOL_OUTPUT = 16 * 1024;

export interface SessionState {
  metaSeen: boolean;
  id: string | null;
  cwd: string | null;
  createdAt: number | null;
  source: string | null;
  originator: string | null;
  provider: string | null;
  gitBranch: string | null;
  gitSha: string | null;
  forkedFromId: string | null;
  historyMode: string | null;
  sawOrdinals: boolean;
  model: string | null;
  userItems: number;
  userEvents: number;
  firstUserMessage: string | null;
  firstEventMessage: string | null;
  lastAgent: string | null;
  totalTokens: number | null;
  lastLineMs: number | null;
  rolloutName: string | null;
  /** FTS rows written so far (the next row's number within the session) */
  messages: number;
}

export function emptyState(): SessionState {
  return {
    metaSeen: false,
    id: null,
    cwd: null,
    createdAt: null,
    source: null,
    originator: null,
    provider: null,
    gitBranch: null,
    gitSha: null,
    forkedFromId: null,
    historyMode: null,
    sawOrdinals: false,
    model: null,
    userItems: 0,
    userEvents: 0,
    firstUserMessage: null,
    firstEventMessage: null,
    lastAgent: null,
    totalTokens: null,
    lastLineMs: null,
    rolloutName: null,
    messages: 0,
  };
}

export interface IndexedText {
  turn: number;
  role: 'user' | 'agent' | 'tool';
  text: string;
}

export const userTurns = (s: SessionState): number => (s.userItems > 0 ? s.userItems : s.userEvents);
export const firstPrompt = (s: SessionState): string | null => s.firstUserMessage ?? s.firstEventMessage;

export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

export function previewOf(s: SessionState): string | null {
  const text = s.lastAgent ?? firstPrompt(s);
  return text === null ? null : clip(text, PREVIEW_CHARS);
}

export function messageText(item: MessageItem): string {
  return item.content
    .map((c) => (hasType(c, 'input_text') || hasType(c, 'output_text') ? c.text : ''))
    .filter(Boolean)
    .join('\n');
}

export function sourceName(source: SessionMeta['source']): string | null {
  if (source === undefined || source === null) return null;
  if (typeof source === 'string') return source;
  return Object.keys(source)[0] ?? null;
}

function outputText(output: unknown): string {
  if (typeof output === 'string') return output;
  if (Array.isArray(output))
    return output.map((c) => (c && typeof c === 'object' && typeof (c as { text?: unknown }).text === 'string' ? (c as { text: string }).text : '')).join('\n');
  if (output && typeof output === 'object' && typeof (output as { content?: unknown }).content === 'string') return (output as { content: string }).content;
  return '';
}

function totalTokensOf(value: unknown): number | null {
  const n = (value as { total_tokens?: unknown } | null | undefined)?.total_tokens;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

function timestampMs(ts: string): number | null {
  const ms = Date.parse(ts);
  return Number.isFinite(ms) ? ms : null;
}

export interface ApplyOptions {
  toolOutput?: boolean;
}

// The kinds applyLine reads beyond the envelope. Keep in step with it: every other line only moves
// the session's clock, so the indexer skims it (see wantsLine) instead of decoding it.
const WANTED_EVENTS = new Set(['user_message', 'token_count', 'thread_name_updated']);
const WANTED_LINES = new Set(['session_meta', 'turn_context', 'token_usage_record']);

/**
 * Whether applyLine needs the whole line, judged from its head. A thread with no prompt found yet
 * (`s`) also reads its recorded items: a review's request may be its only prompt.
 */
export function wantsLine(head: LineHead, opts: ApplyOptions = {}, s?: SessionState): boolean {
  if (WANTED_LINES.has(head.type)) return true;
  const p = head.payloadType;
  if (p === undefined) return head.type === 'response_item' || head.type === 'event_msg';
  if (head.type === 'event_msg' && p === 'item_completed') return s !== undefined && firstPrompt(s) === null;
  if (head.type === 'response_item') return p === 'message' || (opts.toolOutput === true && (p === 'function_call_output' || p === 'custom_tool_call_output'));
  if (head.type === 'event_msg') return WANTED_EVENTS.has(p);
  return false;
}

/** What every line tells, skimmed or not: the session's clock, and whether the file has ordinals. Returns the line's time. */
function applyEnvelope(s: SessionState, timestamp: string, hasOrdinal: boolean): number | null {
  const ms = timestampMs(timestamp);
  if (ms !== null && (s.lastLineMs === null || ms > s.lastLineMs)) s.lastLineMs = ms;
  if (hasOrdinal) s.sawOrdinals = true;
  return ms;
}

/** Folds a skimmed line (one applyLine would take nothing else from) into the state. */
export function applyHead(s: SessionState, head: LineHead): void {
  applyEnvelope(s, head.timestamp, head.ordinal);
}

/** Folds one line into the state; returns the text to index for it, if any. */
export function applyLine(s: SessionState, line: RolloutLine, opts: ApplyOptions = {}): IndexedText | null {
  const ms = applyEnvelope(s, line.timestamp, line.ordinal !== undefined);

  if (hasType(line, 'session_meta')) {
    if (s.metaSeen) return null;
    const m = line.payload;
    s.metaSeen = true;
    s.id = m.id;
    s.cwd = m.cwd;
    s.createdAt = timestampMs(m.timestamp) ?? ms;
    s.source = sourceName(m.source);
    s.originator = m.originator;
    s.provider = m.model_provider ?? null;
    s.gitBranch = m.git?.branch ?? null;
    s.gitSha = m.git?.commit_hash ?? null;
    s.forkedFromId = m.forked_from_id ?? m.history_base?.thread_id ?? null;
    s.historyMode = m.history_mode ?? null;
    return null;
  }
  if (hasType(line, 'turn_context')) {
    s.model = line.payload.model;
    return null;
  }
  if (hasType(line, 'response_item')) {
    const item = line.payload;
    if (hasType(item, 'message')) {
      if (item.role === 'user' && !isContextualMessage(item)) {
        const text = messageText(item);
        s.userItems++;
        // A review's findings handed to the model (`<user_action>`) are nobody's prompt.
        if (s.firstUserMessage === null && text.trim() && !text.startsWith('<user_action>')) s.firstUserMessage = text;
        return text.trim() ? { turn: userTurns(s), role: 'user', text: text.slice(0, MAX_INDEXED_TEXT) } : null;
      }
      if (item.role === 'assistant') {
        const text = messageText(item);
        if (!text.trim()) return null;
        s.lastAgent = text.slice(0, PREVIEW_CHARS * 4);
        return { turn: userTurns(s), role: 'agent', text: text.slice(0, MAX_INDEXED_TEXT) };
      }
      return null;
    }
    if (opts.toolOutput && (hasType(item, 'function_call_output') || hasType(item, 'custom_tool_call_output'))) {
      const text = outputText(item.output);
      return text.trim() ? { turn: userTurns(s), role: 'tool', text: text.slice(0, MAX_INDEXED_TOOL_OUTPUT) } : null;
    }
    return null;
  }
  if (hasType(line, 'event_msg')) {
    const ev = line.payload;
    if (hasType(ev, 'user_message')) {
      s.userEvents++;
      if (s.firstEventMessage === null && ev.message.trim()) s.firstEventMessage = ev.message;
    } else if (hasType(ev, 'item_completed')) {
      // A prompt recorded as an item only (the request of a review run for this thread) previews it as upstream's does.
      const text = ev.item.type === 'UserMessage' && Array.isArray(ev.item.content) ? ev.item.content.map((c: { text?: unknown }) => (typeof c?.text === 'string' ? c.text : '')).join('') : '';
      if (firstPrompt(s) === null && text.trim()) s.firstEventMessage = text;
    } else if (hasType(ev, 'token_count')) {
      const t = totalTokensOf((ev.info as { total_token_usage?: unknown } | null | undefined)?.total_token_usage);
      if (t !== null) s.totalTokens = t;
    } else if (hasType(ev, 'thread_name_updated')) {
      s.rolloutName = ev.thread_name?.trim() || null;
    }
    return null;
  }
  if (line.type === 'token_usage_record') {
    const t = totalTokensOf((line.payload as { thread_token_usage?: unknown } | null)?.thread_token_usage);
    if (t !== null) s.totalTokens = t;
  }
  return null;
}
