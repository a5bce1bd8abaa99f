// Writes one synthetic session in upstream's rollout format, line by line, until it reaches its byte
// target. Two formats: "paginated" (upstream 0.169.0: ordinals, line metadata, item_completed,
// token_usage_record, world_state) with line shapes and key order taken from real upstream rollouts
// (product/src/core/rollout/fixtures/), and "legacy" (pre-ordinal files: event_msg user_message /
// agent_message, `shell` function calls). Big sessions get periodic `compacted` lines carrying a
// replacement_history, as upstream writes when a thread outgrows its context window.
import { closeSync, openSync, writeSync } from 'node:fs';
import { Rng, uuidv7 } from './rng.ts';
import { TextGen, type Vocabulary } from './text.ts';

export type SessionFormat = 'paginated' | 'legacy';
export type SessionSource = 'exec' | 'cli' | 'vscode';

export interface SessionPlan {
  id: string;
  /** Epoch ms of session creation (file name, session_meta). */
  startMs: number;
  cwd: string;
  source: SessionSource;
  format: SessionFormat;
  targetBytes: number;
  model: string;
  provider: string;
  cliVersion: string;
  git: { commit_hash: string; branch: string; repository_url?: string };
  /** Mean pause between turns. */
  turnGapMs: number;
  /** Put this word in the first user prompt written after `deepWordAtBytes` bytes. */
  deepWord?: { word: string; atBytes: number };
  /** Compact when the estimated context passes this many tokens (paginated only). */
  compactAtTokens: number;
  /**
   * The cwd written to the file in place of `cwd`. Sizes, token counts and turn layout are computed
   * with `cwd`, so sessions generated for two workspaces of different path lengths differ only in it.
   */
  writtenCwd?: string;
  /** At least this many turns, even past the byte target. Default 1. */
  minTurns?: number;
  /** At most this many tool calls in a turn. Default 4. */
  maxStepsPerTurn?: number;
}

export interface SessionResult {
  bytes: number;
  lines: number;
  turns: number;
  compactions: number;
  endMs: number;
  firstUserMessage: string;
  deepWordPlaced: boolean;
}

const CONTEXT_WINDOW = 258_400;
const FILL_MARK = '\u0001FILL\u0001';
const FILL_MARK_JSON = JSON.stringify(FILL_MARK).slice(1, -1);

/**
 * Buffered synchronous writer that counts UTF-8 bytes. With no fd it only collects lines (a dry run).
 * `bytes` counts lines as generated (what sizing decisions use), `fileBytes` as written after `rewrite`.
 */
class Sink {
  private chunks: string[] = [];
  private pending = 0;
  lines = 0;
  fileBytes = 0;

  constructor(
    private readonly fd: number | null,
    public bytes = 0,
    private readonly rewrite?: { from: string; to: string },
  ) {
    this.fileBytes = bytes;
  }

  write(line: string): void {
    const s = line + '\n';
    const out = this.rewrite ? s.replaceAll(this.rewrite.from, this.rewrite.to) : s;
    this.chunks.push(out);
    this.pending += out.length;
    this.bytes += Buffer.byteLength(s);
    this.fileBytes += out === s ? Buffer.byteLength(s) : Buffer.byteLength(out);
    this.lines++;
    if (this.fd !== null && this.pending > 1 << 20) this.flush();
  }

  /** The lines a dry run collected, each with its trailing newline. */
  collected(): string[] {
    return this.chunks;
  }

  flush(): void {
    if (this.fd === null || !this.chunks.length) return;
    writeSync(this.fd, this.chunks.join(''));
    this.chunks = [];
    this.pending = 0;
  }
}

interface Usage {
  input_tokens: number;
  cached_input_tokens: number;
  cache_write_input_tokens: number;
  output_tokens: number;
  reasoning_output_tokens: number;
  total_tokens: number;
}

function usage(input: number, cached: number, output: number, reasoning: number): Usage {
  return { input_tokens: input, cached_input_tokens: cached, cache_write_input_tokens: 0, output_tokens: output, reasoning_output_tokens: reasoning, total_tokens: input + output };
}

function addUsage(a: Usage, b: Usage): Usage {
  return usage(a.input_tokens + b.input_tokens, a.cached_input_tokens + b.cached_input_tokens, a.output_tokens + b.output_tokens, a.reasoning_output_tokens + b.reasoning_output_tokens);
}

const ZERO = usage(0, 0, 0, 0);
const tokensOf = (s: string) => Math.ceil(s.length / 4);
const iso = (ms: number) => new Date(ms).toISOString();

/** What one turn will contain; decided before writing so the last turn can be sized to the target. */
interface TurnShape {
  prompt: string;
  steps: { reasoning: string | null; cmd: string; output: string; exitCode: number }[];
  answerReasoning: string | null;
  answer: string;
}

abstract class SessionWriter {
  protected ms: number;
  protected sink: Sink;
  protected text: TextGen;
  protected turns = 0;
  protected compactions = 0;
  protected firstUserMessage = '';
  protected deepWordPlaced = false;
  /** User prompts since the last compaction; the newest are kept in a compaction's replacement_history. */
  protected recentUserPrompts: string[] = [];

  constructor(
    protected readonly plan: SessionPlan,
    protected readonly rng: Rng,
    protected readonly vocab: Vocabulary,
    fd: number,
  ) {
    this.ms = plan.startMs;
    this.sink = new Sink(fd, 0, plan.writtenCwd !== undefined ? { from: plan.cwd, to: plan.writtenCwd } : undefined);
    this.text = new TextGen(rng, vocab);
  }

  protected tick(lo: number, hi: number): number {
    this.ms += this.rng.range(lo, hi);
    return this.ms;
  }

  protected abstract header(): void;
  protected abstract turn(shape: TurnShape, first: boolean): void;
  /** Writes a compaction when the context has outgrown the plan's limit. */
  protected abstract maybeCompact(): void;

  /** The next user prompt; `last` forces a pending deep word in so it is never lost. */
  protected nextPrompt(last = false): string {
    const d = this.plan.deepWord;
    let p = this.text.userPrompt();
    if (this.turns === 0 && p === 'continue') p = this.text.sentence();
    if (d && !this.deepWordPlaced && this.turns > 0 && (last || this.sink.bytes >= d.atBytes)) {
      p = `${this.text.sentence()} While you are there, check whether the ${d.word} fallback in ${this.text.file()} still runs. ${this.text.sentence()}`;
      this.deepWordPlaced = true;
    }
    if (this.turns === 0) this.firstUserMessage = p;
    return p;
  }

  protected shape(prompt: string, maxSteps: number): TurnShape {
    const r = this.rng;
    const steps: TurnShape['steps'] = [];
    const n = r.range(0, maxSteps);
    for (let i = 0; i < n; i++) {
      const big = r.chance(0.08);
      const c = this.text.command(big ? r.range(80, 260) : r.range(3, 45));
      steps.push({ reasoning: r.chance(0.5) ? this.text.reasoningSummary() : null, ...c });
    }
    return { prompt, steps, answerReasoning: r.chance(0.5) ? this.text.reasoningSummary() : null, answer: this.text.assistantAnswer() };
  }

  /** Renders a turn into a scratch sink to learn its size, then writes it with the filler sized so the file ends near the target. */
  protected writeLastTurn(remaining: number): void {
    const shape = this.shape(this.nextPrompt(true), 0);
    shape.steps = [{ reasoning: null, cmd: `cat ${this.text.file()}`, output: FILL_MARK, exitCode: 0 }];
    const real = this.sink;
    const savedMs = this.ms;
    const state = this.saveState();
    this.sink = new Sink(null, real.bytes);
    this.turn(shape, this.turns === 0);
    const dry = this.sink.collected();
    this.sink = real;
    const marks = dry.reduce((n, l) => n + l.split(FILL_MARK_JSON).length - 1, 0);
    const fixed = dry.reduce((n, l) => n + Buffer.byteLength(l), 0) - marks * FILL_MARK_JSON.length;
    const perMark = Math.max(0, Math.floor((remaining - fixed) / Math.max(1, marks)));
    // Filler is ASCII code lines: each "\n" costs 2 bytes escaped, so aim a little low and trim.
    let filler = this.text.fillerLines(perMark);
    let escaped = JSON.stringify(filler).slice(1, -1);
    while (escaped.length > perMark && filler.length > 1) {
      filler = filler.slice(0, Math.max(1, filler.length - (escaped.length - perMark)));
      escaped = JSON.stringify(filler).slice(1, -1);
    }
    this.ms = savedMs;
    this.restoreState(state);
    shape.steps[0].output = filler;
    this.turn(shape, this.turns === 0);
  }

  protected abstract saveState(): unknown;
  protected abstract restoreState(s: unknown): void;

  run(): SessionResult {
    this.header();
    const target = this.plan.targetBytes;
    // The deep word never goes into the first prompt (that is the session's title and preview), so
    // a session carrying it gets at least two turns, and its last turn is written even past target.
    const deepPending = () => this.plan.deepWord !== undefined && !this.deepWordPlaced;
    for (;;) {
      const remaining = target - this.sink.bytes;
      const minTurns = this.plan.minTurns ?? 1;
      if (this.turns > 0 && remaining <= 0 && !deepPending() && this.turns >= minTurns) break;
      this.maybeCompact();
      if (this.turns > 0) this.ms += Math.floor(this.plan.turnGapMs * (0.2 + this.rng.next() * 1.6));
      if (remaining < 40_000 && !(this.turns === 0 && deepPending()) && this.turns + 1 >= minTurns) {
        this.writeLastTurn(remaining);
        this.turns++;
        break;
      }
      this.turn(this.shape(this.nextPrompt(), this.plan.maxStepsPerTurn ?? 4), this.turns === 0);
      this.turns++;
    }
    this.sink.flush();
    return {
      bytes: this.sink.fileBytes,
      lines: this.sink.lines,
      turns: this.turns,
      compactions: this.compactions,
      endMs: this.ms,
      firstUserMessage: this.firstUserMessage,
      deepWordPlaced: this.deepWordPlaced,
    };
  }
}

// ── paginated (upstream 0.169.0) ────────────────────────────────────────────────────────────────

interface PaginatedState {
  ordinal: number;
  seq: number;
  threadUsage: Usage;
  contextTokens: number;
  lastSampled: number;
  recentUserPrompts: string[];
  rngState: number;
}

class PaginatedWriter extends SessionWriter {
  private ordinal = 0;
  private seq = 0;
  private threadUsage: Usage = ZERO;
  private contextTokens = 0;
  /** history_sequence the model had seen at its latest call (user and tool items point back to it). */
  private lastSampled = 0;
  private readonly developerText: string;
  private readonly envText: string;

  constructor(plan: SessionPlan, rng: Rng, vocab: Vocabulary, fd: number, private readonly baseInstructions: string) {
    super(plan, rng, vocab, fd);
    const cwd = plan.cwd;
    this.developerText = developerMessage(plan);
    this.envText = `<environment_context>\n  <cwd>${cwd}</cwd>\n  <shell>bash</shell>\n  <current_date>${iso(plan.startMs).slice(0, 10)}</current_date>\n  <timezone>Etc/UTC</timezone>\n  <filesystem><workspace_roots><root>${cwd}</root></workspace_roots><permission_profile type="disabled"><file_system type="unrestricted" /></permission_profile></filesystem>\n</environment_context>`;
  }

  protected saveState(): PaginatedState {
    return {
      ordinal: this.ordinal,
      seq: this.seq,
      threadUsage: this.threadUsage,
      contextTokens: this.contextTokens,
      lastSampled: this.lastSampled,
      recentUserPrompts: [...this.recentUserPrompts],
      rngState: this.rng.snapshot(),
    };
  }

  protected restoreState(raw: unknown): void {
    const s = raw as PaginatedState;
    this.ordinal = s.ordinal;
    this.seq = s.seq;
    this.threadUsage = s.threadUsage;
    this.contextTokens = s.contextTokens;
    this.lastSampled = s.lastSampled;
    this.recentUserPrompts = s.recentUserPrompts;
    this.rng.restore(s.rngState);
  }

  private line(type: string, payload: unknown, metadata?: unknown): void {
    const o: Record<string, unknown> = { timestamp: iso(this.ms), ordinal: this.ordinal++, type, payload };
    if (metadata) o.metadata = metadata;
    this.sink.write(JSON.stringify(o));
  }

  protected header(): void {
    const p = this.plan;
    const metaTs = p.startMs;
    this.ms = p.startMs + this.rng.range(20, 60);
    const originator = p.source === 'exec' ? 'codex_exec' : p.source === 'cli' ? 'codex-tui' : 'codex_vscode';
    this.line('session_meta', {
      account_scoped: true,
      session_id: p.id,
      id: p.id,
      timestamp: iso(metaTs),
      cwd: p.cwd,
      runtime_workspace_roots: [p.cwd],
      originator,
      cli_version: p.cliVersion,
      source: p.source,
      thread_source: 'user',
      model_provider: p.provider,
      base_instructions: { text: this.baseInstructions, provenance: { type: 'model', model: p.model } },
      history_mode: 'paginated',
      context_window: { window_id: uuidv7(metaTs + 3, this.rng) },
      git: p.git,
    });
    this.contextTokens = tokensOf(this.baseInstructions) + tokensOf(this.developerText) + tokensOf(this.envText);
  }

  private turnContext(turnId: string): void {
    const p = this.plan;
    this.line('turn_context', {
      turn_id: turnId,
      root_turn_id: turnId,
      disabled_plugin_ids: [],
      cwd: p.cwd,
      approval_policy: 'never',
      approvals_reviewer: 'user',
      permission_profile: { type: 'disabled' },
      model: p.model,
      comp_hash: '2911',
      collaboration_mode: { mode: 'default', settings: { model: p.model, reasoning_effort: null, developer_instructions: null } },
      multi_agent_version: 'v1',
      realtime_active: false,
      summary: 'none',
      sandbox_policy: { type: 'danger-full-access' },
    });
  }

  private contextMessage(turnId: string, role: 'developer' | 'user', texts: string[], kinds: string[], provenance: unknown[]): void {
    this.seq++;
    this.line(
      'response_item',
      {
        type: 'message',
        id: `msg_${uuidv7(this.ms, this.rng)}`,
        role,
        content: texts.map((text) => ({ type: 'input_text', text })),
        internal_chat_message_metadata_passthrough: { turn_id: turnId, create_time: this.ms / 1000 + this.rng.next() / 1000, content_item_kinds: kinds, content_item_metadata: provenance.map((p) => ({ provenance: p })) },
      },
      role === 'developer'
        ? { history_sequence: this.seq, sampled_through_sequence: 0, client_authored: false, mcp_attribution: { status: 'none' } }
        : { history_sequence: this.seq, sampled_through_sequence: 0, client_authored: false },
    );
  }

  private tokenRecords(turnId: string, turnUsage: Usage, call: Usage, afterToolOutput: () => void): Usage {
    const p = this.plan;
    const nextTurn = addUsage(turnUsage, call);
    this.threadUsage = addUsage(this.threadUsage, call);
    this.line('token_usage_record', {
      thread_id: p.id,
      turn_id: turnId,
      session_id: p.id,
      root_turn_id: turnId,
      response_id: `resp_${this.rng.hex(48)}`,
      usage: call,
      turn_token_usage: nextTurn,
      thread_token_usage: this.threadUsage,
    });
    afterToolOutput();
    this.line('event_msg', {
      type: 'token_count',
      info: { total_token_usage: this.threadUsage, last_token_usage: call, last_usage_includes_reasoning: false, model_context_window: CONTEXT_WINDOW },
      rate_limits: { limit_id: 'codex', limit_name: null, primary: null, secondary: null, credits: null, individual_limit: null, spend_control_reached: null, plan_type: null, rate_limit_reached_type: null },
    });
    return nextTurn;
  }

  private reasoning(turnId: string, summary: string, sampledThrough: number, order: number): void {
    const p = this.plan;
    const id = `rs_${this.rng.hex(48)}`;
    const started = this.ms;
    this.tick(300, 6000);
    this.line('event_msg', { type: 'item_completed', thread_id: p.id, turn_id: turnId, item: { type: 'Reasoning', id, summary_text: [summary], raw_content: [] }, started_at_ms: started, completed_at_ms: this.ms });
    this.seq++;
    this.line(
      'response_item',
      { type: 'reasoning', id, summary: [{ type: 'summary_text', text: summary }], content: null, encrypted_content: `gAAAAA${this.rng.alnum(this.rng.range(400, 1600))}`, internal_chat_message_metadata_passthrough: { turn_id: turnId } },
      { history_sequence: this.seq, sampled_through_sequence: sampledThrough, client_authored: false, user_input_order: order },
    );
    this.contextTokens += tokensOf(summary) + 300;
  }

  protected maybeCompact(): void {
    // Never before the first turn: there is nothing to compact yet.
    if (this.turns === 0 || this.contextTokens < this.plan.compactAtTokens) return;
    const summaryPrefix = 'A previous model worked on this task and left the handoff notes below. Build on them rather than starting over.';
    const summary = `${summaryPrefix}\n\n## Progress\n${this.text.paragraph(3, 6)}\n\n## Decisions\n${this.text.paragraph(2, 4)}\n\n## Next steps\n- ${this.text.sentence()}\n- ${this.text.sentence()}\n- ${this.text.sentence()}`;
    const userItems = this.recentUserPrompts.slice(-20).map((text) => ({ type: 'message', role: 'user', content: [{ type: 'input_text', text }] }));
    const replacement = [
      { type: 'message', role: 'developer', content: [{ type: 'input_text', text: this.developerText }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: this.envText }] },
      ...userItems,
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: summary }] },
    ];
    this.tick(4000, 30_000);
    this.line('compacted', { message: summary, replacement_history: replacement });
    this.line('event_msg', { type: 'context_compacted' });
    this.contextTokens = tokensOf(JSON.stringify(replacement)) + tokensOf(this.baseInstructions);
    this.recentUserPrompts = this.recentUserPrompts.slice(-20);
    this.compactions++;
  }

  protected turn(shape: TurnShape, first: boolean): void {
    const p = this.plan;
    const turnId = uuidv7(this.ms, this.rng);
    const turnStart = this.ms;
    this.line('event_msg', {
      type: 'task_started',
      turn_attribution: { turn_id: turnId, turn_trigger: p.source === 'exec' ? 'exec' : 'user', parent_turn_id: null, initiating_agent_path: null, root_turn_id: turnId },
      turn_id: turnId,
      root_turn_id: turnId,
      started_at: Math.floor(this.ms / 1000),
      model_context_window: CONTEXT_WINDOW,
      collaboration_mode_kind: 'default',
    });
    if (first) {
      this.tick(30, 90);
      this.contextMessage(turnId, 'developer', [this.developerText, '<tools>\nDeferred tool namespaces:\n- multi_agent_v1: Tools for spawning and managing sub-agents.\n</tools>'], ['host_skills.instructions', 'permissions.instructions', 'tools.deferred_namespaces'], [
        { type: 'skills' },
        { type: 'harness', hook: false },
        { type: 'tool', namespace: 'tool_search' },
      ]);
      this.contextMessage(turnId, 'user', [this.envText], ['environments.environment_context'], [{ type: 'harness', hook: false }]);
      this.tick(1, 3);
      this.line('world_state', worldState(p, this.developerText));
    }
    this.tick(1, 3);
    this.turnContext(turnId);
    if (first) {
      this.line('event_msg', {
        type: 'thread_settings_applied',
        thread_id: p.id,
        thread_settings: {
          model: p.model,
          model_provider_id: p.provider,
          approval_policy: 'never',
          approvals_reviewer: 'user',
          requested_approvals_reviewer: 'user',
          permission_profile: { type: 'disabled' },
          cwd: p.cwd,
          runtime_workspace_roots: [p.cwd],
          collaboration_mode: { mode: 'default', settings: { model: p.model, reasoning_effort: null, developer_instructions: null } },
          disabled_plugin_ids: [],
        },
      });
    }

    // The user's prompt.
    this.tick(5, 20);
    const msgId = `msg_${uuidv7(this.ms, this.rng)}`;
    this.seq++;
    this.line(
      'response_item',
      {
        type: 'message',
        id: msgId,
        role: 'user',
        content: [{ type: 'input_text', text: shape.prompt }],
        internal_chat_message_metadata_passthrough: { turn_id: turnId, create_time: this.ms / 1000 + this.rng.next() / 1000, content_item_kinds: ['user.text'], content_item_metadata: [{ provenance: { type: 'user' } }] },
      },
      {
        history_sequence: this.seq,
        sampled_through_sequence: this.lastSampled,
        retained_source: { id: { message_id: msgId, turn_id: turnId, role: 'user' }, revision: `retained_${uuidv7(this.ms, this.rng)}`, complete: true },
        client_authored: false,
        user_input_order: 0,
        mcp_attribution: { status: 'none' },
      },
    );
    this.tick(0, 2);
    this.line('event_msg', {
      type: 'item_completed',
      thread_id: p.id,
      turn_id: turnId,
      item: { type: 'UserMessage', id: uuidv7(this.ms, this.rng), content: [{ type: 'text', text: shape.prompt, text_elements: [] }] },
      started_at_ms: this.ms,
      completed_at_ms: this.ms,
    });
    this.recentUserPrompts.push(shape.prompt);
    this.contextTokens += tokensOf(shape.prompt);

    let order = 1;
    let turnUsage = ZERO;
    const call = (outChars: number, reasoningChars: number) => {
      const input = this.contextTokens;
      const cached = Math.floor(input * (0.6 + this.rng.next() * 0.35));
      return usage(input, cached, Math.ceil(outChars / 4) + 8, Math.ceil(reasoningChars / 4));
    };

    for (const step of shape.steps) {
      const sampled = (this.lastSampled = this.seq);
      this.tick(800, 9000);
      if (step.reasoning) this.reasoning(turnId, step.reasoning, sampled, order++);
      const callId = `call_${this.rng.alnum(24)}`;
      const args = JSON.stringify({ cmd: step.cmd, workdir: p.cwd, yield_time_ms: 10000 });
      this.seq++;
      this.line(
        'response_item',
        { type: 'function_call', status: 'completed', id: `fc_${this.rng.hex(48)}`, name: 'exec_command', arguments: args, call_id: callId, internal_chat_message_metadata_passthrough: { turn_id: turnId } },
        { history_sequence: this.seq, sampled_through_sequence: sampled, client_authored: false, user_input_order: order++ },
      );
      this.contextTokens += tokensOf(args) + 20;
      const u = call(args.length, step.reasoning?.length ?? 0);
      const started = this.tick(3, 15);
      const durationMs = this.rng.range(5, 20_000);
      turnUsage = this.tokenRecords(turnId, turnUsage, u, () => {
        this.ms += durationMs;
        this.line('event_msg', {
          type: 'item_completed',
          thread_id: p.id,
          turn_id: turnId,
          item: {
            type: 'CommandExecution',
            id: callId,
            process_id: String(this.rng.range(1000, 99999)),
            command: ['/bin/bash', '-lc', step.cmd],
            cwd: `file://${p.cwd}`,
            parsed_cmd: [{ type: 'unknown', cmd: step.cmd }],
            source: 'unified_exec_startup',
            status: 'completed',
            aggregated_output: step.output,
            exit_code: step.exitCode,
            duration: { secs: Math.floor(durationMs / 1000), nanos: (durationMs % 1000) * 1_000_000 + this.rng.int(1_000_000) },
          },
          started_at_ms: started,
          completed_at_ms: this.ms,
        });
        this.tick(1, 6);
        this.seq++;
        const out = `Chunk ID: ${this.rng.hex(6)}\nWall time: ${(durationMs / 1000).toFixed(4)} seconds\nProcess exited with code ${step.exitCode}\nOriginal token count: ${tokensOf(step.output)}\nOutput:\n${step.output}`;
        this.line(
          'response_item',
          { type: 'function_call_output', id: `fco_${uuidv7(this.ms, this.rng)}`, call_id: callId, output: out, internal_chat_message_metadata_passthrough: { turn_id: turnId, create_time: this.ms / 1000 + this.rng.next() / 1000 } },
          { history_sequence: this.seq, sampled_through_sequence: sampled, client_authored: false, fallback_token_limit_override: 12000 },
        );
        this.contextTokens += tokensOf(step.output) + 30;
        this.tick(0, 2);
      });
    }

    // The final answer.
    const sampled = (this.lastSampled = this.seq);
    this.tick(800, 12_000);
    if (shape.answerReasoning) this.reasoning(turnId, shape.answerReasoning, sampled, order++);
    const answerId = `msg_${this.rng.hex(48)}`;
    const answerStart = this.ms;
    this.tick(200, 8000);
    this.line('event_msg', { type: 'item_completed', thread_id: p.id, turn_id: turnId, item: { type: 'AgentMessage', id: answerId, content: [{ type: 'Text', text: shape.answer }] }, started_at_ms: answerStart, completed_at_ms: this.ms });
    this.tick(0, 2);
    this.seq++;
    this.line(
      'response_item',
      { type: 'message', status: 'completed', id: answerId, role: 'assistant', content: [{ type: 'output_text', text: shape.answer, annotations: [], logprobs: [] }], internal_chat_message_metadata_passthrough: { turn_id: turnId, content_item_kinds: ['unknown'] } },
      {
        history_sequence: this.seq,
        sampled_through_sequence: sampled,
        retained_source: { id: { message_id: answerId, turn_id: turnId, role: 'assistant' }, revision: `retained_${uuidv7(this.ms, this.rng)}`, complete: true },
        client_authored: false,
        user_input_order: order++,
      },
    );
    this.contextTokens += tokensOf(shape.answer);
    this.tick(2, 8);
    this.tokenRecords(turnId, turnUsage, call(shape.answer.length, shape.answerReasoning?.length ?? 0), () => {});
    this.tick(1, 6);
    this.line('event_msg', {
      type: 'task_complete',
      root_turn_id: turnId,
      turn_id: turnId,
      last_agent_message: shape.answer,
      started_at: Math.floor(turnStart / 1000),
      completed_at: Math.floor(this.ms / 1000),
      duration_ms: this.ms - turnStart,
      time_to_first_token_ms: this.rng.range(300, 4000),
    });
  }
}

function developerMessage(p: SessionPlan): string {
  return [
    '<permissions instructions>',
    'Filesystem sandboxing defines which files can be read or written. `sandbox_mode` is `danger-full-access`: No filesystem sandboxing - all commands are permitted. Network access is enabled.',
    'Approval policy is currently never. Do not ask the user for approval; run the commands you need and report what they did.',
    '</permissions instructions>',
    '<skills_instructions>',
    '## Skills',
    'Skills are local instruction files. Open a skill\'s SKILL.md before using it; the list below names each skill and where it lives.',
    '### Skill roots',
    '- `r0` = `/home/dev/.codex/skills/.system`',
    '### Available skills',
    '- imagegen: create or edit raster images. (file: r0/imagegen/SKILL.md)',
    '- openai-docs: questions about the API and this agent. (file: r0/openai-docs/SKILL.md)',
    '- review-agent: structured code review of a diff. (file: r0/review-agent/SKILL.md)',
    '- skill-creator: write a new skill. (file: r0/skill-creator/SKILL.md)',
    `</skills_instructions>`,
    `<!-- model ${p.model} -->`,
  ].join('\n');
}

function worldState(p: SessionPlan, developerText: string): unknown {
  return {
    full: true,
    state: {
      agents_md: {},
      apps_instructions: false,
      collaboration_mode: { mode: 'default', model: p.model, instructions: 'dfd53114f5f6f9f5fd7816370d0bf2847806246d' },
      context_window_guidance: '',
      environments: {
        environments: { local: { cwd: p.cwd, status: 'available', shell: 'bash' } },
        current_date: iso(p.startMs).slice(0, 10),
        timezone: 'Etc/UTC',
        filesystem: `<filesystem><workspace_roots><root>${p.cwd}</root></workspace_roots><permission_profile type="disabled"><file_system type="unrestricted" /></permission_profile></filesystem>`,
      },
      environments_instructions: false,
      git_attribution: false,
      host_skills: { body: developerText, includeInstructions: true },
      managed_developer_instructions: {},
      model: p.model,
      model_catalog: 'ea1a55de2973a50e2e404222c5499c24df5591ed',
      multi_agent_mode: {},
      permissions: { instructions: '32ca25d6d85edaeb6f1e19b2a5cc4e08d2a631cd', approved_command_prefixes: [] },
      persistent_mode: {},
      plugins_instructions: false,
      realtime: { active: false },
      skills: { includeInstructions: true },
      tools: { multi_agent_v1: 'Tools for spawning and managing sub-agents.' },
    },
  };
}

// ── legacy (pre-ordinal rollouts, e.g. cli 0.30–0.4x) ───────────────────────────────────────────

class LegacyWriter extends SessionWriter {
  private threadUsage: Usage = ZERO;
  private contextTokens = 2000;

  protected saveState(): unknown {
    return { threadUsage: this.threadUsage, contextTokens: this.contextTokens, rngState: this.rng.snapshot(), recent: [...this.recentUserPrompts] };
  }

  protected restoreState(raw: unknown): void {
    const s = raw as { threadUsage: Usage; contextTokens: number; rngState: number; recent: string[] };
    this.threadUsage = s.threadUsage;
    this.contextTokens = s.contextTokens;
    this.rng.restore(s.rngState);
    this.recentUserPrompts = s.recent;
  }

  private line(type: string, payload: unknown): void {
    this.sink.write(JSON.stringify({ timestamp: iso(this.ms), type, payload }));
  }

  protected maybeCompact(): void {}

  protected header(): void {
    const p = this.plan;
    this.ms = p.startMs + this.rng.range(10, 30);
    const originator = p.source === 'exec' ? 'codex_exec' : p.source === 'vscode' ? 'codex_vscode' : 'codex_cli_rs';
    this.line('session_meta', { id: p.id, timestamp: iso(p.startMs), cwd: p.cwd, originator, cli_version: p.cliVersion, instructions: null, source: p.source, model_provider: p.provider, git: p.git });
    this.tick(1, 5);
    this.line('response_item', {
      type: 'message',
      role: 'user',
      content: [{ type: 'input_text', text: `<environment_context>\n  <cwd>${p.cwd}</cwd>\n  <approval_policy>on-request</approval_policy>\n  <sandbox_mode>workspace-write</sandbox_mode>\n  <network_access>restricted</network_access>\n  <shell>bash</shell>\n</environment_context>` }],
    });
  }

  protected turn(shape: TurnShape): void {
    const p = this.plan;
    this.tick(1000, 5000);
    this.line('turn_context', {
      cwd: p.cwd,
      approval_policy: 'on-request',
      sandbox_policy: { mode: 'workspace-write', network_access: false, exclude_tmpdir_env_var: false, exclude_slash_tmp: false },
      model: p.model,
      effort: this.rng.pick(['medium', 'high', 'low']),
      summary: 'auto',
    });
    this.tick(0, 2);
    this.line('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: shape.prompt }] });
    this.line('event_msg', { type: 'user_message', message: shape.prompt, kind: 'plain' });
    this.recentUserPrompts.push(shape.prompt);
    let outTokens = 0;
    let reasoningTokens = 0;
    const think = (s: string | null) => {
      if (!s) return;
      this.tick(500, 5000);
      this.line('response_item', { type: 'reasoning', summary: [{ type: 'summary_text', text: s }], content: null, encrypted_content: `gAAAAABo${this.rng.alnum(this.rng.range(200, 900))}` });
      this.line('event_msg', { type: 'agent_reasoning', text: s });
      reasoningTokens += tokensOf(s) + 200;
    };
    for (const step of shape.steps) {
      think(step.reasoning);
      const callId = `call_${this.rng.alnum(24)}`;
      this.tick(200, 3000);
      this.line('response_item', { type: 'function_call', name: 'shell', arguments: JSON.stringify({ command: ['bash', '-lc', step.cmd], workdir: p.cwd, timeout_ms: 120000 }), call_id: callId });
      const seconds = this.rng.range(1, 20_000) / 1000;
      this.ms += Math.floor(seconds * 1000);
      this.line('response_item', { type: 'function_call_output', call_id: callId, output: JSON.stringify({ output: step.output, metadata: { exit_code: step.exitCode, duration_seconds: seconds } }) });
      this.contextTokens += tokensOf(step.output) + tokensOf(step.cmd) + 40;
      outTokens += tokensOf(step.cmd) + 20;
    }
    think(shape.answerReasoning);
    this.tick(500, 8000);
    this.line('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: shape.answer }] });
    this.line('event_msg', { type: 'agent_message', message: shape.answer });
    outTokens += tokensOf(shape.answer);
    this.contextTokens += tokensOf(shape.prompt) + tokensOf(shape.answer);
    const last = usage(this.contextTokens, Math.floor(this.contextTokens * 0.8), outTokens, reasoningTokens);
    this.threadUsage = addUsage(this.threadUsage, last);
    const strip = (u: Usage) => ({ input_tokens: u.input_tokens, cached_input_tokens: u.cached_input_tokens, output_tokens: u.output_tokens, reasoning_output_tokens: u.reasoning_output_tokens, total_tokens: u.total_tokens });
    this.tick(20, 200);
    this.line('event_msg', { type: 'token_count', info: { total_token_usage: strip(this.threadUsage), last_token_usage: strip(last), model_context_window: 272000 } });
  }
}

/** Writes `plan` to `file` and returns what was written. */
export function writeSession(file: string, plan: SessionPlan, rng: Rng, vocab: Vocabulary, baseInstructions: string): SessionResult {
  const fd = openSync(file, 'w');
  try {
    const w = plan.format === 'paginated' ? new PaginatedWriter(plan, rng, vocab, fd, baseInstructions) : new LegacyWriter(plan, rng, vocab, fd);
    return w.run();
  } finally {
    closeSync(fd);
  }
}
