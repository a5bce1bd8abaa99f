// Which thread an exec run continues (new, --last, by id, fork) and the rollout it appends to.
import { statSync } from 'node:fs';
import path from 'node:path';
import type { TurnSettings } from '../core/agent/context-refresh.ts';
import type { ResponseItem } from '../core/agent/items.ts';
import type { RolloutSink } from '../core/agent/thread.ts';
import { ZERO_USAGE, type Usage } from '../core/model/usage.ts';
import { gitInfo, type GitInfo } from './git-info.ts';
import { assertRollout, findRolloutById, loadResumeLines, loadThreadLines, newThreadId, NotARolloutError, parseRolloutFileName, reconstructHistory, RolloutLockedError, RolloutWriter, toModelInput } from '../core/rollout/index.ts';
import { SessionResolveError, SessionStore } from '../core/sessions/index.ts';
import { sizeHeapForHistory } from './v8-flags.ts';
import { mergePatch, type WorldState } from '../core/agent/world-state.ts';
import type { RolloutLine } from '../core/rollout/schema.ts';

export type SessionTarget = { kind: 'new' } | { kind: 'last'; all: boolean } | { kind: 'resume'; id: string } | { kind: 'fork'; id: string };

/** A session that cannot be opened, with the one line to show for it (front ends print the message as is). */
export class SessionOpenError extends Error {}
export class SessionNotFoundError extends SessionOpenError {}

// Upstream runs exec and its TUI on its app-server: a session it cannot open is reported as the
// failed JSON-RPC call, with the server's error code.
const rpcFailure = (method: 'thread/resume' | 'thread/fork', message: string, code: number) => `Error: ${method}: ${method} failed: ${message} (code ${code})`;

/** The session's file must be a rollout (see core/rollout/head.ts); upstream's words when it is not. */
function checkIsRollout(file: string, method: 'thread/resume' | 'thread/fork'): void {
  try {
    assertRollout(file);
  } catch (e) {
    if (e instanceof NotARolloutError) throw new SessionOpenError(rpcFailure(method, `failed to read thread: thread-store internal error: ${e.message}`, -32603));
    throw e;
  }
}

export interface OpenSessionOptions {
  codexHome: string;
  cwd: string;
  target: SessionTarget;
  ephemeral: boolean;
  provider: string;
  baseInstructions: string;
  source: string;
  originator: string;
  cliVersion: string;
  /** an app-server's thread: a rollback's new file opens with one thread-settings line, not the TUI's two (see ./revert.ts) */
  served?: boolean;
  /**
   * A new session that works for another thread (a review's reviewer): recorded as upstream records
   * its sub-agents, under the parent's session and thread, so that thread lists hide it.
   */
  subagentOf?: { kind: 'review'; threadId: string; sessionId: string };
  /** session_meta's thread_source for a new session: `user` unless told (null: none recorded, as upstream's app-server without one) */
  threadSource?: string | null;
}

export interface OpenSession {
  id: string;
  /**
   * Resume/fork: the settings of the session's last turn that names its turn (a turn_context with a
   * turn_id), for the model-switch notice and the permissions/environment diff. null for legacy files.
   */
  lastSettings: TurnSettings | null;
  /** Resume/fork: the settings of the newest turn_context of any age (legacy ones too), to tell whether they changed. */
  storedSettings: TurnSettings | null;
  /** Resume/fork: the world state the model was last shown (see worldStateBaseline); null: re-send the whole context. */
  worldState: WorldState | null;
  /** Resuming a legacy file (no ordinals, no history_mode): new turns are recorded with legacy events. */
  legacy: boolean;
  history: ResponseItem[];
  /** the rollout holding the conversation so far, to show it: the session's (resume) or its parent's (fork) */
  transcriptFile: string | null;
  baseInstructions: string;
  usage: Usage;
  /** How full the context was at the session's last token count (0 for a new one). */
  contextTokens: number;
  rollout: RolloutSink & { readonly path: string | null; materialize(): void; settled(): Promise<void> };
  newId: () => string;
  close(): void;
}

/** Runs `fn` on the session index, brought up to date first. */
async function withIndex<T>(codexHome: string, fn: (store: SessionStore) => Promise<T> | T): Promise<T> {
  const store = SessionStore.open(codexHome);
  try {
    await store.refresh();
    return await fn(store);
  } finally {
    store.close();
  }
}

/** The most recently updated session started in this cwd (any cwd with --all), from the session index. */
export async function findLastSession(codexHome: string, cwd: string, all: boolean): Promise<{ id: string; path: string } | null> {
  return withIndex(codexHome, (store) => store.list({ all, cwd: all ? undefined : cwd, sort: 'updated', limit: 1 }).items[0] ?? null);
}

/** A session by full id, unique id prefix or name (session_index.jsonl), like every csm command. */
async function findByRef(codexHome: string, ref: string): Promise<string | null> {
  const direct = await findRolloutById(codexHome, ref);
  if (direct) return direct;
  return withIndex(codexHome, async (store) => {
    try {
      return (await store.resolve(ref)).path;
    } catch (e) {
      if (e instanceof SessionResolveError && e.kind === 'ambiguous') throw new SessionNotFoundError(`"${ref}" matches several sessions: ${e.candidates.map((c) => c.id).join(', ')}`);
      return null;
    }
  });
}

/**
 * The rollout a target would open (resume: the session's; fork: its parent's), found the way
 * openSession finds it; null for a new session or one that cannot be found (openSession then says why).
 * Lets a front end show the session's last turns while openSession still builds its history.
 */
export async function findSessionFile(codexHome: string, cwd: string, target: SessionTarget): Promise<string | null> {
  try {
    if (target.kind === 'new') return null;
    if (target.kind === 'last') return (await findLastSession(codexHome, cwd, target.all))?.path ?? null;
    return await findByRef(codexHome, target.id);
  } catch (e) {
    if (e instanceof SessionOpenError) return null;
    throw e;
  }
}

/**
 * How full the context was when the session was last measured: the newest token count's last
 * response total (after a compaction, the estimate recorded with it). 0 when none was recorded.
 */
function lastContextTokens(lines: RolloutLine[]): number {
  for (let i = lines.length - 1; i >= 0; i--) {
    const p = lines[i].payload as { type?: unknown; info?: { last_token_usage?: { total_tokens?: unknown } | null } | null } | undefined;
    if (lines[i].type !== 'event_msg' || p?.type !== 'token_count' || !p.info) continue;
    const total = p.info.last_token_usage?.total_tokens;
    if (typeof total === 'number') return total;
  }
  return 0;
}

/** The thread's token usage so far: the newest token_usage_record, or token_count (legacy sessions have only those). */
function lastThreadUsage(lines: RolloutLine[]): Usage {
  for (let i = lines.length - 1; i >= 0; i--) {
    const p = lines[i].payload as Record<string, unknown> | undefined;
    if (lines[i].type === 'token_usage_record' && p?.thread_token_usage) return { ...ZERO_USAGE, ...(p.thread_token_usage as Usage) };
    const info = p?.info as { total_token_usage?: Usage } | null | undefined;
    if (lines[i].type === 'event_msg' && p?.type === 'token_count' && info?.total_token_usage) return { ...ZERO_USAGE, ...info.total_token_usage };
  }
  return ZERO_USAGE;
}

type TurnContextPayload = { turn_id?: unknown; model?: unknown; approval_policy?: unknown; sandbox_policy?: { type?: unknown; mode?: unknown } | null };

function settingsOf(p: TurnContextPayload): TurnSettings {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  // Legacy turn contexts name the sandbox under `mode`, newer ones under `type`.
  return { model: str(p.model), approval: str(p.approval_policy), sandbox: str(p.sandbox_policy?.type) ?? str(p.sandbox_policy?.mode) };
}

function newestTurnContext(lines: readonly RolloutLine[], accept: (p: TurnContextPayload) => boolean): TurnSettings | null {
  for (let i = lines.length - 1; i >= 0; i--) {
    const p = lines[i].payload as TurnContextPayload | undefined;
    if (lines[i].type === 'turn_context' && p && accept(p)) return settingsOf(p);
  }
  return null;
}

/**
 * The settings of the newest turn_context that names its turn. Legacy files' contexts carry no turn
 * id; upstream neither warns about a model switch nor sends a model-switch notice against them.
 */
export function lastTurnSettings(lines: readonly RolloutLine[]): TurnSettings | null {
  return newestTurnContext(lines, (p) => typeof p.turn_id === 'string');
}

/** The settings the session last recorded, legacy turn contexts included: whether a resume changes them. */
export function lastStoredSettings(lines: readonly RolloutLine[]): TurnSettings | null {
  return newestTurnContext(lines, () => true);
}

export type { WorldState };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The world state the model was last shown, rebuilt from the rollout: every `world_state` line is
 * either a whole snapshot (`full: true`) or a merge patch on the state before it, replayed in file
 * order. A `compacted` line drops it (the replacement history no longer holds what the snapshot
 * describes), and a patch with no snapshot under it builds none. null: there is no baseline to
 * compare against, so a resume re-sends the whole context.
 */
export function worldStateBaseline(lines: readonly RolloutLine[]): WorldState | null {
  let state: WorldState | null = null;
  for (const line of lines) {
    if (line.type === 'compacted') state = null;
    if (line.type !== 'world_state') continue;
    const p = line.payload as { full?: unknown; state?: unknown } | undefined;
    const patch = isObject(p?.state) ? p.state : {};
    if (p?.full === true) state = mergePatch({}, patch) as WorldState;
    else if (state) state = mergePatch(state, patch) as WorldState;
  }
  return state;
}

function metaPayload(o: OpenSessionOptions, id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    session_id: id,
    timestamp: new Date().toISOString(),
    cwd: o.cwd,
    originator: o.originator,
    cli_version: o.cliVersion,
    source: o.source,
    ...(o.threadSource === null ? {} : { thread_source: o.threadSource ?? 'user' }),
    ...(o.subagentOf ? { session_id: o.subagentOf.sessionId, parent_thread_id: o.subagentOf.threadId, source: { subagent: o.subagentOf.kind }, thread_source: 'subagent' } : {}),
    model_provider: o.provider,
    base_instructions: { text: o.baseInstructions },
    history_mode: 'paginated',
    ...extra,
  };
}

const gitBlock = (git: GitInfo | undefined) => (git ? { git } : {});

/** A session's rollout as the thread writes it, and how it is closed. */
interface Sink extends RolloutSink {
  /** The file the thread writes to (named before anything is written to it); null when ephemeral. */
  readonly path: string | null;
  /** Writes the session's opening lines now rather than with its first turn (upstream's app-server forks so). */
  materialize(): void;
  /** Resolves once what was recorded so far is in its file (a rollback's new file open and written to). */
  settled(): Promise<void>;
  close(): void;
}

/**
 * The session_meta line goes in just before the first other line, so a thread with no turn leaves no
 * file. A rollback continues the session in a new file (see ./revert.ts); lines recorded while that
 * file is being opened wait for it, in order.
 */
function sinkFor(first: RolloutWriter, meta: Record<string, unknown> | null, o: { codexHome: string; ephemeral: boolean; served?: boolean }, forked = false): Sink {
  let writer = first;
  let pending = meta;
  let chain: Promise<void> | null = null;
  const later = (fn: () => void | Promise<void>) => {
    const mine: Promise<void> = (chain ?? Promise.resolve()).then(fn).catch((e: unknown) => process.emitWarning(`rollout: ${String(e)}`));
    chain = mine;
    void mine.finally(() => {
      if (chain === mine) chain = null;
    });
  };
  const opening = () => {
    if (pending) {
      writer.append({ type: 'session_meta', payload: pending });
      // Upstream applies the thread settings once when it forks and again when the fork's first turn starts.
      if (forked) writer.append({ type: 'event_msg', payload: { type: 'thread_settings_applied', thread_id: pending.id, thread_settings: {} } });
      pending = null;
    }
  };
  const append = (line: Parameters<RolloutWriter['append']>[0]) => {
    opening();
    writer.append(line);
  };
  const rolledBack = (numTurns: number) => append({ type: 'event_msg', payload: { type: 'thread_rolled_back', num_turns: numTurns } });
  return {
    get path() {
      return o.ephemeral ? null : writer.path;
    },
    materialize() {
      if (chain) later(opening);
      else opening();
    },
    async settled() {
      while (chain) await chain;
    },
    append(type, payload, metadata) {
      const line = metadata ? { type, payload, metadata } : { type, payload };
      if (chain) later(() => append(line));
      else append(line);
    },
    rollback(numTurns) {
      // Nothing on disk to continue (an ephemeral session, or no turn written yet): a line, as before.
      if (o.ephemeral || pending) return chain ? later(() => rolledBack(numTurns)) : rolledBack(numTurns);
      later(async () => {
        writer.flush();
        // Loaded on the first rollback only: it reads the thread's lines.
        const { openRevertFile } = await import('./revert.ts');
        const next = await openRevertFile(o.codexHome, writer.path, numTurns, o.served ? 1 : 2);
        if (!next) return rolledBack(numTurns);
        writer.close();
        writer = next;
      });
    },
    close() {
      if (chain) void chain.then(() => writer.close());
      else writer.close();
    },
  };
}

export async function openSession(o: OpenSessionOptions): Promise<OpenSession> {
  const newId = () => newThreadId();
  // A new or forked session records the workspace's git state; started first, so git runs while the rest opens.
  const git = o.target.kind === 'new' || o.target.kind === 'fork' ? gitInfo(o.cwd) : Promise.resolve(undefined);
  if (o.target.kind === 'new') {
    const id = newThreadId();
    const writer = RolloutWriter.create(o.codexHome, id, { ephemeral: o.ephemeral });
    const sink = sinkFor(writer, metaPayload(o, id, gitBlock(await git)), o);
    return {
      id,
      lastSettings: null,
      storedSettings: null,
      worldState: null,
      legacy: false,
      history: [],
      transcriptFile: null,
      baseInstructions: o.baseInstructions,
      usage: ZERO_USAGE,
      contextTokens: 0,
      rollout: sink,
      newId,
      close: () => sink.close(),
    };
  }
  const target = o.target;
  const file = target.kind === 'last' ? ((await findLastSession(o.codexHome, o.cwd, target.all))?.path ?? null) : await findByRef(o.codexHome, target.id);
  if (!file) throw new SessionNotFoundError(target.kind === 'last' ? 'No previous session found to resume.' : `No saved session found with id ${target.id}.`);
  checkIsRollout(file, target.kind === 'fork' ? 'thread/fork' : 'thread/resume');
  // Resume parses from the newest compaction on; a fork needs its parent's whole prefix.
  sizeHeapForHistory();
  const { lines } = target.kind === 'fork' ? await loadThreadLines(o.codexHome, file) : await loadResumeLines(o.codexHome, file);
  const meta = lines.find((l) => l.type === 'session_meta')?.payload as { id?: string; base_instructions?: { text?: string } | null; history_mode?: string | null } | undefined;
  const history = toModelInput(reconstructHistory(lines)) as ResponseItem[];
  const baseInstructions = meta?.base_instructions?.text ?? o.baseInstructions;
  const usage = lastThreadUsage(lines);
  const recorded = { contextTokens: lastContextTokens(lines), lastSettings: lastTurnSettings(lines), storedSettings: lastStoredSettings(lines), worldState: worldStateBaseline(lines) };
  if (target.kind === 'fork') {
    const id = newThreadId();
    const own = lines.filter((l) => typeof l.ordinal === 'number');
    const endOrdinal = own.length ? Math.max(...own.map((l) => l.ordinal as number)) + 1 : 0;
    const writer = RolloutWriter.create(o.codexHome, id, { ephemeral: o.ephemeral, firstOrdinal: endOrdinal });
    const parentId = meta?.id ?? target.id;
    // history_base names the parent file's rollout id (the id after `_` for a file continuing its thread).
    const parentRollout = parseRolloutFileName(path.basename(file))?.rolloutId ?? parentId;
    const extra = { forked_from_id: parentId, forked_from_ordinal_exclusive: endOrdinal, history_base: { thread_id: parentRollout, end_ordinal_exclusive: endOrdinal, end_byte_offset: statSync(file).size } };
    // A fork is a new paginated file, whatever its parent was.
    const forkMeta = metaPayload({ ...o, baseInstructions }, id, { ...extra, ...gitBlock(await git) });
    const sink = sinkFor(writer, forkMeta, o, true);
    return { id, ...recorded, legacy: false, history, transcriptFile: file, baseInstructions, usage, rollout: sink, newId, close: () => sink.close() };
  }
  const id = meta?.id ?? parseRolloutFileName(path.basename(file))?.threadId ?? '';
  let writer: RolloutWriter;
  try {
    writer = RolloutWriter.resume(file, { ephemeral: o.ephemeral });
  } catch (e) {
    // Another process is appending to this session (a second `exec resume` of it, a TUI).
    if (e instanceof RolloutLockedError) throw new SessionOpenError(rpcFailure('thread/resume', `thread ${id} already has an active writer`, -32600));
    throw e;
  }
  const legacy = writer.legacy && !meta?.history_mode;
  const sink = sinkFor(writer, null, o);
  return { id, ...recorded, legacy, history, transcriptFile: file, baseInstructions, usage, rollout: sink, newId, close: () => sink.close() };
}
