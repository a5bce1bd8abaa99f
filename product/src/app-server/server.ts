// csm's app-server: upstream's JSON-RPC protocol (product/protocol/app-server) over any transport.
// Each connection initializes, then starts, resumes or forks threads and runs turns on them. A
// loaded thread is a core Thread (runtime/open-thread.ts) whose events become the protocol's
// notifications for every connection subscribed to it; approvals go out as server requests to
// those connections and the first answer decides. A connection that goes away unsubscribes: the
// thread's turn runs on and its rollout is written as if nobody had left.
import os from 'node:os';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { ConfigError, type ApprovalPolicy, type ResolvedConfig } from '../core/config/index.ts';
import type { ApprovalDecision, ApprovalRequest } from '../core/agent/tools.ts';
import type { ThreadEvent } from '../core/protocol/thread-events.ts';
import { SessionStore } from '../core/sessions/store.ts';
import { findRolloutById } from '../core/rollout/paths.ts';
import { checkRolloutHead } from '../core/rollout/head.ts';
import { loadFrontEndConfig } from '../runtime/front-end.ts';
import type { OpenedThread } from '../runtime/open-thread.ts';
import { SessionOpenError, type SessionTarget } from '../runtime/session.ts';
import { VERSION } from '../version.ts';
import { checkParams, clientMethods, preloadValidator, PROTOCOL_VERSION, type ProtocolThread, type ProtocolTurn } from './protocol.ts';
import type { ProtocolItem } from './protocol.ts';
import type { JsonValue } from '../../protocol/app-server/ts/serde_json/JsonValue.ts';
import type { McpToolCallResult } from '../../protocol/app-server/ts/v2/McpToolCallResult.ts';
import { installationId, userAgent } from './identity.ts';
import { readConfig } from './config-read.ts';
import { backwardsCursor, factsOf, listQuery, protocolThread, recordedTail, type RecordedTail, type ThreadFacts } from './threads.ts';
import { agentMessageItem, decodeTurnsCursor, emptyTurn, encodeTurnsCursor, pageOfTurns, readPlacedTurns, readTurns, userMessageItem } from './turns.ts';
import { ReadConflict, ReadStates } from './read-state.ts';
import { decodeItemsCursor, encodeItemsCursor, pageOfItems, readHistory, readPlacedItems } from './items.ts';
import { REVIEW_NOT_FINISHED, reviewModeItem, reviewStartTurn, reviewTargetOf } from './review.ts';
import { mergeBase, reviewRequest, type ReviewRequest } from '../core/review/target.ts';
import { NO_REVIEW, parseReviewOutput, renderReview } from '../core/review/output.ts';
import { REVIEW_INSTRUCTIONS } from '../core/review/instructions.ts';
import { REVIEW_TOOLS } from '../exec/review.ts';

/** One client, whatever carries its messages. */
export interface Connection {
  send(message: Record<string, unknown>): void;
  close(): void;
}

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    /** the error's `data`: what a client needs to recover (the current read state of a conflict) */
    readonly data?: unknown,
  ) {
    super(message);
  }
}

const FULL_HISTORY_DEPRECATED = 'Full-history hydration is deprecated for paginated threads; omit `includeTurns` or set it to `false`, then page with `thread/turns/list` and `thread/items/list`.';

/** A rollout's token usage (snake_case) as the protocol's TokenUsageBreakdown. */
function protocolUsage(x: Record<string, any>) {
  return { totalTokens: x.total_tokens ?? 0, inputTokens: x.input_tokens ?? 0, cachedInputTokens: x.cached_input_tokens ?? 0, cacheWriteInputTokens: x.cache_write_input_tokens ?? 0, outputTokens: x.output_tokens ?? 0, reasoningOutputTokens: x.reasoning_output_tokens ?? 0 };
}

/** session_meta's git block as the protocol's gitInfo. */
function gitOf(file: string): ThreadFacts['gitInfo'] {
  const head = checkRolloutHead(file);
  const git = head.ok ? ((head.meta as { git?: { commit_hash?: unknown; branch?: unknown } }).git ?? null) : null;
  if (!git) return null;
  return { sha: typeof git.commit_hash === 'string' ? git.commit_hash : null, branch: typeof git.branch === 'string' ? git.branch : null };
}

/** session_meta's thread_source, read from the rollout's head. */
function threadSourceOf(file: string): string | null {
  const head = checkRolloutHead(file);
  const source = head.ok ? (head.meta as { thread_source?: unknown }).thread_source : null;
  return typeof source === 'string' ? source : null;
}

const INVALID_REQUEST = -32600;
const METHOD_NOT_FOUND = -32601;
const INVALID_PARAMS = -32602;
const INTERNAL = -32603;

interface ClientState {
  initialized: boolean;
  clientName: string;
  optOut: Set<string>;
}

interface RunningTurn {
  id: string;
  abort: AbortController;
  startedAt: number;
  /** resolves once the turn has recorded how it ended (turn_aborted for an interrupt) */
  ended: Promise<void>;
  end: () => void;
  /** a review's: the reviewer's own turn, once started (upstream's clients interrupt the review by it) */
  reviewerTurnId?: string;
}

/** A thread csm has open: its core Thread, who listens, and the turn that runs. */
class LoadedThread {
  readonly subscribers: Set<Connection>;
  running: RunningTurn | null = null;
  /** rollout-tap state for the running turn */
  lastTurnId: string | null = null;
  agent: { id: string; text: string; startedAt: number } | null = null;
  turnItems: unknown[] = [];
  /** Tool calls of the running turn whose output is not recorded yet, oldest first: the first is the one running. */
  calls: Array<{ id: string; cmd: string | null }> = [];
  /** A command's item as clients know it: its call id (upstream's item id), words and start. */
  commands = new Map<string, { callId: string; cmd: string | null; startedAt: number; shown: boolean }>();
  /** The command the approval question announced (its item/started went out with the question). */
  announced: { callId: string; cmd: string | null; startedAt: number } | null = null;
  /** What the rollout recorded of each finished command, by call id. */
  commandEnds = new Map<string, { processId: string | null; durationMs: number | null }>();
  /**
   * A command's output as it runs, by call id: the turn its item started in once the clients were
   * told (its output goes out from then on), what came before that held until then.
   */
  outputs = new Map<string, { turnId: string | null; held: string[] }>();
  /** The process each running command runs as, by call id (its item shows it from the start). */
  processIds = new Map<string, string>();
  /** Prompts steered into the running turn that have not joined it yet: the client's id for each. */
  steered: Array<string | null> = [];
  /** The prompt of the turn being started: the client's id for it, and its item's id once recorded. */
  prompt: { clientId: string | null; itemId: string | null } | null = null;
  /**
   * A `!command` turn being recorded: its lines carry the turn and item ids the clients were told
   * (the core names its own), `from` being the core's turn id once seen.
   */
  shellIds: { turnId: string; itemId: string; from: string | null } | null = null;

  constructor(
    readonly opened: OpenedThread,
    readonly cfg: ResolvedConfig,
    public facts: ThreadFacts,
    readonly approvalPolicy: ApprovalPolicy,
    /**
     * Whether the permissions came from a named profile (the config's): not when the client named
     * a legacy sandbox mode, nor when a resumed or forked session's recorded settings decided.
     */
    readonly fromProfile: boolean,
    /**
     * The thread a reviewer works for (review/start): what the reviewer does reaches that thread's
     * clients under that thread's id and turn.
     */
    readonly reviewing: LoadedThread | null = null,
  ) {
    this.subscribers = reviewing?.subscribers ?? new Set();
  }

  get id(): string {
    return this.reviewing?.id ?? this.opened.thread.id;
  }
}

export interface AppServerOptions {
  codexHome: string;
  /** -c overrides from the command line, applied to every thread */
  config: string[];
  /** start-up warnings sent to each client once it initialized (configWarning) */
  warnings?: string[];
}

type Params = Record<string, any>;
type Handler = (conn: Connection, params: Params) => Promise<unknown> | unknown;

const sandboxPolicy = (cfg: ResolvedConfig) =>
  cfg.sandboxMode === 'workspace-write'
    ? { type: 'workspaceWrite', writableRoots: cfg.sandboxWorkspaceWrite.writableRoots, networkAccess: cfg.sandboxWorkspaceWrite.networkAccess, excludeTmpdirEnvVar: cfg.sandboxWorkspaceWrite.excludeTmpdirEnvVar, excludeSlashTmp: cfg.sandboxWorkspaceWrite.excludeSlashTmp }
    : cfg.sandboxMode === 'read-only'
      ? { type: 'readOnly', networkAccess: false }
      : { type: 'dangerFullAccess' };

const PROFILE_IDS: Record<string, string> = { 'workspace-write': ':workspace', 'read-only': ':read-only', 'danger-full-access': ':danger-full-access' };
/** A built-in permission profile named in thread/start (upstream's TUI starts its title threads with `:read-only`). */
const PROFILE_SANDBOX: Record<string, string> = Object.fromEntries(Object.entries(PROFILE_IDS).map(([mode, id]) => [id, mode]));

export class AppServer {
  private readonly clients = new Map<Connection, ClientState>();
  private readonly loaded = new Map<string, LoadedThread>();
  private readonly pending = new Map<number | string, { threadId: string; conns: Set<Connection>; resolve: (result: any) => void }>();
  private nextServerRequestId = 0;
  private store: SessionStore | null = null;
  private readonly readStates: ReadStates;
  private refreshed: Promise<unknown> | null = null;
  private readonly handlers: Record<string, Handler>;
  /** Notifications that follow a response (thread/started after thread/start's answer). */
  private afterResponse: Array<() => void> = [];

  constructor(private readonly o: AppServerOptions) {
    this.readStates = new ReadStates(o.codexHome);
    this.handlers = {
      'thread/start': (c, p) => this.threadStart(c, p),
      'thread/resume': (c, p) => this.threadResume(c, p),
      'thread/fork': (c, p) => this.threadFork(c, p),
      'thread/list': (_c, p) => this.threadList(p),
      'thread/loaded/list': () => ({ data: [...this.loaded.keys()], nextCursor: null }),
      'thread/read': (c, p) => this.threadRead(c, p),
      'thread/turns/list': (_c, p) => this.turnsList(p),
      'thread/items/list': (_c, p) => this.itemsList(p),
      'thread/archive': (_c, p) => this.archive(p, true),
      'thread/unarchive': (_c, p) => this.archive(p, false),
      'thread/name/set': (_c, p) => this.setName(p),
      'thread/unsubscribe': (c, p) => this.unsubscribe(c, p),
      'thread/readState/update': (_c, p) => this.readStateUpdate(p),
      'turn/start': (c, p) => this.turnStart(c, p),
      'turn/interrupt': (_c, p) => this.turnInterrupt(p),
      'turn/steer': (_c, p) => this.turnSteer(p),
      'thread/shellCommand': (c, p) => this.shellCommand(c, p),
      'thread/revert': (_c, p) => this.revert(p),
      'review/start': (c, p) => this.reviewStart(c, p),
      'model/list': () => this.modelList(),
      'account/read': () => ({ account: null, userId: null, requiresOpenaiAuth: false, workspaceRouting: null }),
      'account/bedrock/checkGovCloudRequirements': () => ({ isGovCloud: false, shouldWarn: false }),
      'config/read': (_c, p) => this.configRead(p),
      'configRequirements/read': () => ({ supportsIndependentSpeedModes: true, requirements: null }),
      'hooks/list': (_c, p) => ({ data: (p.cwds ?? [process.cwd()]).map((cwd: string) => ({ cwd, hooks: [], warnings: [], errors: [] })) }),
      'skills/list': (_c, p) => ({ data: (p.cwds ?? [process.cwd()]).map((cwd: string) => ({ cwd, skills: [], errors: [] })) }),
      'plugin/installed': () => ({ marketplaces: [], marketplaceLoadErrors: [] }),
      'collaborationMode/list': () => ({
        data: [
          { name: 'Plan', mode: 'plan', model: null, reasoning_effort: 'medium' },
          { name: 'Default', mode: 'default', model: null, reasoning_effort: null },
        ],
      }),
      'mcpServerStatus/list': () => this.mcpStatus(),
    };
  }

  /** The methods this server answers (the rest of upstream's get an error naming them). */
  get methods(): string[] {
    return ['initialize', ...Object.keys(this.handlers)];
  }

  connect(conn: Connection): void {
    this.clients.set(conn, { initialized: false, clientName: 'unknown', optOut: new Set() });
  }

  /** The connection is gone: it stops listening; its threads (and their turns) go on. */
  disconnect(conn: Connection): void {
    this.clients.delete(conn);
    for (const t of this.loaded.values()) t.subscribers.delete(conn);
    for (const [id, p] of this.pending) {
      p.conns.delete(conn);
      // Nobody left to answer: the call is declined, as a closed modal would.
      if (!p.conns.size) {
        this.pending.delete(id);
        p.resolve({ decision: 'decline' });
      }
    }
    for (const t of [...this.loaded.values()]) this.maybeUnload(t);
  }

  async close(): Promise<void> {
    for (const t of this.loaded.values()) {
      t.running?.abort.abort();
      t.opened.tools.close?.();
      t.opened.session.close();
    }
    this.loaded.clear();
    this.store?.close();
  }

  /** One text frame from a client. */
  async receive(conn: Connection, text: string): Promise<void> {
    let msg: any;
    try {
      msg = JSON.parse(text);
    } catch (e) {
      conn.send({ error: { code: -32700, message: `Parse error: ${(e as Error).message}` }, id: null });
      return;
    }
    if (!msg || typeof msg !== 'object') return conn.send({ error: { code: INVALID_REQUEST, message: 'Invalid request: not an object' }, id: null });
    if (!('method' in msg)) {
      // A response to one of our requests.
      const p = this.pending.get(msg.id);
      if (p && p.conns.has(conn)) {
        this.pending.delete(msg.id);
        p.resolve(msg.result ?? { decision: 'decline' });
      }
      return;
    }
    if (!('id' in msg)) {
      // Notifications need no answer. Once initialized, a client learns the remote-control state
      // as from upstream: csm has no remote control, so it is disabled.
      if (msg.method === 'initialized' && this.clients.get(conn)?.initialized)
        this.notify([conn], 'remoteControl/status/changed', { status: 'disabled', serverName: os.hostname(), installationId: installationId(this.o.codexHome), environmentId: null });
      return;
    }
    try {
      const result = await this.dispatch(conn, String(msg.method), msg.params ?? {});
      conn.send({ id: msg.id, result });
      for (const f of this.afterResponse.splice(0)) f();
    } catch (e) {
      const err = e instanceof RpcError ? e : new RpcError(INTERNAL, (e as Error).message);
      conn.send({ error: { code: err.code, ...(err.data !== undefined ? { data: err.data } : {}), message: err.message }, id: msg.id });
    }
  }

  private async dispatch(conn: Connection, method: string, params: Params): Promise<unknown> {
    const state = this.clients.get(conn);
    if (!state) throw new RpcError(INVALID_REQUEST, 'connection closed');
    const known = clientMethods();
    if (!known.has(method)) throw new RpcError(INVALID_REQUEST, `Invalid request: unknown variant \`${method}\`, expected one of ${[...known.keys()].map((m) => `\`${m}\``).join(', ')}`);
    const invalid = await checkParams(method, params);
    // A missing field is refused as upstream's deserializer refuses it; other problems in csm's words.
    if (invalid?.missingField) throw new RpcError(INVALID_REQUEST, `Invalid request: missing field \`${invalid.missingField}\``);
    if (invalid) throw new RpcError(INVALID_PARAMS, `Invalid params for ${method}: ${invalid.message}`);
    if (method === 'initialize') {
      if (state.initialized) throw new RpcError(INVALID_REQUEST, 'Already initialized');
      state.initialized = true;
      state.clientName = String(params.clientInfo?.name ?? 'unknown');
      state.optOut = new Set(params.capabilities?.optOutNotificationMethods ?? []);
      const version = String(params.clientInfo?.version ?? '');
      setTimeout(() => this.warnings(conn), 0);
      // The version a client reads is the codex protocol csm speaks (upstream's TUI warns about an
      // older server otherwise), in upstream's layout.
      return { userAgent: userAgent(state.clientName, version, PROTOCOL_VERSION), codexHome: this.o.codexHome, platformFamily: 'unix', platformOs: 'linux' };
    }
    if (!state.initialized) throw new RpcError(INVALID_REQUEST, 'Not initialized');
    const handler = this.handlers[method];
    if (!handler) throw new RpcError(METHOD_NOT_FOUND, `csm's app-server does not serve \`${method}\``);
    return handler(conn, params);
  }

  private warnings(conn: Connection) {
    for (const w of this.o.warnings ?? []) this.notify([conn], 'configWarning', { summary: w, details: null });
  }

  private notify(conns: Iterable<Connection>, method: string, params: unknown): void {
    const msg = { method, params, emittedAtMs: Date.now() };
    for (const c of conns) if (!this.clients.get(c)?.optOut.has(method)) c.send(msg);
  }

  // --- the session index -------------------------------------------------------------------

  /** The index, brought up to date once at start; csm indexes what it writes itself as it goes. */
  private async index(): Promise<SessionStore> {
    this.store ??= SessionStore.open(this.o.codexHome);
    this.refreshed ??= this.store.refresh();
    await this.refreshed;
    return this.store;
  }

  /** Indexes a thread's rollout after csm wrote it (a new thread's file exists from its first turn on). */
  private async reindexThread(t: LoadedThread): Promise<void> {
    if (!t.facts.path && !t.facts.ephemeral) t.facts = { ...t.facts, path: await findRolloutById(this.o.codexHome, t.id) };
    await this.reindex(t.facts.path);
  }

  private async reindex(file: string | null): Promise<void> {
    if (!file) return;
    const store = await this.index();
    await store.indexFile(file).catch(() => null);
  }

  // --- threads ------------------------------------------------------------------------------

  private config(cwd: string, p: Params): ResolvedConfig {
    const overrides = [...this.o.config];
    for (const [k, v] of Object.entries((p.config ?? {}) as Record<string, unknown>)) overrides.push(`${k}=${JSON.stringify(v)}`);
    const fixed: Record<string, unknown> = {};
    if (p.approvalPolicy && typeof p.approvalPolicy === 'string') fixed.approval_policy = p.approvalPolicy;
    try {
      return loadFrontEndConfig({ config: overrides, enable: [], disable: [], addDir: [], target: { kind: 'new' }, model: p.model ?? undefined, sandbox: p.sandbox ?? PROFILE_SANDBOX[p.permissions] ?? undefined }, cwd, this.o.codexHome, fixed);
    } catch (e) {
      if (e instanceof ConfigError) throw new RpcError(INVALID_REQUEST, `Error loading config.toml: ${e.message}`);
      throw e;
    }
  }

  private async open(conn: Connection, p: Params, target: SessionTarget, method: string, originator?: string): Promise<LoadedThread> {
    const cwd = path.resolve(p.cwd ?? process.cwd());
    const cfg = this.config(cwd, p);
    // The model client, tools and MCP load with the first thread: listing and reading threads need none of them.
    const { openThread, providerApiKey } = await import('../runtime/open-thread.ts');
    // Node loads its HTTP client (fetch) on first use, ~20-40 ms, and turn/start's validator is a
    // module of its own: both load while the thread opens (git runs meanwhile) rather than between
    // the thread's first turn/start and its first delta.
    setImmediate(() => {
      new Headers();
      preloadValidator('turn/start');
    });
    const key = providerApiKey(cfg);
    if ('error' in key) throw new RpcError(INVALID_REQUEST, key.error);
    const client = this.clients.get(conn)!;
    let loaded: LoadedThread | null = null;
    let opened: OpenedThread;
    try {
      opened = await openThread({
        cfg,
        codexHome: this.o.codexHome,
        target,
        ephemeral: Boolean(p.ephemeral),
        addDirs: [],
        apiKey: key.apiKey,
        source: 'vscode',
        // The thread's source as the client named it (upstream records none when it names none).
        threadSource: target.kind === 'new' ? (typeof p.threadSource === 'string' ? p.threadSource : null) : undefined,
        originator: originator ?? client.clientName,
        approvalPolicy: cfg.approvalPolicy,
        interactive: true,
        // Upstream's app-server threads offer MCP resource tools only with MCP servers configured.
        resourceToolsAlways: false,
        served: true,
        requestApproval: (req) => this.requestApproval(loaded!, req),
        onTextDelta: (delta, itemId) => loaded && this.onDelta(loaded, delta, itemId),
        onCommandStarted: (callId, pid) => loaded?.processIds.set(callId, String(pid)),
        onCommandOutput: (callId, piece) => loaded && this.onCommandOutput(loaded, callId, piece),
      });
    } catch (e) {
      if (e instanceof SessionOpenError) throw new RpcError(INVALID_REQUEST, e.message.replace(/^Error: /, ''));
      throw e;
    }
    const now = Math.floor(Date.now() / 1000);
    // Named at once, as upstream's (the file itself appears with the first turn).
    const writerPath = opened.session.rollout.path;
    const facts: ThreadFacts = {
      id: opened.thread.id,
      path: writerPath,
      cwd,
      createdAt: now,
      updatedAt: now,
      source: 'vscode',
      originator: originator ?? client.clientName,
      model: cfg.model,
      provider: cfg.modelProviderId,
      name: null,
      preview: '',
      forkedFromId: null,
      ephemeral: Boolean(p.ephemeral),
      threadSource: typeof p.threadSource === 'string' ? p.threadSource : null,
      cliVersion: VERSION,
      historyMode: 'paginated',
      gitInfo: null,
    };
    loaded = new LoadedThread(opened, cfg, facts, cfg.approvalPolicy, target.kind === 'new' && !p.sandbox);
    this.tapRollout(loaded);
    loaded.subscribers.add(conn);
    this.loaded.set(loaded.id, loaded);
    void method;
    return loaded;
  }

  /** What the thread's rollout records tells the clients what they cannot see in thread events: turn ids and token usage. */
  private tapRollout(t: LoadedThread): void {
    const sink = t.opened.session.rollout;
    const append = sink.append.bind(sink);
    sink.append = (type, payload) => {
      payload = this.shellIdsOf(t, payload);
      // A prompt's item is recorded with the client's id for it (upstream's client_id), and the clients know it by its recorded id.
      const prompt = type === 'event_msg' && payload.type === 'item_completed' && (payload.item as { type?: string } | undefined)?.type === 'UserMessage' ? (payload.item as { id?: string; content?: Array<{ text?: string }> }) : null;
      const steered = prompt && t.running && t.steered.length ? { clientId: t.steered.shift() ?? null } : null;
      const opening = prompt && !steered && t.prompt && t.prompt.itemId === null ? t.prompt : null;
      const clientId = steered?.clientId ?? opening?.clientId ?? null;
      if (prompt && clientId) payload = { ...payload, item: { ...prompt, client_id: clientId } };
      if (opening) opening.itemId = String(prompt!.id ?? '');
      append(type, payload);
      // A steered prompt joins the running turn when the model is asked again: the clients see its item then.
      if (steered) this.steeredJoined(t, steered.clientId, String(prompt!.id ?? t.opened.session.newId()), (prompt!.content ?? []).map((c) => c.text ?? '').join(''));
      if (type === 'event_msg' && payload.type === 'task_started') t.lastTurnId = String(payload.turn_id);
      if (type === 'event_msg' && (payload.type === 'turn_aborted' || payload.type === 'task_complete')) t.running?.end();
      // The calls as the model made them: the command items take their ids (and words) from them.
      if (type === 'response_item' && typeof payload.call_id === 'string') {
        if (String(payload.type).endsWith('_output')) t.calls = t.calls.filter((c) => c.id !== payload.call_id);
        else if (String(payload.type).endsWith('_call')) t.calls.push({ id: payload.call_id, cmd: commandWords(payload) });
      }
      if (type === 'event_msg' && payload.type === 'item_completed') {
        const item = payload.item as Record<string, unknown> | undefined;
        if (item?.type === 'CommandExecution' && typeof item.id === 'string')
          t.commandEnds.set(item.id, { processId: typeof item.process_id === 'string' ? item.process_id : null, durationMs: typeof item.duration_ms === 'number' ? item.duration_ms : null });
      }
      // A token count (after each model response and the tools it called, and when a turn is
      // interrupted) is what upstream announces usage and rate limits on; a count with no usage
      // measured yet announces the rate limits only.
      if (type === 'event_msg' && payload.type === 'token_count' && !t.reviewing) {
        const info = payload.info as Record<string, any> | null;
        if (info && t.running) this.notify(t.subscribers, 'thread/tokenUsage/updated', { threadId: t.id, turnId: t.running.id, tokenUsage: { total: protocolUsage(info.total_token_usage ?? {}), last: protocolUsage(info.last_token_usage ?? {}), modelContextWindow: info.model_context_window ?? null } });
        this.notify(t.subscribers, 'account/rateLimits/updated', { rateLimits: { limitId: 'codex', limitName: null, normalModelSlug: null, primary: null, secondary: null, credits: null, individualLimit: null, spendControlReached: null, planType: null, rateLimitReachedType: null } });
      }
    };
  }

  private sessionResponse(t: LoadedThread, thread: ProtocolThread) {
    const cfg = t.cfg;
    return {
      thread,
      model: cfg.model,
      modelProvider: cfg.modelProviderId,
      serviceTier: null,
      disabledPluginIds: [],
      cwd: t.facts.cwd,
      runtimeWorkspaceRoots: [t.facts.cwd],
      instructionSources: [],
      approvalPolicy: t.approvalPolicy,
      approvalsReviewer: 'user',
      sandbox: sandboxPolicy(cfg),
      activePermissionProfile: t.fromProfile ? { id: PROFILE_IDS[cfg.sandboxMode] ?? ':workspace', extends: null } : null,
      reasoningEffort: cfg.modelReasoningEffort ?? null,
      multiAgentMode: 'explicitRequestOnly',
    };
  }

  private status(t: LoadedThread): ProtocolThread['status'] {
    return (t.running ? { type: 'active', activeFlags: [] } : { type: 'idle' }) as ProtocolThread['status'];
  }

  private async threadStart(conn: Connection, p: Params) {
    const t = await this.open(conn, p, { kind: 'new' }, 'thread/start');
    const thread = protocolThread(t.facts, this.status(t));
    this.afterResponse.push(() => this.notify(t.subscribers, 'thread/started', { thread }));
    return this.sessionResponse(t, thread);
  }

  private async knownThread(id: unknown) {
    if (typeof id !== 'string' || !id) throw new RpcError(INVALID_PARAMS, 'threadId is required');
    const store = await this.index();
    const row = store.get(id);
    if (!row) throw new RpcError(INVALID_REQUEST, `thread not found: ${id}`);
    return row;
  }

  /** A resumed or forked session runs with the approval policy and sandbox its last turn recorded, unless the client names others. */
  private recorded(p: Params, r: RecordedTail): Params {
    return { ...p, approvalPolicy: p.approvalPolicy ?? r.approval, sandbox: p.sandbox ?? r.sandbox };
  }

  private async threadResume(conn: Connection, p: Params) {
    let t = this.loaded.get(String(p.threadId));
    let opened = false;
    let tail: RecordedTail = {};
    if (!t) {
      const row = await this.knownThread(p.threadId);
      tail = recordedTail(row.path);
      // The session goes on with the model it ran with, unless the client names another (as upstream's).
      t = await this.open(conn, this.recorded({ ...p, cwd: p.cwd ?? row.cwd, model: p.model ?? row.model ?? null }, tail), { kind: 'resume', id: row.id }, 'thread/resume');
      t.facts = { ...factsOf(row, VERSION), updatedAt: t.facts.updatedAt, threadSource: threadSourceOf(row.path) };
      opened = true;
    }
    t.subscribers.add(conn);
    const loaded = t;
    // The client learns the thread is loaded (idle) before the answer, then its usage so far and that it has no goal.
    if (opened) this.notify([conn], 'thread/status/changed', { threadId: t.id, status: this.status(t) });
    const history = t.facts.path && existsSync(t.facts.path) ? await readHistory(this.o.codexHome, t.facts.path) : { turns: [], items: [] };
    const placed = history.turns;
    const newestItem = history.items.at(-1);
    const turns = p.excludeTurns ? [] : placed.map((x) => x.turn);
    const newest = placed.at(-1);
    if (opened)
      this.afterResponse.push(() => {
        if (tail.tokens) this.notify([conn], 'thread/tokenUsage/updated', { threadId: loaded.id, turnId: tail.turnId ?? '', tokenUsage: { total: protocolUsage(tail.tokens.total), last: protocolUsage(tail.tokens.last), modelContextWindow: tail.tokens.contextWindow } });
        // csm keeps no goal on a resumed thread: the client drops any it showed.
        this.notify([conn], 'thread/goal/cleared', { threadId: loaded.id });
      });
    const initialTurnsPage = p.initialTurnsPage && t.facts.path ? await this.turnsList({ threadId: t.id, ...p.initialTurnsPage }) : null;
    return {
      ...this.sessionResponse(t, protocolThread(t.facts, this.status(t), turns)),
      collaborationMode: { mode: 'default', settings: { developer_instructions: null, model: t.cfg.model, reasoning_effort: t.cfg.modelReasoningEffort ?? null } },
      initialTurnsPage,
      // Where a client pages the history back from: thread/turns/list, newest first, from the newest turn.
      turnsBackwardsCursor: newest ? encodeTurnsCursor(t.id, newest.ordinal, true) : null,
      // and thread/items/list, newest first, from the newest item
      itemsBackwardsCursor: newestItem ? encodeItemsCursor(t.id, newestItem.ordinal, true) : null,
    };
  }

  private async threadFork(conn: Connection, p: Params) {
    const row = await this.knownThread(p.threadId);
    const t = await this.open(conn, this.recorded({ ...p, cwd: p.cwd ?? row.cwd }, recordedTail(row.path)), { kind: 'fork', id: row.id }, 'thread/fork', row.originator ?? undefined);
    // The fork's file is written at once (upstream's is listed from then on), and tells the workspace's git state.
    t.opened.session.rollout.materialize();
    const file = t.opened.session.rollout.path;
    const git = file ? gitOf(file) : null;
    t.facts = { ...t.facts, forkedFromId: row.id, preview: row.firstUserMessage ?? '', name: null, gitInfo: git };
    if (file) await this.reindex(file);
    const turns = p.excludeTurns ? [] : await readTurns(this.o.codexHome, row.path);
    const thread = protocolThread(t.facts, this.status(t), turns);
    this.afterResponse.push(() => this.notify(t.subscribers, 'thread/started', { thread: { ...thread, turns: [] } }));
    return this.sessionResponse(t, thread);
  }

  private async threadList(p: Params) {
    const store = await this.index();
    const query = listQuery(p);
    let page;
    try {
      page = store.list(query);
    } catch (e) {
      throw new RpcError(INVALID_PARAMS, (e as Error).message);
    }
    const data = page.items.map((s) => {
      const t = this.loaded.get(s.id);
      // A loaded thread is known better than its file tells yet (a fork with no turn of its own: its model, its parent's preview).
      const facts = t ? { ...factsOf(s, VERSION), model: s.model ?? t.facts.model, preview: s.firstUserMessage ?? t.facts.preview } : factsOf(s, VERSION);
      return protocolThread(facts, t ? this.status(t) : ({ type: 'notLoaded' } as ProtocolThread['status']), [], { listed: true });
    });
    const readStates = Object.fromEntries(page.items.map((s) => [s.id, this.readStates.get(s.id)]));
    return { data, readStates, nextCursor: page.nextCursor, backwardsCursor: backwardsCursor(page.items[0], query) };
  }

  private async threadRead(conn: Connection, p: Params) {
    const t = this.loaded.get(String(p.threadId));
    const row = await this.index().then((s) => s.get(String(p.threadId)));
    if (!t && !row) throw new RpcError(INVALID_REQUEST, `thread not found: ${p.threadId}`);
    const file = row?.path ?? null;
    const base = row ? factsOf(row, VERSION) : t!.facts;
    // A loaded thread knows its model when its file does not say it (a thread whose one turn was a review).
    const facts = { ...base, model: base.model ?? t?.facts.model ?? null, threadSource: t?.facts.threadSource ?? (file ? threadSourceOf(file) : null) };
    let turns: ProtocolTurn[] = [];
    // A paginated thread's whole history is deprecated (upstream says so; a client pages it with
    // thread/turns/list): upstream still sends it for a thread it has loaded, not for one on disk only.
    if (p.includeTurns && facts.historyMode === 'paginated') this.notify([conn], 'deprecationNotice', { summary: FULL_HISTORY_DEPRECATED, details: null });
    if (p.includeTurns && file && (facts.historyMode !== 'paginated' || t)) turns = await readTurns(this.o.codexHome, file);
    // A thread with nothing on disk yet has no read marker.
    const readState = file ? this.readStates.get(facts.id) : null;
    return { thread: protocolThread(facts, t ? this.status(t) : ({ type: 'notLoaded' } as ProtocolThread['status']), turns), readState };
  }

  private async readStateUpdate(p: Params) {
    const id = String(p.threadId);
    if (!this.loaded.has(id)) await this.knownThread(id);
    let readState;
    try {
      readState = this.readStates.update(id, p.operation?.type === 'unread' ? 'unread' : 'read', String(p.expectedRevision));
    } catch (e) {
      if (e instanceof ReadConflict) throw new RpcError(INVALID_REQUEST, e.message, { reason: 'readStateConflict', readState: e.current });
      throw e;
    }
    this.notify(this.clients.keys(), 'thread/readState/changed', { threadId: id, readState });
    return { readState };
  }

  /** The rollout a thread's history is read from (a new thread's file appears with its first turn). */
  private async historyFile(p: Params, method: string): Promise<string> {
    const t = this.loaded.get(String(p.threadId));
    const row = await this.index().then((s) => s.get(String(p.threadId)));
    const file = row?.path ?? t?.facts.path ?? null;
    if (!file) throw new RpcError(INVALID_REQUEST, `thread not found: ${p.threadId}`);
    if (!row && !existsSync(file)) throw new RpcError(INVALID_REQUEST, `thread ${p.threadId} is not materialized yet; ${method} is unavailable before first user message`);
    return file;
  }

  private async itemsList(p: Params) {
    const file = await this.historyFile(p, 'thread/items/list');
    const anchor = p.cursor && typeof p.cursor === 'object' && p.cursor.type === 'item' ? String(p.cursor.itemId) : null;
    if (anchor && !p.turnId) throw new RpcError(INVALID_PARAMS, 'an item anchor needs turnId');
    const cursor = typeof p.cursor === 'string' ? decodeItemsCursor(p.cursor) : null;
    if (typeof p.cursor === 'string' && !cursor) throw new RpcError(INVALID_PARAMS, `invalid cursor: ${p.cursor}`);
    const limit = Math.max(1, Math.min(Number(p.limit ?? 50), 200));
    // oldest first unless asked otherwise
    return pageOfItems(String(p.threadId), await readPlacedItems(this.o.codexHome, file), { asc: p.sortDirection !== 'desc', limit, turnId: p.turnId ?? null, cursor, anchor });
  }

  private async turnsList(p: Params) {
    const file = await this.historyFile(p, 'thread/turns/list');
    const cursor = p.cursor ? decodeTurnsCursor(String(p.cursor)) : null;
    if (p.cursor && !cursor) throw new RpcError(INVALID_PARAMS, `invalid cursor: ${p.cursor}`);
    const all = await readPlacedTurns(this.o.codexHome, file);
    // newest first unless asked otherwise, from the cursor's turn on
    const limit = Math.max(1, Math.min(Number(p.limit ?? 25), 100));
    const { page, nextCursor, backwardsCursor } = pageOfTurns(String(p.threadId), all, { asc: p.sortDirection === 'asc', cursor, limit });
    // A page of turns is a summary, as upstream's: the prompt and the final answer (no items when the client asks for none).
    const data = page.map(({ turn: t }) => {
      if (p.itemsView === 'notLoaded') return { ...t, itemsView: 'notLoaded', items: [] } as ProtocolTurn;
      const agents = t.items.filter((i) => i.type === 'agentMessage');
      return { ...t, itemsView: 'summary', items: [...t.items.filter((i) => i.type === 'userMessage'), ...agents.slice(-1)] } as ProtocolTurn;
    });
    // Asked for in full, a turn comes with all its items.
    return { data: p.itemsView === 'full' ? page.map(({ turn: t }) => t) : data, nextCursor, backwardsCursor };
  }

  private async archive(p: Params, archive: boolean) {
    const row = await this.knownThread(p.threadId);
    const t = this.loaded.get(row.id);
    if (t?.running) throw new RpcError(INVALID_REQUEST, `thread ${row.id} has a turn in progress`);
    const ops = await import('../core/sessions/ops/archive.ts');
    if (archive === row.archived) throw new RpcError(INVALID_REQUEST, `thread ${row.id} is ${archive ? 'already' : 'not'} archived`);
    if (t) this.unload(t);
    const moved = archive ? ops.archiveSession(this.o.codexHome, row.path) : ops.unarchiveSession(this.o.codexHome, row.path);
    const store = await this.index();
    store.forget(row.id);
    await this.reindex(moved);
    this.notify(this.clients.keys(), archive ? 'thread/archived' : 'thread/unarchived', { threadId: row.id });
    return archive ? {} : { thread: protocolThread(factsOf(store.get(row.id) ?? row, VERSION), { type: 'notLoaded' } as ProtocolThread['status']) };
  }

  private async setName(p: Params) {
    const id = String(p.threadId ?? '');
    if (!this.loaded.has(id)) await this.knownThread(id);
    const { setName } = await import('../core/sessions/ops/names.ts');
    let entry;
    try {
      entry = setName(this.o.codexHome, id, String(p.name ?? ''));
    } catch (e) {
      throw new RpcError(INVALID_PARAMS, (e as Error).message);
    }
    const t = this.loaded.get(id);
    if (t) t.facts = { ...t.facts, name: entry.name };
    const store = await this.index();
    await store.refresh();
    this.notify(this.clients.keys(), 'thread/name/updated', { threadId: id, threadName: entry.name });
    return {};
  }

  private unsubscribe(conn: Connection, p: Params) {
    const t = this.loaded.get(String(p.threadId));
    if (!t) return { status: 'notLoaded' };
    if (!t.subscribers.delete(conn)) return { status: 'notSubscribed' };
    this.maybeUnload(t);
    return { status: 'unsubscribed' };
  }

  /** A thread nobody listens to and that runs no turn is closed (its rollout lock released). */
  private maybeUnload(t: LoadedThread): void {
    if (t.subscribers.size || t.running) return;
    this.unload(t);
  }

  private unload(t: LoadedThread): void {
    const listeners = [...t.subscribers];
    this.loaded.delete(t.id);
    t.opened.tools.close?.();
    t.opened.session.close();
    void this.reindexThread(t);
    this.notify(listeners, 'thread/status/changed', { threadId: t.id, status: { type: 'notLoaded' } });
    this.notify(listeners, 'thread/closed', { threadId: t.id });
  }

  // --- turns --------------------------------------------------------------------------------

  private promptOf(input: unknown): string {
    if (!Array.isArray(input)) throw new RpcError(INVALID_PARAMS, 'input must be a list');
    const texts = input.filter((i: any) => i?.type === 'text').map((i: any) => String(i.text ?? ''));
    if (texts.length !== input.length) throw new RpcError(INVALID_PARAMS, 'csm takes text input only (no images, skills or mentions yet)');
    return texts.join('\n');
  }

  private async turnStart(conn: Connection, p: Params) {
    const t = this.loaded.get(String(p.threadId));
    if (!t) throw new RpcError(INVALID_REQUEST, `thread not found: ${p.threadId}`);
    if (t.running) throw new RpcError(INVALID_REQUEST, `thread ${t.id} already has a turn in progress`);
    t.subscribers.add(conn);
    const prompt = this.promptOf(p.input);
    const abort = new AbortController();
    // A schema holds for this turn only (upstream's TUI asks for its thread titles this way).
    t.opened.thread.setOutputSchema(p.outputSchema ?? undefined);
    t.prompt = { clientId: typeof p.clientUserMessageId === 'string' ? p.clientUserMessageId : null, itemId: null };
    const gen = t.opened.thread.runTurn(prompt, abort.signal);
    // The first step records task_started (the turn's id) and yields turn.started.
    const first = await gen.next();
    const turnId = t.lastTurnId ?? 'turn';
    const startedAt = Math.floor(Date.now() / 1000);
    let end = () => {};
    const ended = new Promise<void>((resolve) => (end = resolve));
    t.running = { id: turnId, abort, startedAt, ended, end };
    resetTurn(t);
    if (!t.facts.preview) t.facts = { ...t.facts, preview: prompt };
    const turn = emptyTurn(turnId, null);
    t.steered = [];
    const opening = t.prompt;
    t.prompt = null;
    this.afterResponse.push(() => void this.drive(t, gen, first.done ? null : first.value, prompt, opening));
    return { turn };
  }

  private async drive(t: LoadedThread, gen: AsyncGenerator<ThreadEvent, { ok: boolean; error?: string }>, first: ThreadEvent | null, prompt: string, opening: { clientId: string | null; itemId: string | null } | null) {
    const run = t.running!;
    const subs = () => t.subscribers;
    this.notify(subs(), 'thread/status/changed', { threadId: t.id, status: { type: 'active', activeFlags: [] } });
    this.notify(subs(), 'turn/started', { threadId: t.id, turn: emptyTurn(run.id, run.startedAt) });
    const at = Date.now();
    const user = userMessageItem(opening?.itemId || t.opened.session.newId(), prompt, null, opening?.clientId ?? null);
    this.notify(subs(), 'item/started', { item: { ...user, startedAtMs: at, completedAtMs: null }, threadId: t.id, turnId: run.id, startedAtMs: at });
    this.notify(subs(), 'item/completed', { item: { ...user, startedAtMs: at, completedAtMs: at }, threadId: t.id, turnId: run.id, contentTokenCount: null, completedAtMs: at });
    let result: { ok: boolean; error?: string } = { ok: false, error: 'the turn ended without a result' };
    try {
      if (first) this.onEvent(t, first);
      for (;;) {
        const r = await gen.next();
        if (r.done) {
          result = r.value;
          break;
        }
        this.onEvent(t, r.value);
      }
    } catch (e) {
      result = { ok: false, error: (e as Error).message };
      this.notify(subs(), 'error', { error: { message: result.error, codexErrorInfo: null, additionalDetails: null }, willRetry: false, threadId: t.id, turnId: run.id });
    }
    await this.finishTurn(t, run, result);
  }

  /**
   * The turn has ended: the clients learn how (turn/completed with its items), the thread goes idle
   * and its rollout is indexed. `failure` is how a failed turn reads when it is not a plain one (a review's).
   */
  private async finishTurn(t: LoadedThread, run: RunningTurn, result: { ok: boolean; error?: string }, failure?: { codexErrorInfo: string; readState: boolean }) {
    run.end();
    t.running = null;
    const completedAt = Math.floor(Date.now() / 1000);
    const interrupted = run.abort.signal.aborted;
    // An interrupted turn comes back without its items, as upstream's (and so does a failed review).
    const unloaded = interrupted || (!result.ok && failure !== undefined);
    const turn = {
      ...emptyTurn(run.id, run.startedAt),
      items: unloaded ? [] : t.turnItems,
      itemsView: unloaded ? 'notLoaded' : 'summary',
      status: result.ok ? 'completed' : interrupted ? 'interrupted' : 'failed',
      error: result.ok || interrupted ? null : { message: result.error ?? 'turn failed', codexErrorInfo: failure?.codexErrorInfo ?? null, additionalDetails: null },
      completedAt,
      durationMs: Date.now() - run.startedAt * 1000,
    } as ProtocolTurn;
    t.facts = { ...t.facts, updatedAt: completedAt };
    await this.reindexThread(t);
    // What a completed turn said is unread until someone marks the thread read (a failed review
    // announces the read state too, unchanged).
    if (!t.facts.ephemeral) {
      if (result.ok) this.notify(this.clients.keys(), 'thread/readState/changed', { threadId: t.id, readState: this.readStates.turnCompleted(t.id, run.id) });
      else if (!interrupted && failure?.readState) this.notify(this.clients.keys(), 'thread/readState/changed', { threadId: t.id, readState: this.readStates.get(t.id) });
    }
    // A thread whose review failed stays in its error state (announced with the error).
    if (result.ok || interrupted || !failure) this.notify(t.subscribers, 'thread/status/changed', { threadId: t.id, status: { type: 'idle' } });
    this.notify(t.subscribers, 'turn/completed', { threadId: t.id, turn });
    this.maybeUnload(t);
  }

  private onDelta(t: LoadedThread, delta: string, itemId: string) {
    const run = t.running;
    if (!run) return;
    // A response cut for a steered prompt leaves its message unfinished; the next one is an item of its own.
    if (t.agent && itemId && itemId !== t.agent.id) t.agent = null;
    if (!t.agent) {
      // The item is the Responses output item the text streams in (its id, as upstream passes it on).
      t.agent = { id: itemId || `msg_${t.opened.session.newId()}`, text: '', startedAt: Date.now() };
      this.notify(t.subscribers, 'item/started', { item: agentMessageItem(t.agent.id, '', t.agent.startedAt, null), threadId: t.id, turnId: run.id, startedAtMs: t.agent.startedAt });
    }
    t.agent.text += delta;
    this.notify(t.subscribers, 'item/agentMessage/delta', { threadId: t.id, turnId: run.id, itemId: t.agent.id, delta });
  }

  /** Output of a running command: its clients see it once they know the command runs (item/started). */
  private onCommandOutput(t: LoadedThread, callId: string, piece: string) {
    if (!t.running) return;
    let out = t.outputs.get(callId);
    if (!out) t.outputs.set(callId, (out = { turnId: null, held: [] }));
    if (out.turnId) this.notify(t.subscribers, 'item/commandExecution/outputDelta', { threadId: t.id, turnId: out.turnId, itemId: callId, delta: piece });
    else out.held.push(piece);
  }

  /** The clients know the command runs: what it printed meanwhile goes out, and the rest as it comes. */
  private commandShown(t: LoadedThread, callId: string, turnId: string) {
    let out = t.outputs.get(callId);
    if (!out) t.outputs.set(callId, (out = { turnId: null, held: [] }));
    if (out.turnId) return;
    out.turnId = turnId;
    for (const delta of out.held.splice(0)) this.notify(t.subscribers, 'item/commandExecution/outputDelta', { threadId: t.id, turnId, itemId: callId, delta });
  }

  private onEvent(t: LoadedThread, ev: ThreadEvent) {
    const run = t.running;
    if (!run) return;
    const now = Date.now();
    if (ev.type === 'item.completed' && ev.item.type === 'agent_message') {
      const started = t.agent ?? { id: `msg_${t.opened.session.newId()}`, text: ev.item.text, startedAt: now };
      if (!t.agent) this.notify(t.subscribers, 'item/started', { item: agentMessageItem(started.id, '', now, null), threadId: t.id, turnId: run.id, startedAtMs: now });
      const item = agentMessageItem(started.id, ev.item.text, started.startedAt, now);
      t.agent = null;
      t.turnItems = [item];
      this.notify(t.subscribers, 'item/completed', { item, threadId: t.id, turnId: run.id, contentTokenCount: null, completedAtMs: now });
    } else if ((ev.type === 'item.started' || ev.type === 'item.completed') && ev.item.type === 'command_execution') {
      const done = ev.type === 'item.completed';
      const c = ev.item;
      // The item is the call that runs now; one an approval question announced is not started twice.
      let known = t.commands.get(c.id);
      if (!known) {
        const call = t.calls[0];
        const announced = t.announced && (!call || call.id === t.announced.callId) ? t.announced : null;
        t.announced = null;
        known = announced ? { ...announced, shown: true } : { callId: call?.id ?? c.id, cmd: call?.cmd ?? null, startedAt: now, shown: false };
        t.commands.set(c.id, known);
      }
      const end = done ? t.commandEnds.get(known.callId) : undefined;
      const item = commandItem(known, c.command, t.facts.cwd, {
        status: !done ? 'inProgress' : c.status === 'completed' ? 'completed' : c.status === 'declined' ? 'declined' : 'failed',
        aggregatedOutput: done ? c.aggregated_output : null, exitCode: c.exit_code, completedAtMs: done ? now : null,
        processId: end?.processId ?? t.processIds.get(known.callId) ?? null, durationMs: end?.durationMs ?? null,
      });
      if (done) {
        t.commands.delete(c.id);
        t.outputs.delete(known.callId);
        t.processIds.delete(known.callId);
        this.notify(t.subscribers, 'item/completed', { item, threadId: t.id, turnId: run.id, contentTokenCount: null, completedAtMs: now });
      } else {
        if (!known.shown) {
          known.shown = true;
          this.notify(t.subscribers, 'item/started', { item, threadId: t.id, turnId: run.id, startedAtMs: known.startedAt });
        }
        this.commandShown(t, known.callId, run.id);
      }
    } else if ((ev.type === 'item.started' || ev.type === 'item.completed') && ev.item.type === 'file_change') {
      const done = ev.type === 'item.completed';
      const item = { type: 'fileChange', id: ev.item.id, changes: ev.item.changes.map((c) => ({ path: c.path, kind: { type: c.kind }, diff: '' })), status: !done ? 'inProgress' : ev.item.status, startedAtMs: now, completedAtMs: done ? now : null };
      if (done) this.notify(t.subscribers, 'item/completed', { item, threadId: t.id, turnId: run.id, contentTokenCount: null, completedAtMs: now });
      else this.notify(t.subscribers, 'item/started', { item, threadId: t.id, turnId: run.id, startedAtMs: now });
    } else if ((ev.type === 'item.started' || ev.type === 'item.completed') && ev.item.type === 'mcp_tool_call') {
      // An MCP tool call (core/tools/mcp-calls.ts) as the protocol's mcpToolCall item.
      const done = ev.type === 'item.completed';
      const m = ev.item;
      const result = m.result ? { content: m.result.content, structuredContent: m.result.structured_content ?? null } : null;
      const item = {
        type: 'mcpToolCall', id: m.id, server: m.server, environmentId: null, tool: m.tool, status: !done || m.status === 'in_progress' ? ('inProgress' as const) : m.status, arguments: (m.arguments ?? null) as JsonValue,
        appContext: null, mcpAppUi: null, pluginId: null, readOnlyHint: null, result: result as McpToolCallResult | null, error: m.error, durationMs: null,
      } satisfies ProtocolItem;
      if (done) this.notify(t.subscribers, 'item/completed', { item, threadId: t.id, turnId: run.id, contentTokenCount: null, completedAtMs: now });
      else this.notify(t.subscribers, 'item/started', { item, threadId: t.id, turnId: run.id, startedAtMs: now });
    } else if (ev.type === 'error') {
      this.notify(t.subscribers, 'error', { error: { message: ev.message, codexErrorInfo: null, additionalDetails: null }, willRetry: true, threadId: t.id, turnId: run.id });
    }
  }

  // --- reviews ------------------------------------------------------------------------------

  /**
   * A code review, inline on the thread named (the only delivery upstream's protocol has): the
   * thread records that it entered review mode and the answer names the review's turn; the reviewer
   * then works in a thread of its own (csm's reviewer instructions and tools, its own rollout).
   */
  private async reviewStart(conn: Connection, p: Params) {
    const t = this.loaded.get(String(p.threadId));
    if (!t) throw new RpcError(INVALID_REQUEST, `thread not found: ${p.threadId}`);
    const target = reviewTargetOf(p.target);
    if ('error' in target) throw new RpcError(INVALID_REQUEST, target.error);
    if (t.running) throw new RpcError(INVALID_REQUEST, `thread ${t.id} already has a turn in progress`);
    t.subscribers.add(conn);
    const request = reviewRequest(target, target.type === 'baseBranch' ? mergeBase(t.facts.cwd, target.branch) : null);
    const entered = t.opened.thread.enterReview(target as unknown as Record<string, unknown>, request.hint);
    let end = () => {};
    const ended = new Promise<void>((resolve) => (end = resolve));
    t.running = { id: entered.turnId, abort: new AbortController(), startedAt: Math.floor(entered.started.getTime() / 1000), ended, end };
    resetTurn(t);
    // A thread whose first turn is a review is previewed by the reviewer's request, as upstream's.
    if (!t.facts.preview) t.facts = { ...t.facts, preview: request.prompt };
    this.afterResponse.push(() => void this.driveReview(t, request, entered));
    return { turn: reviewStartTurn(entered.turnId, request.hint), reviewThreadId: t.id };
  }

  /** The reviewer's thread, speaking to the reviewed thread's clients as that thread (see LoadedThread.reviewing). */
  private async openReviewer(t: LoadedThread): Promise<LoadedThread> {
    const { openThread, providerApiKey } = await import('../runtime/open-thread.ts');
    const key = providerApiKey(t.cfg);
    if ('error' in key) throw new Error(key.error);
    let reviewer: LoadedThread | null = null;
    const opened = await openThread({
      cfg: t.cfg,
      codexHome: this.o.codexHome,
      target: { kind: 'new' },
      ephemeral: t.facts.ephemeral,
      addDirs: [],
      apiKey: key.apiKey,
      source: 'vscode',
      originator: t.facts.originator ?? 'codex_vscode',
      approvalPolicy: t.approvalPolicy,
      interactive: true,
      resourceToolsAlways: false,
      // A sub-agent of the reviewed thread, as upstream records its reviewer (thread lists leave it out).
      subagentOf: { kind: 'review', threadId: t.opened.thread.id, sessionId: t.opened.thread.id },
      baseInstructions: REVIEW_INSTRUCTIONS,
      toolNames: REVIEW_TOOLS,
      requestApproval: (req) => this.requestApproval(reviewer!, req),
      onCommandStarted: (callId, pid) => reviewer?.processIds.set(callId, String(pid)),
      onCommandOutput: (callId, piece) => reviewer && this.onCommandOutput(reviewer, callId, piece),
      // The reviewer's answer is its raw findings: clients see its item start, never its text.
      onTextDelta: (_delta, itemId) => {
        const r = reviewer;
        if (!r?.running || (r.agent && r.agent.id === itemId)) return;
        r.agent = { id: itemId || `msg_${opened.session.newId()}`, text: '', startedAt: Date.now() };
        this.notify(r.subscribers, 'item/started', { item: agentMessageItem(r.agent.id, '', r.agent.startedAt, null), threadId: r.id, turnId: r.running.id, startedAtMs: r.agent.startedAt });
      },
    });
    reviewer = new LoadedThread(opened, t.cfg, t.facts, t.approvalPolicy, false, t);
    this.tapRollout(reviewer);
    return reviewer;
  }

  /**
   * A review's turn, in upstream's order: enteredReviewMode; the reviewer's turn starting (its own
   * turn id, rooted in the review's) with its request as a user message; what the reviewer runs;
   * then exitedReviewMode with the review as people read it, the same text as the thread's answer,
   * and the turn's end. A reviewer that failed or was stopped leaves upstream's "re-run" answer.
   */
  private async driveReview(t: LoadedThread, request: ReviewRequest, entered: { turnId: string; started: Date; itemId: string }) {
    const run = t.running!;
    const at = entered.started.getTime();
    const notifyItem = (item: ProtocolItem, startedAtMs: number, completedAtMs: number) => {
      this.notify(t.subscribers, 'item/started', { item: { ...item, startedAtMs, completedAtMs: null }, threadId: t.id, turnId: run.id, startedAtMs });
      this.notify(t.subscribers, 'item/completed', { item, threadId: t.id, turnId: run.id, contentTokenCount: null, completedAtMs });
    };
    notifyItem(reviewModeItem('enteredReviewMode', entered.itemId, request.hint, at, at), at, at);
    let result: { ok: boolean; error?: string; lastAgentMessage?: string | null } = { ok: false, error: 'the review ended without a result' };
    let reviewer: LoadedThread | null = null;
    let reviewerTurnId: string | undefined;
    try {
      reviewer = await this.openReviewer(t);
      // The reviewer's own turn: the clients' view of the work is this turn's.
      reviewer.running = { ...run, end: () => {} };
      const gen = reviewer.opened.thread.runTurn(request.prompt, run.abort.signal);
      let step = await gen.next();
      reviewerTurnId = reviewer.lastTurnId ?? undefined;
      run.reviewerTurnId = reviewerTurnId;
      this.notify(t.subscribers, 'thread/status/changed', { threadId: t.id, status: { type: 'active', activeFlags: [] } });
      this.notify(t.subscribers, 'turn/started', { threadId: t.id, turn: { ...emptyTurn(reviewerTurnId ?? run.id, Math.floor(Date.now() / 1000)), rootTurnId: run.id } });
      const now = Date.now();
      notifyItem(userMessageItem(t.opened.session.newId(), request.prompt, now), now, now);
      // An error is a retry's notice, unless the turn fails right after it: that one is said below.
      let notice: ThreadEvent | null = null;
      while (!step.done) {
        const ev = step.value;
        if (notice && ev.type !== 'turn.failed') this.onEvent(reviewer, notice);
        notice = ev.type === 'error' ? ev : null;
        // Its answer (the raw findings) is not the thread's: the review below is.
        if (ev.type !== 'error' && !(ev.type === 'item.completed' && ev.item.type === 'agent_message')) this.onEvent(reviewer, ev);
        step = await gen.next();
      }
      result = step.value;
    } catch (e) {
      result = { ok: false, error: (e as Error).message };
    } finally {
      reviewer?.opened.tools.close?.();
      reviewer?.opened.session.close();
    }
    const interrupted = run.abort.signal.aborted;
    if (!result.ok && !interrupted) {
      this.notify(t.subscribers, 'thread/status/changed', { threadId: t.id, status: { type: 'systemError' } });
      this.notify(t.subscribers, 'error', { error: { message: result.error ?? 'review failed', codexErrorInfo: 'other', additionalDetails: null }, willRetry: false, threadId: t.id, turnId: run.id });
    }
    const output = result.ok ? parseReviewOutput(result.lastAgentMessage ?? '') : null;
    const text = output ? renderReview(output) : null;
    const ids = t.opened.thread.exitReview(entered, { reviewerThreadId: reviewer?.opened.thread.id ?? '', reviewerTurnId, prompt: request.prompt, output, text });
    const now = Date.now();
    notifyItem(reviewModeItem('exitedReviewMode', ids.exitedItemId, text ?? NO_REVIEW, now, now), now, now);
    const answer = agentMessageItem(ids.messageItemId ?? `msg_${t.opened.session.newId()}`, text ?? REVIEW_NOT_FINISHED, now, now);
    notifyItem(answer, now, now);
    t.turnItems = [answer];
    await this.finishTurn(t, run, result, { codexErrorInfo: 'other', readState: true });
  }

  /** Stops the running turn and answers once the turn has recorded its end (as upstream, whose answer follows the turn's last usage). */
  private async turnInterrupt(p: Params) {
    const t = this.loaded.get(String(p.threadId));
    if (!t) throw new RpcError(INVALID_REQUEST, `thread not found: ${p.threadId}`);
    const run = t.running;
    // A review runs as its reviewer's turn, as upstream's: the turn/started a client saw names the one to stop.
    if (run?.reviewerTurnId && p.turnId && p.turnId !== run.reviewerTurnId) throw new RpcError(INVALID_REQUEST, `expected active turn id ${p.turnId} but found ${run.reviewerTurnId}`);
    if (run && (!p.turnId || p.turnId === run.id || p.turnId === run.reviewerTurnId)) {
      run.abort.abort();
      // A question still open on this thread is answered: the turn it belongs to is over.
      for (const [id, q] of this.pending)
        if (q.threadId === t.id) {
          this.pending.delete(id);
          q.resolve({ decision: 'cancel' });
        }
      // Whatever the turn is stuck in, the client gets its answer.
      await Promise.race([run.ended, new Promise((r) => setTimeout(r, 5000).unref())]);
    }
    return {};
  }

  /**
   * A prompt for the running turn (upstream's TUI sends one with Enter while a turn runs): the
   * response being streamed is cut and the model asked again with it, in the same turn.
   */
  private turnSteer(p: Params) {
    const t = this.loaded.get(String(p.threadId));
    if (!t) throw new RpcError(INVALID_REQUEST, `thread not found: ${p.threadId}`);
    const run = t.running;
    if (!run) throw new RpcError(INVALID_REQUEST, 'no active turn to steer');
    if (p.expectedTurnId !== run.id) throw new RpcError(INVALID_REQUEST, `expected active turn id \`${p.expectedTurnId}\` but found \`${run.id}\``);
    const prompt = this.promptOf(p.input);
    if (!t.opened.thread.steer(prompt)) throw new RpcError(INVALID_REQUEST, 'no active turn to steer');
    t.steered.push(typeof p.clientUserMessageId === 'string' ? p.clientUserMessageId : null);
    return { turnId: run.id };
  }

  private steeredJoined(t: LoadedThread, clientId: string | null, itemId: string, text: string): void {
    const run = t.running!;
    const at = Date.now();
    const user = userMessageItem(itemId, text, null, clientId);
    this.notify(t.subscribers, 'item/started', { item: { ...user, startedAtMs: at, completedAtMs: null }, threadId: t.id, turnId: run.id, startedAtMs: at });
    this.notify(t.subscribers, 'item/completed', { item: { ...user, startedAtMs: at, completedAtMs: at }, threadId: t.id, turnId: run.id, contentTokenCount: null, completedAtMs: at });
  }

  /** A line of a `!command` turn being recorded, with the ids the clients know it by. */
  private shellIdsOf(t: LoadedThread, payload: Record<string, unknown>): Record<string, unknown> {
    const ids = t.shellIds;
    if (!ids) return payload;
    if (ids.from === null && payload.type === 'task_started') ids.from = String(payload.turn_id);
    if (ids.from === null || payload.turn_id !== ids.from) return payload;
    const item = payload.item as Record<string, unknown> | undefined;
    return { ...payload, turn_id: ids.turnId, ...(item?.type === 'CommandExecution' ? { item: { ...item, id: ids.itemId } } : {}) };
  }

  /**
   * `!command` from a client (thread/shellCommand): run in the thread's folder by the person's
   * shell, outside the sandbox, as a turn of its own the clients watch; the model hears of it on its
   * next request. Answered at once; the turn follows.
   */
  private async shellCommand(conn: Connection, p: Params) {
    const t = this.loaded.get(String(p.threadId));
    if (!t) throw new RpcError(INVALID_REQUEST, `thread not found: ${p.threadId}`);
    const command = String(p.command ?? '');
    if (!command.trim()) throw new RpcError(INVALID_REQUEST, 'command must not be empty');
    // Upstream runs one inside a running turn; csm keeps a turn's items its own.
    if (t.running) throw new RpcError(INVALID_REQUEST, `thread ${t.id} already has a turn in progress`);
    t.subscribers.add(conn);
    const { shellRunner } = await import('../tui/shell.ts');
    const turnId = t.opened.session.newId();
    const itemId = t.opened.session.newId();
    const started = new Date();
    const abort = new AbortController();
    let end = () => {};
    const ended = new Promise<void>((resolve) => (end = resolve));
    t.running = { id: turnId, abort, startedAt: Math.floor(started.getTime() / 1000), ended, end };
    this.afterResponse.push(() => void this.runShell(t, command, shellRunner, { turnId, itemId, started, timeoutMs: typeof p.timeoutMs === 'number' ? p.timeoutMs : null }));
    return {};
  }

  private async runShell(t: LoadedThread, command: string, shellRunner: typeof import('../tui/shell.ts').shellRunner, o: { turnId: string; itemId: string; started: Date; timeoutMs: number | null }) {
    const run = t.running!;
    const subs = () => t.subscribers;
    const shown = `/bin/bash -lc ${shellQuote(command)}`;
    const item = (s: CommandState, at: number | null) =>
      ({ ...(commandItem({ callId: o.itemId, cmd: command, startedAt: o.started.getTime() }, shown, t.facts.cwd, s) as Record<string, unknown>), source: 'userShell', completedAtMs: at }) as unknown as ProtocolItem;
    this.notify(subs(), 'thread/status/changed', { threadId: t.id, status: { type: 'active', activeFlags: [] } });
    this.notify(subs(), 'turn/started', { threadId: t.id, turn: emptyTurn(run.id, run.startedAt) });
    this.notify(subs(), 'item/started', { item: item({ status: 'inProgress', aggregatedOutput: null, exitCode: null, completedAtMs: null, processId: null, durationMs: null }, null), threadId: t.id, turnId: run.id, startedAtMs: o.started.getTime() });
    // The person's own command: no sandbox, no approval, the thread's folder and shell environment.
    let streamed = false;
    const runner = shellRunner({ ...t.cfg, sandboxMode: 'danger-full-access', approvalPolicy: 'never', cwd: t.facts.cwd }, [t.facts.cwd], t.id, (delta) => {
      streamed = true;
      this.notify(subs(), 'item/commandExecution/outputDelta', { threadId: t.id, turnId: run.id, itemId: o.itemId, delta });
    });
    let r: Awaited<ReturnType<ReturnType<typeof shellRunner>['run']>>;
    try {
      r = await runner.run(command);
    } catch (e) {
      r = { output: (e as Error).message, exitCode: null, argv: ['/bin/bash', '-lc', command], durationMs: Date.now() - o.started.getTime() };
    } finally {
      runner.close();
    }
    const now = Date.now();
    // Output the run could not stream (a command that failed to start) goes out whole.
    if (r.output && !streamed) this.notify(subs(), 'item/commandExecution/outputDelta', { threadId: t.id, turnId: run.id, itemId: o.itemId, delta: r.output });
    const status = r.exitCode === 0 ? 'completed' : 'failed';
    this.notify(subs(), 'item/completed', { item: item({ status, aggregatedOutput: r.output, exitCode: r.exitCode, completedAtMs: now, processId: null, durationMs: Math.round(r.durationMs) }, now), threadId: t.id, turnId: run.id, contentTokenCount: null, completedAtMs: now });
    t.shellIds = { turnId: run.id, itemId: o.itemId, from: null };
    try {
      t.opened.thread.recordUserShell({ command, argv: r.argv, output: r.output, exitCode: r.exitCode, durationMs: r.durationMs, started: o.started });
    } finally {
      t.shellIds = null;
    }
    run.end();
    t.running = null;
    t.facts = { ...t.facts, updatedAt: Math.floor(now / 1000) };
    await this.reindexThread(t);
    this.notify(subs(), 'thread/status/changed', { threadId: t.id, status: { type: 'idle' } });
    this.notify(subs(), 'turn/completed', { threadId: t.id, turn: { ...emptyTurn(run.id, run.startedAt), status: 'completed', completedAt: Math.floor(now / 1000), durationMs: now - o.started.getTime() } });
    this.maybeUnload(t);
  }

  /**
   * Backtrack (Esc Esc in upstream's TUI): the thread's history ends before `beforeTurnId`, that
   * turn and every later one dropped (files stay as they are). A running turn is stopped first. The
   * session continues in a new file of the same id, as upstream's does.
   */
  private async revert(p: Params) {
    const t = this.loaded.get(String(p.threadId));
    if (!t) throw new RpcError(INVALID_REQUEST, `thread not found: ${p.threadId}`);
    const file = t.opened.session.rollout.path;
    if (!file || !existsSync(file)) throw new RpcError(INVALID_REQUEST, `no rollout found for thread id ${t.id}`);
    if (t.running) {
      t.running.abort.abort();
      await Promise.race([t.running.ended, new Promise((r) => setTimeout(r, 5000).unref())]);
    }
    await t.opened.session.rollout.settled();
    const { loadThreadLines } = await import('../core/rollout/index.ts');
    const { userTurnStarts } = await import('../core/sessions/ops/fork.ts');
    const { lines } = await loadThreadLines(this.o.codexHome, t.opened.session.rollout.path ?? file);
    const at = lines.findIndex((l) => l.type === 'event_msg' && (l.payload as { type?: string; turn_id?: unknown }).type === 'task_started' && (l.payload as { turn_id?: unknown }).turn_id === p.beforeTurnId);
    if (at < 0) throw new RpcError(INVALID_REQUEST, `turn not found: ${p.beforeTurnId}`);
    // The user turns from that one on (steered prompts and `!commands` count, as the core counts them).
    const numTurns = userTurnStarts(lines).length - userTurnStarts(lines.slice(0, at)).length;
    t.opened.thread.rollback(numTurns);
    await t.opened.session.rollout.settled();
    const path = t.opened.session.rollout.path;
    const now = Math.floor(Date.now() / 1000);
    t.facts = { ...t.facts, path, createdAt: now, updatedAt: now, gitInfo: path ? gitOf(path) : t.facts.gitInfo };
    await this.reindex(path);
    // Upstream reloads the thread to revert it: its clients see it unloaded, then idle.
    this.notify(t.subscribers, 'thread/status/changed', { threadId: t.id, status: { type: 'notLoaded' } });
    this.notify(t.subscribers, 'thread/status/changed', { threadId: t.id, status: this.status(t) });
    const history = path && existsSync(path) ? await readHistory(this.o.codexHome, path) : { turns: [], items: [] };
    const newest = history.turns.at(-1);
    const newestItem = history.items.at(-1);
    this.afterResponse.push(() => this.notify(t.subscribers, 'thread/reverted', { threadId: t.id }));
    return {
      thread: protocolThread(t.facts, this.status(t), []),
      turnsBackwardsCursor: newest ? encodeTurnsCursor(t.id, newest.ordinal, true) : null,
      itemsBackwardsCursor: newestItem ? encodeItemsCursor(t.id, newestItem.ordinal, true) : null,
    };
  }

  /** An approval question goes to every client on the thread; the first answer decides. */
  private requestApproval(t: LoadedThread, req: ApprovalRequest): Promise<ApprovalDecision> {
    const run = t.running;
    const conns = new Set(t.subscribers);
    if (!run || !conns.size) return Promise.resolve('deny');
    const id = this.nextServerRequestId++;
    const command = `/bin/bash -lc ${shellQuote(req.command)}`;
    this.notify(conns, 'thread/status/changed', { threadId: t.id, status: { type: 'active', activeFlags: ['waitingOnApproval'] } });
    // A command's question is about its item, announced first (upstream's TUI shows it while asking).
    const call = req.mcp ? undefined : t.calls[0];
    const itemId = call?.id ?? `approval_${id}`;
    if (call) {
      t.announced = { callId: call.id, cmd: call.cmd ?? req.command, startedAt: Date.now() };
      const item = commandItem({ ...t.announced }, command, req.cwd, { status: 'inProgress', aggregatedOutput: null, exitCode: null, completedAtMs: null, processId: null, durationMs: null });
      this.notify(conns, 'item/started', { item, threadId: t.id, turnId: run.id, startedAtMs: t.announced.startedAt });
    }
    // A line csm cannot split into plain commands (a redirect, say) is proposed whole, as upstream proposes it.
    const amendment = req.mcp ? null : (req.prefix ?? ['/bin/bash', '-lc', req.command]);
    return new Promise((resolve) => {
      this.pending.set(id, {
        threadId: t.id,
        conns,
        resolve: (result) => {
          this.notify(t.subscribers, 'serverRequest/resolved', { threadId: t.id, requestId: id });
          this.notify(t.subscribers, 'thread/status/changed', { threadId: t.id, status: { type: 'active', activeFlags: [] } });
          const d = result?.decision;
          // Accepting with the proposed amendment saves it as a rule: "don't ask again for commands that start with …".
          const decision: ApprovalDecision = d === 'accept' ? 'approve' : d === 'acceptForSession' || (d && typeof d === 'object' && 'acceptWithExecpolicyAmendment' in d) ? 'approve-for-session' : 'deny';
          // A command declined never runs: its announced item ends here.
          const announced = t.announced;
          if (decision === 'deny' && announced && call && announced.callId === call.id) {
            t.announced = null;
            const now = Date.now();
            const item = commandItem({ ...announced }, command, req.cwd, { status: 'declined', aggregatedOutput: null, exitCode: null, completedAtMs: now, processId: null, durationMs: null });
            if (t.running) this.notify(t.subscribers, 'item/completed', { item, threadId: t.id, turnId: t.running.id, contentTokenCount: null, completedAtMs: now });
          }
          resolve(decision);
        },
      });
      const params = {
        kind: 'command', threadId: t.id, turnId: run.id, itemId, startedAtMs: Date.now(), environmentId: 'local', reason: req.reason, command, cwd: req.cwd,
        commandActions: [{ type: 'unknown', command: req.command }], proposedExecpolicyAmendment: amendment,
        availableDecisions: amendment ? ['accept', { acceptWithExecpolicyAmendment: { execpolicy_amendment: amendment } }, 'cancel'] : ['accept', 'acceptForSession', 'cancel'],
      };
      for (const c of conns) c.send({ method: 'item/commandExecution/requestApproval', id, params });
    });
  }

  // --- settings and catalog -----------------------------------------------------------------

  private modelList() {
    const cfg = this.config(process.cwd(), {});
    const efforts = ['low', 'medium', 'high', 'xhigh'].map((e) => ({ reasoningEffort: e, description: e }));
    return {
      data: [{ id: cfg.model, model: cfg.model, upgrade: null, upgradeInfo: null, availabilityNux: null, displayName: cfg.model.replace(/^gpt/i, 'GPT'), description: `${cfg.model} on ${cfg.modelProviderId}`, modelSpecialty: null, hidden: false, supportedReasoningEfforts: efforts, defaultReasoningEffort: cfg.modelReasoningEffort ?? 'medium', inputModalities: ['text'], supportsPersonality: false, additionalSpeedTiers: [], serviceTiers: [], defaultServiceTier: null, isDefault: true, availableAccessPrograms: null, multiAgentVersion: null }],
      nextCursor: null,
    };
  }

  /** The configuration as upstream reports it, for the keys csm honours (see ./config-read.ts). */
  private configRead(p: Params) {
    try {
      return readConfig({ codexHome: this.o.codexHome, overrides: this.o.config, includeLayers: Boolean(p.includeLayers) });
    } catch (e) {
      if (e instanceof ConfigError) throw new RpcError(INVALID_REQUEST, `Error loading config.toml: ${e.message}`);
      throw e;
    }
  }

  private async mcpStatus() {
    const cfg = this.config(process.cwd(), {});
    const data = Object.keys(cfg.mcpServers).map((name) => ({ name, tools: {}, resources: [], resourceTemplates: [], authStatus: 'unsupported' }));
    return { data, nextCursor: null };
  }
}

/** A new turn (or review) starts on the thread: nothing of the last one's items is pending. */
function resetTurn(t: LoadedThread): void {
  t.turnItems = [];
  t.agent = null;
  t.calls = [];
  t.commands.clear();
  t.commandEnds.clear();
  t.announced = null;
}

/** The words of a command call (exec_command's cmd), as its item's commandActions show them. */
function commandWords(call: Record<string, unknown>): string | null {
  if (call.type !== 'function_call' || call.name !== 'exec_command') return null;
  try {
    const args = JSON.parse(String(call.arguments ?? '{}')) as { cmd?: unknown };
    return typeof args.cmd === 'string' ? args.cmd : null;
  } catch {
    return null;
  }
}

interface CommandState {
  status: 'inProgress' | 'completed' | 'failed' | 'declined';
  aggregatedOutput: string | null;
  exitCode: number | null;
  completedAtMs: number | null;
  processId: string | null;
  durationMs: number | null;
}

/**
 * A command as the protocol's commandExecution item: its id is the model's call id, its action the
 * words the model wrote; one that ran or runs (it has a process) is from upstream's unified exec
 * (source unifiedExecStartup), one only announced by an approval question the agent's.
 */
function commandItem(c: { callId: string; cmd: string | null; startedAt: number }, command: string, cwd: string, s: CommandState): ProtocolItem {
  const finished = (s.status !== 'inProgress' && s.status !== 'declined') || s.processId !== null;
  return {
    type: 'commandExecution', id: c.callId, pluginId: null, scriptPath: null, command, cwd, processId: s.processId, source: finished ? 'unifiedExecStartup' : 'agent', status: s.status,
    commandActions: [{ type: 'unknown', command: c.cmd ?? command }], aggregatedOutput: s.aggregatedOutput, exitCode: s.exitCode, durationMs: s.durationMs, startedAtMs: c.startedAt, completedAtMs: s.completedAtMs,
  } as unknown as ProtocolItem;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_\-+=.,/:@%]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
