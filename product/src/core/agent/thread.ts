// A thread runs turns: it sends the history to the model, streams what comes back as thread events,
// runs tool calls, and loops until the model answers without calling a tool. Every step is recorded
// to the rollout in upstream's line order so either CLI can resume the session.
import type { ModelClient } from '../model/client.ts';
import { ModelError, finalMessage, reconnectNotice } from '../model/errors.ts';
import { sample, type OutputItem, type RetryPolicy } from '../model/sampling.ts';
import { addUsage, withTotal, ZERO_USAGE, type Usage } from '../model/usage.ts';
import type { ThreadEvent } from '../protocol/thread-events.ts';
import { developerMessage, forHistory, messageText, reasoningText, userMessage, type ResponseItem } from './items.ts';
import { collaborationText, type CollaborationMode } from './collaboration.ts';
import { contextState, diffPatch, mergePatch, type WorldState } from './world-state.ts';
import { isToolCall, type ModelNote, type ToolContext, type ToolRouter } from './tools.ts';
import { dropLastUserTurns, isContextualMessage } from '../rollout/reconstruct.ts';
import { pairToolCalls } from './call-pairing.ts';
import { COMPACT_PROMPT, estimateTokens, replacementHistory, summaryText } from './compact.ts';
import { isUserTurnBoundary } from '../rollout/reconstruct.ts';

/**
 * The settings a thread_settings_applied line records, in upstream's fields: codex compares them
 * with its own on resume, and re-applies its settings when they differ or are missing.
 */
export function threadSettingsPayload(s: ThreadSettings): Record<string, unknown> {
  return {
    model: s.model,
    model_provider_id: s.provider,
    approval_policy: s.approvalPolicy,
    // csm asks the person itself (no reviewer agents).
    approvals_reviewer: 'user',
    requested_approvals_reviewer: 'user',
    ...(s.permissionProfile ? { permission_profile: s.permissionProfile.profile, active_permission_profile: { id: s.permissionProfile.id } } : {}),
    cwd: s.cwd,
    runtime_workspace_roots: [s.cwd],
    collaboration_mode: { mode: s.collaborationMode ?? 'default', settings: { model: s.model, reasoning_effort: s.reasoningEffort ?? null, developer_instructions: null } },
    disabled_plugin_ids: [],
  };
}

/** What a turn the person stopped reports. */
export const INTERRUPTED = 'Conversation interrupted - tell the model what to do differently.';

/** What the model is told of a turn the person stopped (in the tag upstream marks it with; csm's words). */
const TURN_ABORTED_NOTE =
  '<turn_aborted>\nThe person stopped the previous turn before it finished. Commands or tools it started may have run in part, and background processes may still be running.\n</turn_aborted>';

export const TITLE_MAX = 36;
export const TITLE_SCHEMA = { type: 'object', properties: { title: { type: 'string', minLength: 1, maxLength: TITLE_MAX } }, required: ['title'], additionalProperties: false };
// Our own wording: what a good thread title is, and that the request itself is not to be done.
export const TITLE_REQUEST = [
  `Name this conversation for a list of past sessions: at most ${TITLE_MAX} characters, a few words, starting with a verb.`,
  'Use the language of the request, keep names, ticket ids and code identifiers as written, and add no quotes, markdown or closing punctuation.',
  'Only name the request below; do not carry it out.',
].join(' ');

export interface ThreadSettings {
  model: string;
  provider: string;
  cwd: string;
  approvalPolicy: string;
  sandboxMode: string;
  reasoningEffort?: string;
  /** the Responses API's service_tier (`priority` after /fast); none: the provider's default */
  serviceTier?: string;
  verbosity?: string;
  outputSchema?: unknown;
  contextWindow: number;
  /** the sandbox in upstream's permission-profile terms, when csm can describe it */
  permissionProfile?: { profile: Record<string, unknown>; id: string } | null;
  /** Plan mode (`/plan`) or the default; none: the default */
  collaborationMode?: CollaborationMode;
}

export interface RolloutSink {
  /** `metadata`: the line's own metadata next to its payload (upstream marks a compaction's summary output there). */
  append(type: string, payload: Record<string, unknown>, metadata?: Record<string, unknown>): void;
  /** Records a rollback its own way (upstream 0.171.0 continues the session in a new file); else a thread_rolled_back line. */
  rollback?(numTurns: number): void;
}

/** How a resumed (or forked) thread's first turn in this process brings the model up to date. */
export interface ResumeMode {
  /**
   * 'update': the rollout holds a world-state baseline and pendingContext is what changed since
   * (recorded with a `world_state` patch when there is any). 'full': no baseline survives (none was
   * recorded, or a compaction cleared it), pendingContext is the whole context, recorded with a
   * full `world_state` snapshot.
   */
  context: 'update' | 'full';
  /** The settings differ from the ones the session last recorded: they are applied (and recorded) twice. */
  settingsChanged: boolean;
  /** No earlier turn recorded its settings (a legacy file): they are recorded after the turn context too, as a new thread does. */
  firstSettings: boolean;
}

export interface ThreadOptions {
  id: string;
  client: ModelClient;
  tools: ToolRouter;
  retry: RetryPolicy;
  settings: ThreadSettings;
  baseInstructions: string;
  /** Response items from earlier turns (resume) or the initial context items (new thread). */
  history: ResponseItem[];
  /**
   * Items to add (and record) before the first user message of this process: a new thread's initial
   * context (permissions, environment), or what a resumed one must be told (see `resume`).
   */
  pendingContext: ResponseItem[];
  /** Set when continuing a recorded thread; absent for a new one. */
  resume?: ResumeMode;
  /** Resume: the world state the rollout last recorded (see world-state.ts), which an 'update' opening patches. */
  worldState?: WorldState | null;
  /** Appending to a legacy file (no ordinals, no history_mode): user and agent messages are recorded as upstream's legacy user_message/agent_message events. */
  legacy?: boolean;
  rollout: RolloutSink;
  /** Live text of the agent's message as it streams (interactive clients; exec shows whole messages), with the Responses item id it belongs to. */
  onTextDelta?: (delta: string, itemId: string) => void;
  /** Asks the person before a tool call that needs approval (interactive clients). */
  requestApproval?: ToolContext['requestApproval'];
  /** Token usage of earlier turns (resume), so totals continue. */
  priorUsage?: Usage;
  /** How full the context was after the last response of earlier turns (resume): its total tokens. */
  priorContextTokens?: number;
  /** At this many tokens in context the thread compacts before it samples again (see compact.ts); none: never on its own. */
  autoCompactTokenLimit?: number;
  /** The initial context as it would be sent now: what a compacted history starts with. */
  initialContext?: () => ResponseItem[];
  newId: () => string;
  now?: () => Date;
}

/** A command the person ran (`!cmd`), to be recorded with `recordUserShell`. */
export interface UserShellRun {
  /** as typed */
  command: string;
  /** what ran (the shell and its arguments) */
  argv: string[];
  output: string;
  exitCode: number | null;
  durationMs: number;
  started: Date;
}

/** What the model is told about a person's command: the command, its exit code, duration and output. */
export function userShellText(run: Pick<UserShellRun, 'command' | 'output' | 'exitCode' | 'durationMs'>): string {
  const result = [`Exit code: ${run.exitCode ?? -1}`, `Duration: ${(run.durationMs / 1000).toFixed(4)} seconds`, 'Output:', run.output].join('\n');
  return `<user_shell_command>\n<command>\n${run.command}\n</command>\n<result>\n${result}\n</result>\n</user_shell_command>`;
}

interface CompactionResult {
  ok: boolean;
  usage: Usage;
  error?: string;
}

export interface TurnResult {
  ok: boolean;
  lastAgentMessage: string | null;
  usage: Usage;
  error?: string;
}

export class Thread {
  private history: ResponseItem[];
  private pendingContext: ResponseItem[];
  /** The first turn of this process opens the thread (new or resumed); later ones only continue it. */
  private firstTurn = true;
  /** A `!command` turn came before the first model turn: that turn records the thread's settings before it opens, as upstream's does. */
  private shellFirst = false;
  private itemCounter = 0;
  private threadUsage: Usage;
  /** The usage the last response reported: how full the context was then. */
  private lastUsage: Usage = ZERO_USAGE;
  /** While a user turn runs: prompts steered into it, and how to cut the response being streamed. */
  private steering: { pending: string[]; cut: AbortController | null } | null = null;
  /** The context's size in tokens: measured by the last response, plus an estimate of what was added since. */
  private contextTokens: number;
  /** The world state the model has been shown (recorded in the rollout); null before any is known. */
  private shown: WorldState | null;

  constructor(private readonly o: ThreadOptions) {
    this.history = [...o.history];
    this.pendingContext = [...o.pendingContext];
    this.threadUsage = o.priorUsage ?? ZERO_USAGE;
    this.contextTokens = o.priorContextTokens ?? 0;
    this.shown = o.worldState ?? null;
  }

  /** How many tokens the context holds now (as measured by the last response, plus what was added since), for the context meter. */
  get contextUsed(): number {
    return this.contextTokens;
  }

  get id(): string {
    return this.o.id;
  }

  get totalUsage(): Usage {
    return this.threadUsage;
  }

  /** The model or reasoning effort for the turns from now on (`/model`); the next turn records them. */
  changeModel(model: string, reasoningEffort: string | undefined): void {
    this.o.settings = { ...this.o.settings, model, reasoningEffort };
  }

  /**
   * Plan mode or the default for the turns from now on, with the reasoning effort that goes with
   * it; the next turn tells the model (in the opening developer message when nothing was sent yet).
   */
  setCollaborationMode(mode: CollaborationMode, reasoningEffort: string | undefined): void {
    if ((this.o.settings.collaborationMode ?? 'default') === mode) return;
    this.o.settings = { ...this.o.settings, collaborationMode: mode, reasoningEffort };
    // A thread already on disk records the new settings at once, as upstream's does.
    if (!this.firstTurn || this.o.resume) this.record('event_msg', { type: 'thread_settings_applied', thread_id: this.o.id, thread_settings: threadSettingsPayload(this.o.settings) });
    const text = collaborationText(mode);
    const i = this.pendingContext.findIndex((item) => item.type === 'message' && item.role === 'developer');
    const dev = this.pendingContext[i];
    if (dev && Array.isArray(dev.content)) this.pendingContext[i] = { ...dev, content: [...dev.content, { type: 'input_text', text }] };
    else this.pendingContext.push(developerMessage(text));
  }

  /** The JSON Schema the next turn's final answer must follow (an app-server client's turn/start outputSchema); undefined: none. */
  setOutputSchema(outputSchema: unknown): void {
    this.o.settings = { ...this.o.settings, outputSchema };
  }

  /** The service tier requests ask for from now on (`/fast`: priority); undefined: the default. */
  setServiceTier(serviceTier: string | undefined): void {
    this.o.settings = { ...this.o.settings, serviceTier };
  }

  private now = () => (this.o.now ?? (() => new Date()))();

  private requestBody(turnId: string): Record<string, unknown> {
    const s = this.o.settings;
    const body: Record<string, unknown> = {
      model: s.model,
      // A call the process never answered (it died while the tool ran) is sent as aborted.
      input: [{ type: 'message', role: 'developer', content: [{ type: 'input_text', text: this.o.baseInstructions }] }, ...pairToolCalls(this.history)],
      tools: this.o.tools.specs(),
      tool_choice: 'auto',
      parallel_tool_calls: true,
      reasoning: { effort: s.reasoningEffort ?? 'medium' },
      store: false,
      stream: true,
      ...(s.serviceTier ? { service_tier: s.serviceTier } : {}),
      include: ['reasoning.encrypted_content'],
      prompt_cache_key: this.o.id,
      client_metadata: { session_id: this.o.id, thread_id: this.o.id, turn_id: turnId },
      text: s.outputSchema
        ? { verbosity: s.verbosity ?? 'low', format: { type: 'json_schema', strict: true, schema: s.outputSchema, name: 'codex_output_schema' } }
        : { verbosity: s.verbosity ?? 'low' },
    };
    return body;
  }

  /**
   * A short title for the thread, asked of the model in a side request that records nothing: the
   * thread's instructions and context, the first prompt, and a JSON schema for the answer. Null
   * when the model gives nothing usable.
   */
  async title(prompt: string, signal?: AbortSignal): Promise<string | null> {
    const body = this.requestBody(this.o.newId());
    const context = [...this.pendingContext, ...this.history].filter(
      (i) => i.type === 'message' && (i.role === 'developer' || (i.role === 'user' && isContextualMessage(i as never))),
    );
    const ask = `${TITLE_REQUEST}\n\nThe request:\n${prompt}`;
    body.input = [(body.input as ResponseItem[])[0], ...context, userMessage(ask)];
    body.tools = [];
    body.text = { verbosity: this.o.settings.verbosity ?? 'low', format: { type: 'json_schema', strict: true, schema: TITLE_SCHEMA, name: 'codex_output_schema' } };
    try {
      for await (const ev of sample(this.o.client, body, this.o.retry, signal)) {
        if (ev.type !== 'completed') continue;
        const answer = ev.items.find((i) => i.type === 'message') as ResponseItem | undefined;
        if (!answer || answer.type !== 'message') return null;
        const title = (JSON.parse(messageText(answer)) as { title?: unknown }).title;
        return typeof title === 'string' && title.trim() ? title.trim().slice(0, TITLE_MAX) : null;
      }
    } catch {
      // A title is a nicety: any failure just leaves the thread untitled.
    }
    return null;
  }

  private record(type: string, payload: Record<string, unknown>) {
    this.o.rollout.append(type, payload);
  }

  /**
   * Forgets the newest `numTurns` user turns (Esc-Esc backtrack), recorded as upstream records a
   * rollback, so a resume (by csm or upstream) rebuilds the shortened history. Not while a turn runs.
   */
  rollback(numTurns: number): void {
    if (numTurns <= 0) return;
    this.history = dropLastUserTurns(this.history, numTurns);
    if (this.o.rollout.rollback) this.o.rollout.rollback(numTurns);
    else this.record('event_msg', { type: 'thread_rolled_back', num_turns: numTurns });
  }

  /**
   * A command the person ran themselves (`!cmd` in the TUI), recorded as upstream records one: a
   * turn of its own with the command's item and, for the model's next request, a user message
   * holding the command and its result. Nothing is sampled.
   */
  recordUserShell(run: UserShellRun): void {
    if (this.firstTurn) this.shellFirst = true;
    const turnId = this.o.newId();
    this.record('event_msg', { type: 'task_started', turn_id: turnId, started_at: Math.floor(run.started.getTime() / 1000), model_context_window: this.o.settings.contextWindow, collaboration_mode_kind: 'default' });
    const status = run.exitCode === 0 ? 'completed' : 'failed';
    this.record('event_msg', {
      type: 'item_completed',
      thread_id: this.o.id,
      turn_id: turnId,
      item: { type: 'CommandExecution', id: this.o.newId(), command: run.argv, cwd: this.o.settings.cwd, source: 'user_shell', status, aggregated_output: run.output, exit_code: run.exitCode, duration_ms: Math.round(run.durationMs) },
    });
    const message = userMessage(userShellText(run));
    this.history.push(message);
    this.contextTokens += estimateTokens([message]);
    this.record('response_item', message);
    this.recordTaskComplete(turnId, run.started, null);
  }

  /**
   * A code review run in a reviewer thread of its own (the TUI's `/review`), recorded in this
   * thread as upstream records it: `enterReview` when it starts (EnteredReviewMode), `exitReview`
   * when it ends: the reviewer's turn opening, the findings as a user action the model sees on the
   * next turn (our own wording), ExitedReviewMode with the reviewer's output, the rendered findings
   * as this thread's answer, and task_complete.
   */
  enterReview(target: Record<string, unknown>, hint: string): { turnId: string; started: Date; itemId: string } {
    const turnId = this.o.newId();
    const itemId = this.o.newId();
    this.record('event_msg', { type: 'item_completed', thread_id: this.o.id, turn_id: turnId, item: { type: 'EnteredReviewMode', id: itemId, target, user_facing_hint: hint } });
    return { turnId, started: this.now(), itemId };
  }

  /** Returns the ids of the ExitedReviewMode item and of the answer (null when the reviewer gave none). */
  exitReview(
    review: { turnId: string; started: Date },
    done: { reviewerThreadId: string; reviewerTurnId?: string; prompt: string; output: unknown; text: string | null },
  ): { exitedItemId: string; messageItemId: string | null } {
    const { turnId, started } = review;
    const reviewerTurn = done.reviewerTurnId ?? this.o.newId();
    // The reviewer's turn is rooted in the review's (upstream's attribution), which is how the thread's history reads it back.
    const attribution = { turn_id: reviewerTurn, turn_trigger: null, parent_turn_id: turnId, initiating_agent_path: null, root_turn_id: turnId };
    this.record('event_msg', { type: 'task_started', turn_attribution: attribution, turn_id: reviewerTurn, root_turn_id: turnId, started_at: Math.floor(started.getTime() / 1000), model_context_window: this.o.settings.contextWindow, collaboration_mode_kind: 'default' });
    this.record('event_msg', { type: 'item_completed', thread_id: done.reviewerThreadId, turn_id: reviewerTurn, item: { type: 'UserMessage', id: this.o.newId(), content: [{ type: 'text', text: done.prompt, text_elements: [] }] } });
    this.record('event_msg', { type: 'thread_settings_applied', thread_id: this.o.id, thread_settings: threadSettingsPayload(this.o.settings) });
    if (done.text !== null) {
      const action = userMessage(`<user_action>\n  <context>The person asked for a code review; the reviewer's findings follow. They may ask for some of them to be fixed.</context>\n  <action>review</action>\n  <results>\n  ${done.text}\n  </results>\n  </user_action>\n`);
      this.history.push(action);
      this.record('response_item', action);
    }
    const exitedItemId = this.o.newId();
    this.record('event_msg', { type: 'item_completed', thread_id: this.o.id, turn_id: turnId, item: { type: 'ExitedReviewMode', id: exitedItemId, review_output: done.output ?? null } });
    let messageItemId: string | null = null;
    if (done.text !== null) {
      const answer: ResponseItem = { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: done.text }] };
      this.history.push(answer);
      this.record('response_item', answer);
      messageItemId = `msg_${this.o.newId()}`;
      this.record('event_msg', { type: 'item_completed', thread_id: this.o.id, turn_id: turnId, item: { type: 'AgentMessage', id: messageItemId, content: [{ type: 'Text', text: done.text }] } });
    }
    this.recordTaskComplete(turnId, started, null);
    return { exitedItemId, messageItemId };
  }

  /**
   * A prompt sent while a user turn runs, as upstream steers one: the response being streamed is
   * cut (nothing of it kept), the prompt joins the turn's history and the model is asked again in
   * the same turn. False when no user turn is running (the caller starts a turn of its own).
   */
  steer(prompt: string): boolean {
    if (!this.steering) return false;
    this.steering.pending.push(prompt);
    this.steering.cut?.abort();
    return true;
  }

  /** Runs one user turn to completion, yielding thread events as they happen. */
  async *runTurn(prompt: string, signal?: AbortSignal): AsyncGenerator<ThreadEvent, TurnResult> {
    const turnId = this.o.newId();
    const started = this.now();
    const s = this.o.settings;
    // Tool events are passed on while the tool runs (a command shows as started, then completed, with
    // its real duration in between), not held until it returns.
    const events: ThreadEvent[] = [];
    let wake: (() => void) | null = null;
    const emit = (e: ThreadEvent) => {
      events.push(e);
      wake?.();
    };
    const drain = function* () {
      while (events.length) yield events.shift()!;
    };
    const whileRunning = async function* <T>(work: Promise<T>): AsyncGenerator<ThreadEvent, T> {
      let done = false;
      const settled = work.then(
        () => void (done = true),
        () => void (done = true),
      );
      while (!done || events.length) {
        yield* drain();
        if (done) break;
        await Promise.race([settled, new Promise<void>((resolve) => (wake = resolve))]);
        wake = null;
      }
      yield* drain();
      return work;
    };

    // Upstream's line order for the opening of a turn:
    //   new thread:      task_started, context, world_state (full), turn_context, settings
    //   resumed, update: settings, [settings if changed], task_started, [changes, world_state (patch)], turn_context
    //   resumed, full:   settings, [settings if changed], task_started, context, world_state (full), turn_context,
    //                    [settings, when no earlier turn recorded any]
    //   later turns:     settings, task_started, turn_context
    const settings = () => this.record('event_msg', { type: 'thread_settings_applied', thread_id: this.o.id, thread_settings: threadSettingsPayload(s) });
    const opening = this.firstTurn ? this.o.resume : undefined;
    const isNew = this.firstTurn && !this.o.resume;
    this.firstTurn = false;
    if (!isNew || this.shellFirst) settings();
    if (opening?.settingsChanged) settings();
    this.record('event_msg', { type: 'task_started', turn_id: turnId, started_at: Math.floor(started.getTime() / 1000), model_context_window: s.contextWindow, collaboration_mode_kind: s.collaborationMode ?? 'default' });
    let turnUsage = ZERO_USAGE;
    let lastAgentMessage: string | null = null;
    if (!isNew && this.history.length && this.overLimit()) {
      // Over the limit before the prompt is even sent: compacted first. The replacement history
      // starts with the whole context as it is now, so nothing pending is sent on its own.
      this.pendingContext = [];
      const compacted = yield* this.compactInTurn(turnId, ZERO_USAGE, signal);
      turnUsage = compacted.usage;
      if (!compacted.ok) return yield* this.failedCompaction(turnId, started, compacted, signal);
    } else {
      const context = this.pendingContext.splice(0);
      for (const item of context) {
        this.history.push(item);
        this.record('response_item', item);
      }
      if (isNew || opening?.context === 'full') this.recordFullWorldState(context);
      else if (context.length) this.recordWorldStatePatch(contextState(context, { model: s.model, full: false }));
      this.recordTurnContext(turnId);
      if (isNew || opening?.firstSettings) settings();
    }
    const user = userMessage(prompt);
    this.history.push(user);
    this.record('response_item', user);
    // Legacy files keep upstream's legacy event for the message; newer ones get item_completed.
    if (this.o.legacy) this.record('event_msg', { type: 'user_message', message: prompt, images: [], local_images: [], audio: [], local_audio: [], text_elements: [] });
    else this.record('event_msg', { type: 'item_completed', thread_id: this.o.id, turn_id: turnId, item: { type: 'UserMessage', id: this.o.newId(), content: [{ type: 'text', text: prompt, text_elements: [] }] } });

    yield { type: 'turn.started' };
    const finish = (ok: boolean, error?: string): TurnResult => {
      this.recordTaskComplete(turnId, started, lastAgentMessage);
      return { ok, lastAgentMessage, usage: turnUsage, error };
    };

    // Stopped by the person (Esc, Ctrl-C): the turn ends as upstream records an interrupted one: the
    // usage so far, a note telling the model the turn was cut short (its next request carries it),
    // then turn_aborted.
    const interrupted = function* (this: Thread): Generator<ThreadEvent, TurnResult> {
      if (this.threadUsage.input_tokens || this.threadUsage.output_tokens) this.recordTokenCount();
      else this.record('event_msg', { type: 'token_count', info: null, rate_limits: null });
      const note = userMessage(TURN_ABORTED_NOTE);
      this.history.push(note);
      this.contextTokens += estimateTokens([note]);
      this.record('response_item', note);
      this.record('event_msg', { type: 'turn_aborted', turn_id: turnId, reason: 'interrupted' });
      yield { type: 'turn.failed', error: { message: INTERRUPTED } };
      return { ok: false, lastAgentMessage, usage: turnUsage, error: INTERRUPTED };
    }.bind(this);

    const steering: NonNullable<Thread['steering']> = { pending: [], cut: null };
    this.steering = steering;
    try {
    const notes: ModelNote[] = [];
    for (;;) {
      const calls: ResponseItem[] = [];
      if (signal?.aborted) return yield* interrupted();
      // Prompts steered in since the last request join the turn, as upstream records them.
      for (const text of steering.pending.splice(0)) {
        const steered = userMessage(text);
        this.history.push(steered);
        this.contextTokens += estimateTokens([steered]);
        this.record('response_item', steered);
        this.record('event_msg', { type: 'item_completed', thread_id: this.o.id, turn_id: turnId, item: { type: 'UserMessage', id: this.o.newId(), content: [{ type: 'text', text, text_elements: [] }] } });
      }
      const cut = new AbortController();
      steering.cut = cut;
      const sampleSignal = signal ? AbortSignal.any([signal, cut.signal]) : cut.signal;
      try {
        for await (const ev of sample(this.o.client, this.requestBody(turnId), this.o.retry, sampleSignal)) {
          if (ev.type === 'text_delta') {
            this.o.onTextDelta?.(ev.delta, ev.itemId);
          } else if (ev.type === 'reconnecting') {
            if (ev.failure === 'stream') this.record('event_msg', { type: 'token_count', info: null, rate_limits: null });
            yield { type: 'error', message: reconnectNotice(ev.attempt, ev.max, ev.reason) };
          } else if (ev.type === 'item_done') {
            const item = ev.item as ResponseItem;
            yield* this.onItemDone(item, turnId);
            if (item.type === 'message' && item.role === 'assistant') lastAgentMessage = messageText(item);
            if (isToolCall(item)) calls.push(item);
          } else if (ev.type === 'completed') {
            turnUsage = addUsage(turnUsage, ev.usage);
            this.threadUsage = addUsage(this.threadUsage, ev.usage);
            this.measured(ev.usage);
            this.record('token_usage_record', { thread_id: this.o.id, turn_id: turnId, response_id: ev.responseId, usage: withTotal(ev.usage), turn_token_usage: withTotal(turnUsage), thread_token_usage: withTotal(this.threadUsage) });
          }
        }
      } catch (e) {
        if (signal?.aborted) return yield* interrupted();
        if (cut.signal.aborted) {
          // Cut for a steered prompt: upstream counts the cut stream (with no usage) and asks again.
          this.record('event_msg', { type: 'token_count', info: null, rate_limits: null });
          continue;
        }
        if (!(e instanceof ModelError)) throw e;
        const message = finalMessage(e.failure);
        // Upstream records a token count for every broken stream attempt, the last one included (not for HTTP errors).
        if (e.failure.kind === 'stream') this.record('event_msg', { type: 'token_count', info: null, rate_limits: null });
        yield { type: 'error', message };
        yield { type: 'turn.failed', error: { message } };
        return finish(false, message);
      }
      for (const call of calls) {
        const output = await (yield* whileRunning(
          this.o.tools.handle(call, {
            cwd: s.cwd,
            emit,
            record: (payload) => this.record('event_msg', { ...payload, thread_id: this.o.id, turn_id: turnId }),
            nextItemId: () => this.nextItemId(),
            signal,
            requestApproval: this.o.requestApproval,
            noteForModel: (note) => notes.push(note),
          }),
        ));
        this.history.push(output);
        this.contextTokens += estimateTokens([output]);
        this.record('response_item', output);
      }
      steering.cut = null;
      this.recordTokenCount();
      // What the tools did for the model beyond their outputs reaches it before its next request.
      for (const note of notes.splice(0)) {
        const message = developerMessage(note.text);
        this.history.push(message);
        this.contextTokens += estimateTokens([message]);
        this.record('response_item', message);
        this.recordWorldStatePatch(note.worldState);
      }
      if (!calls.length && !steering.pending.length) {
        // Done: from here a prompt sent is no longer this turn's (the caller starts a turn for it).
        this.steering = null;
        break;
      }
      // A follow-up is pending: with the context over the limit, it is compacted first.
      if (this.overLimit()) {
        const compacted = yield* this.compactInTurn(turnId, turnUsage, signal);
        turnUsage = compacted.usage;
        if (!compacted.ok) {
          if (signal?.aborted) return yield* interrupted();
          yield { type: 'error', message: compacted.error! };
          yield { type: 'turn.failed', error: { message: compacted.error! } };
          return finish(false, compacted.error);
        }
      }
    }
    yield { type: 'turn.completed', usage: turnUsage };
    return finish(true);
    } finally {
      this.steering = null;
    }
  }

  /**
   * `/compact`: the conversation is summarized and replaced now, as a turn of its own (task_started
   * … task_complete) with no prompt. Yields turn.started, context.compacted and turn.completed (or
   * the failure).
   */
  async *compact(signal?: AbortSignal): AsyncGenerator<ThreadEvent, TurnResult> {
    const turnId = this.o.newId();
    const started = this.now();
    this.firstTurn = false;
    this.record('event_msg', { type: 'task_started', turn_id: turnId, started_at: Math.floor(started.getTime() / 1000), model_context_window: this.o.settings.contextWindow, collaboration_mode_kind: 'default' });
    yield { type: 'turn.started' };
    // Whatever context was pending is part of the fresh context the replacement starts with.
    this.pendingContext = [];
    const compacted = yield* this.compactInTurn(turnId, ZERO_USAGE, signal);
    if (!compacted.ok) return yield* this.failedCompaction(turnId, started, compacted, signal);
    this.recordTaskComplete(turnId, started, null);
    yield { type: 'turn.completed', usage: compacted.usage };
    return { ok: true, lastAgentMessage: null, usage: compacted.usage };
  }

  /** Whether the context has reached the auto-compaction limit. */
  private overLimit(): boolean {
    const limit = this.o.autoCompactTokenLimit;
    return limit !== undefined && this.contextTokens >= limit;
  }

  /** A response measured the context: its total is what the context holds now. */
  private measured(usage: Usage): void {
    this.lastUsage = usage;
    this.contextTokens = withTotal(usage).total_tokens;
  }

  private recordTokenCount(last: Record<string, number> = withTotal(this.lastUsage)): void {
    this.record('event_msg', { type: 'token_count', info: { total_token_usage: withTotal(this.threadUsage), last_token_usage: last, model_context_window: this.o.settings.contextWindow }, rate_limits: null });
  }

  private recordTurnContext(turnId: string): void {
    const s = this.o.settings;
    this.record('turn_context', { turn_id: turnId, cwd: s.cwd, approval_policy: s.approvalPolicy, sandbox_policy: { type: s.sandboxMode }, model: s.model, effort: s.reasoningEffort ?? 'medium', summary: 'auto' });
  }

  private recordTaskComplete(turnId: string, started: Date, lastAgentMessage: string | null): void {
    const completed = this.now();
    this.record('event_msg', {
      type: 'task_complete',
      turn_id: turnId,
      last_agent_message: lastAgentMessage,
      started_at: Math.floor(started.getTime() / 1000),
      completed_at: Math.floor(completed.getTime() / 1000),
      duration_ms: completed.getTime() - started.getTime(),
    });
  }

  /** A compaction that failed ends its turn: interrupted as an interrupted turn, otherwise with the error. */
  private *failedCompaction(turnId: string, started: Date, c: CompactionResult, signal?: AbortSignal): Generator<ThreadEvent, TurnResult> {
    if (signal?.aborted) {
      this.record('event_msg', { type: 'turn_aborted', turn_id: turnId, reason: 'interrupted' });
      yield { type: 'turn.failed', error: { message: INTERRUPTED } };
      return { ok: false, lastAgentMessage: null, usage: c.usage, error: INTERRUPTED };
    }
    yield { type: 'error', message: c.error! };
    yield { type: 'turn.failed', error: { message: c.error! } };
    this.recordTaskComplete(turnId, started, null);
    return { ok: false, lastAgentMessage: null, usage: c.usage, error: c.error };
  }

  /**
   * Asks the model for a hand-off summary of the history (see compact.ts) and replaces the history
   * with the fresh initial context, the newest user messages and the summary, recorded in upstream's
   * order: token_count, the summary (marked as compaction output, so a resume never reads it as an
   * answer), its usage, `compacted` with the replacement history, a full world_state, turn_context,
   * settings, the new (estimated) token count, and the ContextCompaction item. Until the `compacted`
   * line is written nothing replaces anything: a process killed before it resumes the old history.
   * `turnUsage`: the turn's usage so far; the result's usage includes the summary request's.
   */
  private async *compactInTurn(turnId: string, turnUsage: Usage, signal?: AbortSignal): AsyncGenerator<ThreadEvent, CompactionResult> {
    const s = this.o.settings;
    this.recordTokenCount();
    const body = this.requestBody(turnId);
    body.input = [...(body.input as ResponseItem[]), userMessage(COMPACT_PROMPT)];
    body.tools = [];
    body.parallel_tool_calls = false;
    let usage = turnUsage;
    let summary = '';
    try {
      for await (const ev of sample(this.o.client, body, this.o.retry, signal)) {
        if (ev.type === 'reconnecting') {
          yield { type: 'error', message: reconnectNotice(ev.attempt, ev.max, ev.reason) };
        } else if (ev.type === 'item_done') {
          const item = ev.item as ResponseItem;
          if (item.type !== 'message' || item.role !== 'assistant') continue;
          summary += messageText(item);
          this.o.rollout.append('response_item', forHistory(item), { compaction_output: true });
        } else if (ev.type === 'completed') {
          usage = addUsage(usage, ev.usage);
          this.threadUsage = addUsage(this.threadUsage, ev.usage);
          this.lastUsage = ev.usage;
          this.record('token_usage_record', { thread_id: this.o.id, turn_id: turnId, response_id: ev.responseId, usage: withTotal(ev.usage), turn_token_usage: withTotal(usage), thread_token_usage: withTotal(this.threadUsage) });
          this.recordTokenCount();
        }
      }
    } catch (e) {
      if (signal?.aborted) return { ok: false, usage, error: INTERRUPTED };
      if (!(e instanceof ModelError)) throw e;
      return { ok: false, usage, error: finalMessage(e.failure) };
    }
    const initial = this.o.initialContext?.() ?? this.openingContext();
    const replacement = replacementHistory(initial, this.history, summary, isUserTurnBoundary);
    this.history = [...replacement];
    this.record('compacted', { message: summaryText(summary), replacement_history: replacement });
    this.recordFullWorldState(initial);
    this.recordTurnContext(turnId);
    this.record('event_msg', { type: 'thread_settings_applied', thread_id: this.o.id, thread_settings: threadSettingsPayload(s) });
    this.contextTokens = estimateTokens([{ type: 'message', role: 'developer', content: [{ type: 'input_text', text: this.o.baseInstructions }] }, ...replacement]);
    this.lastUsage = ZERO_USAGE;
    this.recordTokenCount({ ...withTotal(ZERO_USAGE), total_tokens: this.contextTokens });
    this.record('event_msg', { type: 'item_completed', thread_id: this.o.id, turn_id: turnId, item: { type: 'ContextCompaction', id: this.o.newId() } });
    yield { type: 'context.compacted' };
    return { ok: true, usage };
  }

  /** The whole context was (re)sent: a full world-state snapshot of what it showed the model. */
  private recordFullWorldState(context: readonly ResponseItem[]): void {
    this.shown = contextState(context, { model: this.o.settings.model, full: true });
    this.record('world_state', { full: true, state: this.shown });
  }

  /** Part of the world state changed (`changes`, a merge patch): recorded as the patch that really changes it, if any. */
  private recordWorldStatePatch(changes: WorldState): void {
    const before = this.shown ?? {};
    const after = mergePatch(before, changes) as WorldState;
    this.shown = after;
    const patch = diffPatch(before, after);
    if (patch) this.record('world_state', { full: false, state: patch });
  }

  /** The context messages the history opens with (before the first thing the person typed). */
  private openingContext(): ResponseItem[] {
    const first = this.history.findIndex((item) => isUserTurnBoundary(item as never));
    return (first < 0 ? this.history : this.history.slice(0, first)).filter((item) => item.type === 'message');
  }

  /** A warning as exec --json shows it (an error item), numbered with the thread's other items. */
  warningEvent(message: string): ThreadEvent {
    return { type: 'item.completed', item: { id: this.nextItemId(), type: 'error', message } };
  }

  private nextItemId(): string {
    return `item_${this.itemCounter++}`;
  }

  private *onItemDone(item: OutputItem, turnId: string): Generator<ThreadEvent> {
    const historyItem = forHistory(item as ResponseItem);
    if (item.type === 'message' && item.role === 'assistant') {
      const text = messageText(item as ResponseItem);
      if (this.o.legacy) this.record('event_msg', { type: 'agent_message', message: text, phase: null, memory_citation: null });
      else this.record('event_msg', { type: 'item_completed', thread_id: this.o.id, turn_id: turnId, item: { type: 'AgentMessage', id: item.id, content: [{ type: 'Text', text }] } });
      yield { type: 'item.completed', item: { id: this.nextItemId(), type: 'agent_message', text } };
    } else if (item.type === 'reasoning') {
      const text = reasoningText(item as ResponseItem);
      this.record('event_msg', { type: 'item_completed', thread_id: this.o.id, turn_id: turnId, item: { type: 'Reasoning', id: item.id, summary_text: [text] } });
      if (text) yield { type: 'item.completed', item: { id: this.nextItemId(), type: 'reasoning', text } };
    }
    this.history.push(historyItem);
    this.record('response_item', historyItem);
  }
}
