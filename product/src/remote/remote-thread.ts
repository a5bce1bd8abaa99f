// A thread that lives on an app-server, with the face csm's TUI knows from a local Thread
// (runtime/chat-thread.ts): a turn is turn/start, its notifications become thread events
// (turn-events.ts), approvals arrive as the server's requests and go back as its decisions, Ctrl-C
// is turn/interrupt, a title is asked in an ephemeral read-only thread and set with thread/name/set.
// As upstream's TUI over a connection: Enter while a turn runs is turn/steer, backtrack is
// thread/revert (before the turn of the prompt edited), `!command` is thread/shellCommand.
// /review is review/start on the thread (the server runs the reviewer).
import { randomUUID } from 'node:crypto';
import type { ApprovalDecision, ApprovalRequest } from '../core/agent/tools.ts';
import type { CollaborationMode } from '../core/agent/collaboration.ts';
import type { TurnResult, UserShellRun } from '../core/agent/thread.ts';
import { TITLE_MAX, TITLE_REQUEST, TITLE_SCHEMA } from '../core/agent/thread.ts';
import type { ResponseItem } from '../core/agent/items.ts';
import type { ReviewTarget } from '../core/review/target.ts';
import { parseRenderedReview } from '../core/review/output.ts';
import type { ThreadEvent } from '../core/protocol/thread-events.ts';
import type { ProtocolItem, ProtocolTurn } from '../app-server/protocol.ts';
import type { Turn as TranscriptTurn, TurnItem } from '../core/sessions/transcript.ts';
import type { ChatOpened, ChatThread } from '../runtime/chat-thread.ts';
import type { SessionTarget } from '../runtime/session.ts';
import { lostMessage, type RemoteConnection } from './connection.ts';
import type { Params } from './rpc-client.ts';
import { readModelNames } from './model-names.ts';
import { RemoteTurnEvents, unwrapShell, type TurnEnd } from './turn-events.ts';

/** How long a command's start is held back to see whether an approval request for it follows. */
const HOLD_START_MS = 50;

export interface RemoteThreadOptions {
  /** asks the person (the TUI's approval modal) */
  requestApproval(req: ApprovalRequest): Promise<ApprovalDecision>;
  /** the answer's text as it streams */
  onTextDelta?(delta: string, itemId: string): void;
}

export interface RemoteOpenOptions extends RemoteThreadOptions {
  /** -C/--cd: the folder on the server's machine; else the server's own */
  cwd?: string | null;
  model?: string | null;
  sandbox?: string | null;
}

type Item = { kind: 'event'; event: ThreadEvent } | { kind: 'end'; end: TurnEnd };

/** A queue a running turn's generator reads from while notifications arrive. */
class Inbox {
  private items: Item[] = [];
  private wake: (() => void) | null = null;
  push(item: Item) {
    this.items.push(item);
    this.wake?.();
  }
  async next(): Promise<Item> {
    while (!this.items.length) await new Promise<void>((r) => (this.wake = r));
    this.wake = null;
    return this.items.shift()!;
  }
}

/** Each prompt of the thread's turns, oldest first: the turn it is in, and whether it was steered into a running one. */
export function promptsOf(turns: ProtocolTurn[]): Array<{ turnId: string; steered: boolean }> {
  return turns.flatMap((t) => t.items.filter((i) => i.type === 'userMessage').map((_, n) => ({ turnId: t.id, steered: n > 0 })));
}

/** What a `!command` run on the server gave: as a local run reports it. */
export interface RemoteShellResult {
  output: string;
  exitCode: number | null;
  argv: string[];
  durationMs: number;
}

/** What a user message says, its text parts joined. */
const userText = (i: Extract<ProtocolItem, { type: 'userMessage' }>) => i.content.flatMap((c) => (c.type === 'text' ? [c.text] : [])).join('\n');

/** A protocol turn's user and agent messages as the response items of the thread's history. */
export function turnsAsHistory(turns: ProtocolTurn[]): ResponseItem[] {
  const out: ResponseItem[] = [];
  for (const t of turns)
    for (const i of t.items) {
      if (i.type === 'userMessage') out.push({ type: 'message', role: 'user', content: [{ type: 'input_text', text: userText(i) }] } as ResponseItem);
      else if (i.type === 'agentMessage') out.push({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text: i.text }] } as ResponseItem);
    }
  return out;
}

/** A protocol item as what a local rollout's transcript records of it (core/sessions/transcript.ts), or null for what it does not show. */
function transcriptItem(i: ProtocolItem): TurnItem | null {
  switch (i.type) {
    case 'agentMessage':
      return i.text.trim() ? { kind: 'agent', text: i.text } : null;
    case 'reasoning': {
      const text = i.summary.filter(Boolean).join('\n');
      return text ? { kind: 'reasoning', text } : null;
    }
    case 'commandExecution':
      return { kind: 'command', text: unwrapShell(i.command), ...(i.aggregatedOutput !== null ? { output: i.aggregatedOutput } : {}), exitCode: i.exitCode, callId: i.id };
    case 'fileChange':
      return { kind: 'patch', text: '', name: 'apply_patch', callId: i.id, files: i.changes.map((c) => c.path) };
    case 'mcpToolCall':
      return { kind: 'tool', text: `${i.tool}(${JSON.stringify(i.arguments)})`, name: i.tool, callId: i.id };
    case 'dynamicToolCall':
      return { kind: 'tool', text: `${i.tool}(${JSON.stringify(i.arguments)})`, name: i.tool, callId: i.id };
    default:
      return null;
  }
}

/**
 * A thread's protocol turns (thread/resume's, thread/fork's) as the transcript turns a local resume
 * reads from its rollout, so the TUI draws both alike (tui/transcript.ts): a turn per prompt (a
 * prompt steered into a running turn starts its own, as in a rollout), what ran and was answered
 * after it, and how long the turn ran and when it ended, on its last prompt's turn.
 */
export function transcriptTurns(turns: ProtocolTurn[]): TranscriptTurn[] {
  const out: TranscriptTurn[] = [];
  for (const t of turns) {
    let last: TranscriptTurn | null = null;
    for (const i of t.items) {
      if (i.type === 'userMessage') {
        last = { user: userText(i), items: [], byteOffset: 0, file: '' };
        out.push(last);
        continue;
      }
      const item = transcriptItem(i);
      if (!item) continue;
      // Items before any prompt (a thread's first turn with none) form a turn of their own.
      if (!out.length) out.push({ user: null, items: [], byteOffset: 0, file: '' });
      out[out.length - 1].items.push(item);
    }
    if (last && t.status === 'completed' && t.durationMs !== null && t.completedAt !== null) last.worked = { ms: t.durationMs, completedAtMs: t.completedAt * 1000 };
  }
  return out;
}

/** Whether a thread runs with no approvals and no sandbox (upstream's header then says YOLO mode). */
export function isYolo(r: { approvalPolicy?: unknown; sandbox?: unknown }): boolean {
  return r.approvalPolicy === 'never' && (r.sandbox as { type?: unknown } | null | undefined)?.type === 'dangerFullAccess';
}

/** What the person's decision is in the protocol, given what the server offered. */
export function protocolDecision(d: ApprovalDecision, offered: unknown[] | null | undefined, prefix: string[] | undefined): unknown {
  if (d === 'deny') return 'decline';
  if (d === 'approve') return 'accept';
  const amend = (offered ?? []).find((o): o is Record<string, unknown> => !!o && typeof o === 'object' && 'acceptWithExecpolicyAmendment' in o);
  if (amend) return amend;
  if (prefix?.length && !offered) return { acceptWithExecpolicyAmendment: { execpolicy_amendment: prefix } };
  return !offered || offered.includes('acceptForSession') ? 'acceptForSession' : 'accept';
}

export class RemoteThread implements ChatThread {
  readonly events: RemoteTurnEvents;
  private inbox: Inbox | null = null;
  private model: string;
  private effort: string | null = null;
  private serviceTier: string | undefined;
  private mode: { mode: CollaborationMode; effort: string | null } | null = null;
  private held: { id: string; event: ThreadEvent; timer: NodeJS.Timeout } | null = null;
  /** the files each patch started in this thread touches (its approval request names only the item) */
  private readonly patches = new Map<string, string[]>();
  private readonly stopListening: () => void;
  /** the running turn's id, once turn/start answered it */
  private activeTurn: string | null = null;
  /** each prompt of the thread as the TUI shows it (see promptsOf), for backtrack to find its turn */
  private prompts: Array<{ turnId: string; steered: boolean }>;
  /** a request the next turn waits for (a revert: the server's history must be cut before the prompt goes) */
  private before: Promise<void> = Promise.resolve();
  /** a revert the server refused: said at the next turn */
  private revertFailed: string | null = null;
  /** a `!command` running on the server, and what its item said so far */
  private shell: { done: (r: RemoteShellResult) => void; result: RemoteShellResult } | null = null;
  /** the target /review chose, until its reviewer runs (see reviewer()) */
  private reviewTarget: ReviewTarget | null = null;
  /** the review the server reported (its exitedReviewMode item), as people read it */
  private reviewText: string | null = null;
  /** a review runs: it takes no prompt (see steer) */
  private reviewRunning = false;
  /** the running turn as its turn/started named it */
  private startedTurn: string | null = null;

  constructor(
    private readonly conn: RemoteConnection,
    readonly id: string,
    model: string,
    private readonly o: RemoteThreadOptions,
    turns: ProtocolTurn[] = [],
  ) {
    this.model = model;
    this.prompts = promptsOf(turns);
    this.events = new RemoteTurnEvents(id);
    this.stopListening = conn.listen(id, {
      notification: (method, params) => this.notification(method, params),
      request: (method, params) => this.serverRequest(method, params),
      lost: (reason) => this.lost(reason),
    });
  }

  get contextUsed(): number {
    return this.events.contextUsed;
  }

  get totalUsage() {
    return this.events.total;
  }

  changeModel(model: string, reasoningEffort: string | undefined): void {
    this.model = model;
    this.effort = reasoningEffort ?? null;
  }

  setServiceTier(serviceTier: string | undefined): void {
    this.serviceTier = serviceTier;
  }

  setCollaborationMode(mode: CollaborationMode, reasoningEffort: string | undefined): void {
    this.mode = { mode, effort: reasoningEffort ?? null };
  }

  /**
   * A prompt sent while a turn runs goes into it (turn/steer, naming the turn): false until the
   * server named the turn, and the TUI then stops it and runs the prompt next.
   */
  steer(prompt: string): boolean {
    const turnId = this.activeTurn;
    // A review takes no prompts (upstream's server refuses to steer one): the TUI stops it instead.
    if (!turnId || this.reviewRunning) return false;
    this.prompts.push({ turnId, steered: true });
    const inbox = this.inbox;
    this.conn.client
      .request('turn/steer', { threadId: this.id, clientUserMessageId: randomUUID(), input: [{ type: 'text', text: prompt, text_elements: [] }], expectedTurnId: turnId })
      // The turn ended before the prompt reached it: said in that turn if it still runs.
      .catch((e: Error) => inbox?.push({ kind: 'event', event: { type: 'error', message: `The message was not sent to the running turn: ${e.message}` } }));
    return true;
  }

  /** A prompt steered into a turn cannot be backtracked to: the server reverts whole turns. */
  rollbackRefusal(numTurns: number): string | null {
    const from = this.prompts[this.prompts.length - numTurns];
    return from?.steered ? 'the selected prompt is a steer and cannot be edited independently' : null;
  }

  /** Backtrack: the server's thread forgets the newest `numTurns` prompts, from the turn of the oldest of them on (thread/revert). */
  rollback(numTurns: number): void {
    if (numTurns <= 0 || !this.prompts.length) return;
    const from = this.prompts[Math.max(0, this.prompts.length - numTurns)];
    this.prompts.splice(this.prompts.indexOf(from));
    this.before = this.before
      .then(() => this.conn.client.request('thread/revert', { threadId: this.id, beforeTurnId: from.turnId }))
      .then(
        () => undefined,
        (e: Error) => void (this.revertFailed = `The conversation could not be reverted on the app-server: ${e.message}`),
      );
  }

  /** A `!command` recorded on this machine: over a connection the server runs it (see runShell), so there is nothing to record. */
  recordUserShell(_run: UserShellRun): void {}

  /** `!command`: run by the server in the thread's folder (thread/shellCommand), its output as its item reports it. */
  async runShell(command: string): Promise<RemoteShellResult> {
    await this.before;
    const started = Date.now();
    const ran = new Promise<RemoteShellResult>((done) => (this.shell = { done, result: { output: '', exitCode: null, argv: ['/bin/bash', '-lc', command], durationMs: 0 } }));
    try {
      await this.conn.client.request('thread/shellCommand', { threadId: this.id, command });
    } catch (e) {
      this.shell = null;
      const message = this.conn.lost ? this.lostMessage(this.conn.lost) : (e as Error).message;
      return { output: message, exitCode: null, argv: [], durationMs: Date.now() - started };
    }
    return ran;
  }

  /** /review: the server records the review; here its target waits for the reviewer (below) to run it. */
  enterReview(target: Record<string, unknown>, _hint: string): { turnId: string; started: Date; itemId: string } {
    this.reviewTarget = target as unknown as ReviewTarget;
    return { turnId: '', started: new Date(), itemId: '' };
  }

  exitReview(): { exitedItemId: string; messageItemId: string | null } {
    return { exitedItemId: '', messageItemId: null };
  }

  /** Whether /review chose a target whose reviewer has not run yet. */
  get reviewPending(): boolean {
    return this.reviewTarget !== null;
  }

  /**
   * The reviewer the TUI opens after enterReview: its one turn is review/start on this thread (the
   * server runs the reviewer). The server sends the review as people read it; the turn ends with it
   * as the reviewer's JSON answer, which the TUI renders as it renders a local review.
   */
  reviewer(): ChatOpened {
    const thread = { id: this.id, runTurn: (_prompt: string, signal?: AbortSignal) => this.runReview(signal) } as unknown as ChatThread;
    return { thread, session: { history: [], transcriptFile: null, close() {} }, tools: {}, roots: [] };
  }

  private async *runReview(signal?: AbortSignal): AsyncGenerator<ThreadEvent, TurnResult> {
    const target = this.reviewTarget;
    this.reviewTarget = null;
    this.reviewText = null;
    if (!target) throw new Error('no review was asked for');
    const protocolTarget = target.type === 'commit' ? { type: 'commit', sha: target.sha, title: target.title ?? null } : target;
    this.reviewRunning = true;
    let end: TurnResult;
    try {
      end = yield* this.run(signal, () => this.conn.client.request('review/start', { threadId: this.id, target: protocolTarget }), false);
    } finally {
      this.reviewRunning = false;
    }
    const text = this.reviewText;
    this.reviewText = null;
    return { ...end, lastAgentMessage: end.ok && text !== null ? JSON.stringify(parseRenderedReview(text)) : null };
  }

  async *runTurn(prompt: string, signal?: AbortSignal): AsyncGenerator<ThreadEvent, TurnResult> {
    const mode = this.mode ? { mode: this.mode.mode, settings: { model: this.model, reasoning_effort: this.mode.effort, developer_instructions: null } } : null;
    return yield* this.run(signal, () =>
      this.conn.client.request('turn/start', {
        threadId: this.id,
        input: [{ type: 'text', text: prompt, text_elements: [] }],
        model: this.model,
        effort: this.effort,
        ...(this.serviceTier ? { serviceTier: this.serviceTier } : {}),
        ...(mode ? { collaborationMode: mode } : {}),
      }),
    );
  }

  async *compact(signal?: AbortSignal): AsyncGenerator<ThreadEvent, TurnResult> {
    return yield* this.run(signal, () => this.conn.client.request('thread/compact/start', { threadId: this.id }), false);
  }

  /** One turn: started by `start`, its events until turn/completed (or the connection's end). `prompt`: the turn has one (not a compaction). */
  private async *run(signal: AbortSignal | undefined, start: () => Promise<{ turn?: { id: string } }>, prompt = true): AsyncGenerator<ThreadEvent, TurnResult> {
    await this.before;
    const inbox = new Inbox();
    this.inbox = inbox;
    this.events.startTurn();
    const failed = (error: string): TurnResult => ({ ok: false, error, lastAgentMessage: null, usage: this.events.total });
    let turnId: string | null = null;
    this.startedTurn = null;
    // The turn turn/started named is the one to stop (a review's is its reviewer's, not the one review/start answered).
    const interrupt = () => {
      const id = this.startedTurn ?? turnId;
      if (id) this.conn.client.request('turn/interrupt', { threadId: this.id, turnId: id }).catch(() => undefined);
    };
    try {
      if (this.revertFailed) {
        yield { type: 'error', message: this.revertFailed };
        this.revertFailed = null;
      }
      try {
        const r = await start();
        turnId = r?.turn?.id ?? null;
        this.activeTurn = turnId;
        if (turnId && prompt) this.prompts.push({ turnId, steered: false });
      } catch (e) {
        const error = this.conn.lost ? this.lostMessage(this.conn.lost) : (e as Error).message;
        yield { type: 'turn.failed', error: { message: error } };
        return failed(error);
      }
      if (signal?.aborted) interrupt();
      signal?.addEventListener('abort', interrupt, { once: true });
      for (;;) {
        const item = await inbox.next();
        if (item.kind === 'event') {
          yield item.event;
          continue;
        }
        const { end } = item;
        return { ok: end.ok, lastAgentMessage: end.lastAgentMessage, usage: end.usage, ...(end.error ? { error: end.error } : {}) };
      }
    } finally {
      signal?.removeEventListener('abort', interrupt);
      if (this.inbox === inbox) this.inbox = null;
      this.activeTurn = null;
    }
  }

  private notification(method: string, params: Params): void {
    if (this.shell && this.shellNotification(method, params)) return;
    const item = params.item as { type?: string; id?: string; changes?: Array<{ path: string }>; review?: string } | undefined;
    if (method === 'item/started' && item?.type === 'fileChange' && item.id) this.patches.set(item.id, (item.changes ?? []).map((c) => c.path));
    if (method === 'item/completed' && item?.type === 'exitedReviewMode' && params.threadId === this.id) this.reviewText = String(item.review ?? '');
    if (method === 'turn/started' && this.inbox && params.threadId === this.id) this.startedTurn = String((params.turn as { id?: unknown } | undefined)?.id ?? '') || null;
    if (method === 'item/agentMessage/delta') {
      this.flushHeld();
      return this.o.onTextDelta?.(String(params.delta ?? ''), String(params.itemId ?? ''));
    }
    const { events, end } = this.events.onNotification(method, params as Record<string, any>);
    // A command's start is held back a moment: when an approval request for it follows, the TUI's
    // modal shows it as about to run (as for a local thread) and the start is dropped.
    const start = events.find((e) => e.type === 'item.started' && e.item.type === 'command_execution');
    if (start && start.type === 'item.started' && events.length === 1) {
      this.flushHeld();
      const timer = setTimeout(() => this.flushHeld(), HOLD_START_MS);
      this.held = { id: start.item.id, event: start, timer };
      return;
    }
    this.flushHeld();
    for (const event of events) this.inbox?.push({ kind: 'event', event });
    if (end) this.inbox?.push({ kind: 'end', end });
  }

  /** A notification about the `!command` running on the server: true when it was one. */
  private shellNotification(method: string, params: Params): boolean {
    const shell = this.shell!;
    const item = params.item as { type?: string; source?: string; aggregatedOutput?: string | null; exitCode?: number | null; durationMs?: number | null; command?: string } | undefined;
    if (method === 'item/completed' && item?.type === 'commandExecution' && item.source === 'userShell') {
      shell.result = { ...shell.result, output: item.aggregatedOutput ?? '', exitCode: item.exitCode ?? null, durationMs: item.durationMs ?? 0 };
      return true;
    }
    if (method === 'turn/completed' && !this.inbox) {
      this.shell = null;
      shell.done(shell.result);
      return true;
    }
    return !this.inbox;
  }

  private flushHeld(): void {
    const h = this.held;
    if (!h) return;
    clearTimeout(h.timer);
    this.held = null;
    this.inbox?.push({ kind: 'event', event: h.event });
  }

  private async serverRequest(method: string, params: Params): Promise<unknown> {
    if (method === 'item/commandExecution/requestApproval') {
      if (this.held && this.held.id === params.itemId) {
        clearTimeout(this.held.timer);
        this.held = null;
      } else this.flushHeld();
      const amendment = Array.isArray(params.proposedExecpolicyAmendment) ? (params.proposedExecpolicyAmendment as string[]) : undefined;
      // The modal names the prefix as the command reads (the shell wrapper left out); the server gets its own back.
      const prefix = amendment && amendment.length === 3 && /(^|\/)(ba|z)?sh$/.test(amendment[0]) && amendment[1] === '-lc' ? [amendment[2]] : amendment;
      const actions = Array.isArray(params.commandActions) ? (params.commandActions as Array<{ command?: string }>) : [];
      const command = typeof params.command === 'string' ? unwrapShell(params.command) : (actions[0]?.command ?? '');
      const decision = await this.o.requestApproval({ kind: 'command', command, cwd: String(params.cwd ?? ''), reason: (params.reason as string | null | undefined) ?? null, ...(prefix ? { prefix } : {}) });
      return { decision: protocolDecision(decision, params.availableDecisions as unknown[] | null | undefined, amendment) };
    }
    if (method === 'item/fileChange/requestApproval') {
      this.flushHeld();
      const files = this.patches.get(String(params.itemId)) ?? [];
      const decision = await this.o.requestApproval({ kind: 'command', command: ['apply_patch', ...files].join(' '), cwd: '', reason: (params.reason as string | null | undefined) ?? null });
      return { decision: decision === 'deny' ? 'decline' : decision === 'approve' ? 'accept' : 'acceptForSession' };
    }
    throw new Error(`csm's TUI does not answer ${method} yet`);
  }

  private lostMessage(reason: string): string {
    return lostMessage(this.conn.address, reason);
  }

  private lost(reason: string): void {
    this.flushHeld();
    const message = this.lostMessage(reason);
    const shell = this.shell;
    this.shell = null;
    shell?.done({ ...shell.result, output: message });
    this.inbox?.push({ kind: 'event', event: { type: 'turn.failed', error: { message } } });
    this.inbox?.push({ kind: 'end', end: { ok: false, error: message, lastAgentMessage: null, usage: this.events.total } });
  }

  /**
   * A title for the thread, asked as upstream's TUI asks over a connection: an ephemeral read-only
   * thread answers the title question under a JSON schema, and the title is set on this thread.
   */
  async title(prompt: string): Promise<string | null> {
    const client = this.conn.client;
    let side: string | null = null;
    let stop = () => {};
    try {
      const started = await client.request<{ thread: { id: string } }>('thread/start', { ephemeral: true, sandbox: 'read-only', approvalPolicy: 'never', model: this.model, threadSource: 'thread_title' });
      side = started.thread.id;
      let answer: string | null = null;
      const done = new Promise<void>((resolve) => {
        stop = this.conn.listen(side!, {
          notification: (method, params) => {
            const item = params.item as { type?: string; text?: string } | undefined;
            if (method === 'item/completed' && item?.type === 'agentMessage') answer = item.text ?? null;
            if (method === 'turn/completed') resolve();
          },
          lost: () => resolve(),
        });
      });
      await client.request('turn/start', { threadId: side, input: [{ type: 'text', text: `${TITLE_REQUEST}\n\nThe request:\n${prompt}`, text_elements: [] }], outputSchema: TITLE_SCHEMA });
      await done;
      const title = answer ? (JSON.parse(answer) as { title?: unknown }).title : null;
      if (typeof title !== 'string' || !title.trim()) return null;
      const name = title.trim().slice(0, TITLE_MAX);
      await client.request('thread/name/set', { threadId: this.id, name });
      return name;
    } catch {
      // A title is a nicety: any failure leaves the thread untitled.
      return null;
    } finally {
      stop();
      if (side) client.request('thread/unsubscribe', { threadId: side }).catch(() => undefined);
    }
  }

  close(): void {
    this.stopListening();
    if (!this.conn.lost) this.conn.client.request('thread/unsubscribe', { threadId: this.id }).catch(() => undefined);
  }
}

/** Starts, resumes or forks a thread on the server, as the TUI opens one. */
export async function openRemoteThread(conn: RemoteConnection, target: SessionTarget, o: RemoteOpenOptions): Promise<ChatOpened> {
  const common = { cwd: o.cwd ?? null, model: o.model ?? null, sandbox: o.sandbox ?? null };
  // Asked beside the thread, as upstream's TUI asks at start-up: how the footer names the model.
  const modelNames = readModelNames(conn.client);
  let r: { thread: { id: string; turns?: ProtocolTurn[] }; cwd: string; model: string; approvalPolicy?: unknown; sandbox?: unknown };
  if (target.kind === 'new') r = await conn.client.request('thread/start', { ...common, ephemeral: false, threadSource: 'user' });
  else if (target.kind === 'resume') r = await conn.client.request('thread/resume', { threadId: target.id, ...common });
  else if (target.kind === 'fork') r = await conn.client.request('thread/fork', { threadId: target.id, ...common });
  else throw new Error('with --remote, name the session to resume by its id');
  const turns = r.thread.turns ?? [];
  const thread = new RemoteThread(conn, r.thread.id, r.model, o, turns);
  return {
    thread,
    // The earlier turns are drawn from the thread's items as a local resume draws its rollout's.
    session: { history: turnsAsHistory(turns), turns: transcriptTurns(turns), transcriptFile: null, close: () => thread.close() },
    tools: {},
    roots: [],
    remote: { address: conn.address, cwd: r.cwd, model: r.model, yolo: isYolo(r), modelNames: await modelNames },
  };
}
