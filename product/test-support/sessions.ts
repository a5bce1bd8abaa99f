// Fixture sessions for csm's tests (`#test-support/sessions`): the one writer of upstream-shaped
// rollouts under a temporary CODEX_HOME, so every test reads the same line shapes.
// - paginated (0.169.0): ordinals on every line, metadata on response items, content_item_kinds
//   labels, world_state / token_usage_record lines, task_started/turn_context/task_complete;
// - legacy: no ordinals, `instructions: null`, event_msg user_message/agent_message duplicates.
// Deterministic: ids come from the creation time and a counter.
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ARCHIVED_SESSIONS_SUBDIR, newThreadId, rolloutFileName, rolloutPath, type RolloutItem } from '../src/core/rollout/index.ts';

export type Format = 'paginated' | 'legacy';

export interface GenTurn {
  user: string;
  agent: string;
  /** a shell command and its output, between the prompt and the answer */
  command?: { cmd: string; output: string };
}

export interface GenSpec {
  format?: Format;
  id?: string;
  createdAt?: Date;
  cwd?: string;
  source?: string | Record<string, unknown>;
  originator?: string;
  provider?: string;
  model?: string;
  gitBranch?: string;
  archived?: boolean;
  turns?: GenTurn[];
  forkedFrom?: { id: string; endOrdinal: number; endByte?: number };
  /** Lines written after the turns, as given (a rollback, a rename event, a tool call outside a turn). */
  extra?: RolloutItem[];
}

export interface GenSession {
  id: string;
  file: string;
  format: Format;
  /** the next ordinal (paginated) */
  nextOrdinal: number;
  createdAt: Date;
  model: string;
  cwd: string;
  /** turns written so far */
  turns: number;
  tokens: number;
}

let counter = 0;

export function tempCodexHome(): string {
  return mkdtempSync(path.join(tmpdir(), 'csm-sessions-'));
}

/** One response_item message, for `extra` or a RolloutWriter's append. */
export const say = (role: 'user' | 'assistant' | 'developer', text: string): RolloutItem => ({
  type: 'response_item',
  payload: { type: 'message', role, content: [{ type: role === 'assistant' ? 'output_text' : 'input_text', text }] },
});

/** One event_msg line, for `extra` or a RolloutWriter's append. */
export const event = (payload: Record<string, unknown>): RolloutItem => ({ type: 'event_msg', payload });

/** A deterministic UUIDv7 for a creation time. */
export function genId(createdAt: Date): string {
  const n = ++counter;
  return newThreadId(createdAt.getTime(), (len) => {
    const b = Buffer.alloc(len);
    b.writeUInt32BE(n >>> 0, len - 4);
    return b;
  });
}

/** n turns whose texts are distinct and mention `topic`. */
export function makeTurns(n: number, topic = 'topic', from = 0): GenTurn[] {
  return Array.from({ length: n }, (_, i) => ({
    user: `question ${from + i + 1} about ${topic}`,
    agent: `answer ${from + i + 1} regarding ${topic}`,
  }));
}

const iso = (ms: number) => new Date(ms).toISOString();

class LineWriter {
  readonly lines: string[] = [];
  constructor(
    private readonly s: GenSession,
    private clock: number,
  ) {}

  add(type: string, payload: unknown, metadata?: Record<string, unknown>): void {
    this.clock += 7;
    const line: Record<string, unknown> = { timestamp: iso(this.clock) };
    if (this.s.format === 'paginated') line.ordinal = this.s.nextOrdinal++;
    line.type = type;
    line.payload = payload;
    if (metadata && this.s.format === 'paginated') line.metadata = metadata;
    this.lines.push(JSON.stringify(line));
  }
}

function message(s: GenSession, role: string, text: string, kind: string): Record<string, unknown> {
  const m: Record<string, unknown> = { type: 'message', role, content: [{ type: role === 'assistant' ? 'output_text' : 'input_text', text }] };
  if (s.format === 'paginated') {
    m.id = `msg_${s.nextOrdinal}`;
    m.internal_chat_message_metadata_passthrough = { turn_id: `turn-${s.turns}`, content_item_kinds: [kind] };
  }
  return m;
}

function headLines(s: GenSession, spec: GenSpec, w: LineWriter): void {
  const meta: Record<string, unknown> = {
    id: s.id,
    timestamp: iso(s.createdAt.getTime()),
    cwd: s.cwd,
    originator: spec.originator ?? (s.format === 'paginated' ? 'codex_exec' : 'codex_cli_rs'),
    cli_version: s.format === 'paginated' ? '0.169.0' : '0.30.0',
    source: spec.source ?? (s.format === 'paginated' ? 'exec' : 'cli'),
    model_provider: spec.provider ?? 'openai',
    git: { commit_hash: 'abc123', branch: spec.gitBranch ?? 'main' },
  };
  if (s.format === 'paginated') {
    meta.session_id = s.id;
    meta.base_instructions = { text: 'You are Codex.' };
    meta.history_mode = 'paginated';
  } else meta.instructions = null;
  if (spec.forkedFrom) {
    meta.forked_from_id = spec.forkedFrom.id;
    if (s.format === 'paginated') {
      meta.history_base = { thread_id: spec.forkedFrom.id, end_ordinal_exclusive: spec.forkedFrom.endOrdinal, end_byte_offset: spec.forkedFrom.endByte };
      meta.forked_from_ordinal_exclusive = spec.forkedFrom.endOrdinal;
    }
  }
  w.add('session_meta', meta);
  if (s.format === 'paginated') {
    w.add('response_item', message(s, 'developer', '<permissions instructions>sandboxed</permissions instructions>', 'permissions.instructions'), { history_sequence: 1 });
  }
  w.add('response_item', message(s, 'user', `<environment_context>\n  <cwd>${s.cwd}</cwd>\n</environment_context>`, 'environments.environment_context'), { history_sequence: 2 });
  if (s.format === 'paginated') w.add('world_state', { full: true, state: { agents_md: {} } });
}

function turnLines(s: GenSession, t: GenTurn, w: LineWriter): void {
  const turnId = `turn-${s.turns + 1}`;
  const paginated = s.format === 'paginated';
  if (paginated) w.add('event_msg', { type: 'task_started', turn_id: turnId, model_context_window: 258400 });
  w.add('turn_context', { turn_id: turnId, cwd: s.cwd, approval_policy: 'never', sandbox_policy: { type: 'read-only' }, model: s.model, summary: 'auto' });
  w.add('response_item', message(s, 'user', t.user, 'user.text'), { history_sequence: 3 });
  if (paginated) w.add('event_msg', { type: 'item_completed', item: { type: 'UserMessage', id: 'u', content: [{ type: 'text', text: t.user }] } });
  else w.add('event_msg', { type: 'user_message', message: t.user, kind: 'plain' });
  w.add('response_item', { type: 'reasoning', summary: [{ type: 'summary_text', text: `**Thinking about turn ${s.turns + 1}**` }], encrypted_content: 'opaque' });
  if (t.command) {
    const callId = `call_${s.turns + 1}`;
    w.add('response_item', { type: 'function_call', name: paginated ? 'exec_command' : 'shell', arguments: JSON.stringify(paginated ? { cmd: t.command.cmd } : { command: ['bash', '-lc', t.command.cmd] }), call_id: callId });
    w.add('response_item', { type: 'function_call_output', call_id: callId, output: t.command.output });
  }
  w.add('response_item', message(s, 'assistant', t.agent, 'unknown'), { history_sequence: 4 });
  s.tokens += 100;
  if (paginated) {
    w.add('token_usage_record', { response_id: `resp_${s.turns}`, usage: { total_tokens: 100 }, thread_token_usage: { total_tokens: s.tokens } });
  } else w.add('event_msg', { type: 'agent_message', message: t.agent });
  w.add('event_msg', { type: 'token_count', info: { total_token_usage: { total_tokens: s.tokens }, last_token_usage: { total_tokens: 100 } } });
  if (paginated) w.add('event_msg', { type: 'task_complete', turn_id: turnId, last_agent_message: t.agent });
  s.turns++;
}

/** Writes a new session file; returns what a test needs to know about it. */
export function writeSession(codexHome: string, spec: GenSpec = {}): GenSession {
  const format = spec.format ?? 'paginated';
  const createdAt = spec.createdAt ?? new Date(Date.UTC(2026, 10, 1, 12, 0, 0));
  const id = spec.id ?? genId(createdAt);
  const file = spec.archived
    ? path.join(codexHome, ARCHIVED_SESSIONS_SUBDIR, rolloutFileName(id, createdAt))
    : rolloutPath(codexHome, id, createdAt);
  const s: GenSession = {
    id,
    file,
    format,
    nextOrdinal: spec.forkedFrom && format === 'paginated' ? spec.forkedFrom.endOrdinal : 0,
    createdAt,
    model: spec.model ?? 'gpt-5.5',
    cwd: spec.cwd ?? '/work/project',
    turns: 0,
    tokens: 0,
  };
  const w = new LineWriter(s, createdAt.getTime());
  headLines(s, spec, w);
  for (const t of spec.turns ?? []) turnLines(s, t, w);
  for (const item of spec.extra ?? []) w.add(item.type, item.payload);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, w.lines.map((l) => `${l}\n`).join(''));
  return s;
}

/** Appends turns to a generated session (a resume); returns the bytes appended. */
export function appendTurns(s: GenSession, turns: GenTurn[], at = s.createdAt.getTime() + 3_600_000): number {
  const w = new LineWriter(s, at);
  for (const t of turns) turnLines(s, t, w);
  const text = w.lines.map((l) => `${l}\n`).join('');
  appendFileSync(s.file, text);
  return Buffer.byteLength(text);
}

/** Appends raw lines (e.g. a rollback marker) to a generated session. */
export function appendRaw(s: GenSession, type: string, payload: unknown): void {
  const w = new LineWriter(s, s.createdAt.getTime() + 7_200_000);
  w.add(type, payload);
  appendFileSync(s.file, `${w.lines[0]}\n`);
}

/** Appends {id, thread_name, updated_at} to session_index.jsonl, as upstream's /rename does. */
export function nameSession(codexHome: string, id: string, name: string, at = new Date()): void {
  appendFileSync(path.join(codexHome, 'session_index.jsonl'), `${JSON.stringify({ id, thread_name: name, updated_at: at.toISOString() })}\n`);
}

/**
 * A further file of the same session, as upstream 0.171.0 writes one when it rolls turns back:
 * rollout-<stamp>-<id>_<rollout id>.jsonl, session_meta with the session's id and (when turns are
 * kept) a history_base naming the file it continues (`base`'s rollout id) and where it stops.
 */
export function writeContinuation(
  codexHome: string,
  s: GenSession,
  spec: { createdAt: Date; base: { rolloutId: string; endOrdinal: number; endByte: number } | null; turns?: GenTurn[] },
): GenSession {
  const rolloutId = genId(spec.createdAt);
  const name = rolloutFileName(s.id, spec.createdAt).replace(/\.jsonl$/, `_${rolloutId}.jsonl`);
  const file = path.join(path.dirname(rolloutPath(codexHome, s.id, spec.createdAt)), name);
  const c: GenSession = { ...s, file, createdAt: spec.createdAt, nextOrdinal: spec.base?.endOrdinal ?? 0 };
  const w = new LineWriter(c, spec.createdAt.getTime());
  const meta: Record<string, unknown> = { id: s.id, session_id: s.id, timestamp: iso(spec.createdAt.getTime()), cwd: s.cwd, originator: 'codex-tui', cli_version: '0.171.0', source: 'cli', model_provider: 'openai', base_instructions: { text: 'You are Codex.' }, history_mode: 'paginated' };
  if (spec.base) meta.history_base = { thread_id: spec.base.rolloutId, end_ordinal_exclusive: spec.base.endOrdinal, end_byte_offset: spec.base.endByte };
  w.add('session_meta', meta);
  w.add('event_msg', { type: 'thread_settings_applied', thread_id: s.id, thread_settings: {} });
  for (const t of spec.turns ?? []) turnLines(c, t, w);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, w.lines.map((l) => `${l}\n`).join(''));
  return c;
}

/** Where turn `n` (1-based) of a paginated fixture session starts: its task_started line's ordinal and byte offset. */
export function turnStart(s: GenSession, n: number): { endOrdinal: number; endByte: number } {
  let offset = 0;
  for (const line of readFileSync(s.file, 'utf8').split('\n')) {
    const o = line ? (JSON.parse(line) as { ordinal?: number; payload?: { type?: string; turn_id?: string } }) : null;
    if (o?.payload?.type === 'task_started' && o.payload.turn_id === `turn-${n}`) return { endOrdinal: o.ordinal!, endByte: offset };
    offset += Buffer.byteLength(line) + 1;
  }
  throw new Error(`no turn ${n} in ${s.file}`);
}
