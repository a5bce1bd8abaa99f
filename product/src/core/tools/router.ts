// Routes the model's tool calls to their implementations and reports each call as thread events
// and rollout lines, in the order upstream writes them.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { outputFor, type ModelNote, type ToolContext, type ToolRouter } from '../agent/tools.ts';
import { needsApproval, type ExecPolicy } from './exec/approval.ts';
import { isKnownSafeCommand, safeSimple } from './exec/safe-commands.ts';
import { evaluateRules, saveAllowRule, simpleCommands, type PrefixRule } from './exec/rules.ts';
import { joinWords } from './exec/shell-quote.ts';
import type { ResponseItem } from '../agent/items.ts';
import { applyPatchToolSpec, runApplyPatch } from './apply-patch/index.ts';
import { GoalStore } from './goals.ts';
import { createMcpCalls } from './mcp-calls.ts';
import type { McpConnections } from '../mcp/connections.ts';
import {
  createGoalSpec,
  getGoalSpec,
  listMcpResourcesSpec,
  listMcpResourceTemplatesSpec,
  readMcpResourceSpec,
  requestUserInputSpec,
  toolSearchSpec,
  updateGoalSpec,
  viewImageSpec,
  webSearchSpec,
} from './simple-specs.ts';

/** The command tools (exec_command/write_stdin) as the router needs them. */
export interface CommandTools {
  specs: Record<string, unknown>[];
  /** `onStart` is called once the command is known to run (never for one the sandbox refused at once). */
  execCommand(args: Record<string, unknown>, ctx: { cwd: string; signal?: AbortSignal; callId?: string; onStart?: () => void }): Promise<CommandOutcome>;
  writeStdin(args: Record<string, unknown>, ctx: { cwd: string; signal?: AbortSignal }): Promise<CommandOutcome>;
  close(): void;
  background?(): Array<{ id: number; command: readonly string[] }>;
  stopBackground?(): Promise<void>;
}

export interface CommandOutcome {
  output: string;
  exitCode: number | null;
  aggregatedOutput: string;
  command: string[];
  sessionId?: number;
  /** the OS process id, once it started */
  pid?: number;
  durationMs: number;
  /** The call failed before anything ran (bad arguments, a refused escalation, no sandbox). */
  error?: string;
  /** The sandbox refused the command as it started: the model gets `output`, nobody is shown it. */
  sandboxDenied?: boolean;
}

export interface RouterOptions {
  /** Where apply_patch may write; under the sandbox their protected paths (.git, .agents, .codex, .aws) excepted. */
  writableRoots: string[];
  /** Commands run inside the sandbox (any mode but danger-full-access). */
  sandboxed: boolean;
  commands: CommandTools;
  interactive: boolean;
  /**
   * Offer the MCP resource tools (the TUI does) when no MCP server runs (`mcp` unset): the lists are
   * empty and any server named is unknown.
   */
  mcpResources?: { servers: string[] };
  /**
   * The thread's MCP connections (core/mcp/connections.ts): tool_search loads their tools, namespaced
   * calls run on them, and the resource tools are answered by them (offered when set).
   */
  mcp?: McpConnections;
  /** the thread's history when it opened (a resumed thread's loaded MCP tools stay loaded) */
  history?: readonly ResponseItem[];
  /** Approval policy and sandbox: with a person to ask (ToolContext.requestApproval), calls that need approval wait for it. */
  policy?: ExecPolicy;
  /**
   * Exec-policy rules ($CODEX_HOME/rules/*.rules, see exec/rules.ts), checked before the sandbox and
   * approval decision; "don't ask again" appends to `codexHome`'s default.rules.
   */
  rules?: { list: PrefixRule[]; codexHome: string };
  /** A call that failed before running (refused by a rule), as upstream logs it on exec's stderr. */
  onToolError?: (message: string) => void;
}

/** What the model is told when the person says no. */
export const REJECTED_BY_USER = 'exec command rejected by user';

/** The answer of an MCP resource tool when no MCP server runs (see RouterOptions.mcp for when some do). */
export function mcpResourceAnswer(name: string, args: Record<string, unknown>): string {
  const asked = typeof args.server === 'string' && args.server ? args.server : null;
  if (asked) return `unknown MCP server '${asked}' for the selected environment`;
  return JSON.stringify(name === 'list_mcp_resource_templates' ? { resourceTemplates: [] } : { resources: [] });
}

function parseArgs(call: ResponseItem): Record<string, unknown> {
  try {
    const v = JSON.parse(String(call.arguments ?? '{}'));
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

/** How a command is shown to people: `/bin/bash -lc 'echo hi'`, quoted as upstream quotes it. */
export function displayCommand(argv: string[]): string {
  return joinWords(argv);
}

const IMAGE_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp' };

export function createToolRouter(o: RouterOptions): ToolRouter {
  const goals = new GoalStore();
  const mcp = o.mcp ? createMcpCalls({ mcp: o.mcp, approval: o.policy?.approval ?? 'never', history: o.history ?? [], ...(o.onToolError ? { onToolError: o.onToolError } : {}) }) : null;
  const specs = [
    ...o.commands.specs,
    requestUserInputSpec,
    applyPatchToolSpec as unknown as Record<string, unknown>,
    viewImageSpec,
    getGoalSpec,
    createGoalSpec,
    updateGoalSpec,
    toolSearchSpec,
    webSearchSpec,
  ];
  // Upstream's TUI lists them right after the command tools.
  if (o.mcpResources || o.mcp) specs.splice(o.commands.specs.length, 0, listMcpResourcesSpec, listMcpResourceTemplatesSpec, readMcpResourceSpec);

  // "Don't ask again for commands that start with …": prefixes approved for this session (kept
  // here too, should the rule not be saved).
  const approvedPrefixes: string[] = [];
  const rules = o.rules?.list ?? [];

  /**
   * What "don't ask again" saves: the model's prefix_rule when it gave one, else the words of the
   * first command in the line that does more than read (upstream proposes that one), else of the
   * line's only command.
   */
  function prefixFor(args: Record<string, unknown>, cmd: string): string[] | undefined {
    const asked = args.prefix_rule;
    if (Array.isArray(asked) && asked.length && asked.every((w) => typeof w === 'string' && w)) return asked as string[];
    const parts = simpleCommands(cmd);
    if (!parts?.length) return undefined;
    return parts.find((p) => p.length && !safeSimple(p)) ?? (parts.length === 1 ? parts[0] : undefined);
  }

  // The prefixes saved as rules in this session, as the world state shows them to the model.
  const savedPrefixes: string[][] = [];

  /** Asks the person when the rules or the policy require it; false when they said no. */
  async function approved(args: Record<string, unknown>, cwd: string, ctx: ToolContext, rule: 'allow' | 'prompt' | null): Promise<boolean> {
    const cmd = String(args.cmd ?? '');
    // A rule that allows the command skips the question (it still runs sandboxed unless escalated).
    if (rule === 'allow') return true;
    if (!o.policy || !ctx.requestApproval) return true;
    if (rule !== 'prompt' && !needsApproval(o.policy, { sandbox_permissions: args.sandbox_permissions as never })) return true;
    if (approvedPrefixes.some((p) => cmd.startsWith(p))) return true;
    // Under `untrusted`, commands that only read run sandboxed without a question.
    if (rule !== 'prompt' && o.policy.approval === 'untrusted' && args.sandbox_permissions !== 'require_escalated' && isKnownSafeCommand(cmd)) return true;
    const prefix = prefixFor(args, cmd);
    const decision = await ctx.requestApproval({ kind: 'command', command: cmd, cwd, reason: typeof args.justification === 'string' ? args.justification : null, ...(prefix ? { prefix } : {}) });
    if (decision === 'approve-for-session') {
      approvedPrefixes.push(prefix ? prefix.join(' ') : cmd);
      if (prefix && o.rules) {
        try {
          rules.push(saveAllowRule(o.rules.codexHome, prefix));
          savedPrefixes.push([...prefix]);
          ctx.noteForModel?.(prefixSavedNote(savedPrefixes, prefix));
        } catch {
          // not saved (read-only CODEX_HOME): it still holds for this session
        }
      }
    }
    return decision !== 'deny';
  }

  async function command(call: ResponseItem, ctx: ToolContext, kind: 'exec' | 'stdin'): Promise<ResponseItem> {
    const args = parseArgs(call);
    // Item ids are handed out when an item is first shown, so an unreported command takes none.
    let shownId: string | undefined;
    const id = () => (shownId ??= ctx.nextItemId());
    const cwd = typeof args.workdir === 'string' ? path.resolve(ctx.cwd, args.workdir) : ctx.cwd;
    const preview = kind === 'exec' ? displayCommand(['/bin/bash', args.login === false ? '-c' : '-lc', String(args.cmd ?? '')]) : '';
    const started = () => ({ type: 'item.started' as const, item: { id: id(), type: 'command_execution' as const, command: preview, aggregated_output: '', exit_code: null, status: 'in_progress' as const } });
    if (kind === 'exec') {
      const verdict = evaluateRules(rules, String(args.cmd ?? ''));
      // Refused by a rule, or a rule asks and nobody can answer: the model is told, nothing runs.
      if (verdict?.decision === 'forbidden' || (verdict?.decision === 'prompt' && !ctx.requestApproval)) {
        const why = verdict.rule.justification ?? (verdict.decision === 'forbidden' ? `forbidden by ${verdict.rule.file}:${verdict.rule.line}` : `needs approval by ${verdict.rule.file}:${verdict.rule.line}`);
        // Upstream's wording, a Rust error printed with its debug quoting.
        const inner = JSON.stringify(`Rejected(${JSON.stringify(`\`${preview}\` rejected: ${why}`)})`);
        const message = `exec_command failed: CreateProcess { message: ${inner} }`;
        o.onToolError?.(message);
        return outputFor(call, message);
      }
      if (!(await approved(args, cwd, ctx, verdict?.decision ?? null))) return outputFor(call, REJECTED_BY_USER);
    }
    if (kind === 'stdin') return outputFor(call, (await o.commands.writeStdin(args, { cwd: ctx.cwd, signal: ctx.signal })).output);
    // Like upstream, a command is shown once it is known to run: still running a moment after it
    // started, or exited without the sandbox refusing it. One the sandbox refused at once, or that
    // could not start, is never shown; the model still gets what happened.
    let shown = false;
    const show = () => {
      if (shown) return;
      shown = true;
      ctx.emit(started());
    };
    const r = await o.commands.execCommand(args, { cwd: ctx.cwd, signal: ctx.signal, callId: String(call.call_id ?? ''), onStart: show });
    if (r.sandboxDenied || r.error !== undefined) {
      // A call refused before it ran (an escalation nobody can approve, …) is logged as upstream logs it.
      if (!r.sandboxDenied) o.onToolError?.(r.output);
      return outputFor(call, r.output);
    }
    show();
    if (r.sessionId === undefined) {
      const status = r.exitCode === 0 ? 'completed' : 'failed';
      ctx.emit({ type: 'item.completed', item: { id: id(), type: 'command_execution', command: preview, aggregated_output: r.aggregatedOutput, exit_code: r.exitCode, status } });
      ctx.record({ type: 'item_completed', item: { type: 'CommandExecution', id: call.call_id, ...(r.pid !== undefined ? { process_id: String(r.pid) } : {}), command: r.command, cwd, status, aggregated_output: r.aggregatedOutput, exit_code: r.exitCode, duration_ms: Math.round(r.durationMs) } });
    }
    return outputFor(call, r.output);
  }

  async function applyPatch(call: ResponseItem, ctx: ToolContext): Promise<ResponseItem> {
    const input = String(call.input ?? '');
    const result = await runApplyPatch(input, { cwd: ctx.cwd, writableRoots: o.writableRoots, protectedRoots: o.sandboxed ? o.writableRoots : [] });
    // A patch refused for where it writes is not shown (as upstream); the model is told.
    if (result.rejected) return outputFor(call, result.output);
    const id = ctx.nextItemId();
    const changes = result.changes.map((c) => ({ path: c.path, kind: c.kind }));
    ctx.emit({ type: 'item.started', item: { id, type: 'file_change', changes, status: 'in_progress' } });
    ctx.emit({ type: 'item.completed', item: { id, type: 'file_change', changes, status: result.success ? 'completed' : 'failed' } });
    ctx.record({ type: 'item_completed', item: { type: 'FileChange', id: call.call_id, changes, status: result.success ? 'completed' : 'failed' } });
    return outputFor(call, result.output);
  }

  async function viewImage(call: ResponseItem, ctx: ToolContext): Promise<ResponseItem> {
    const file = path.resolve(ctx.cwd, String(parseArgs(call).path ?? ''));
    const mime = IMAGE_TYPES[path.extname(file).toLowerCase()];
    if (!mime) return outputFor(call, `view_image: unsupported image type: ${file}`);
    try {
      const data = await readFile(file);
      return { type: 'function_call_output', call_id: call.call_id, output: [{ type: 'input_image', image_url: `data:${mime};base64,${data.toString('base64')}` }] };
    } catch (e) {
      return outputFor(call, `view_image: unable to read ${file}: ${(e as Error).message}`);
    }
  }

  return {
    specs: () => specs,
    async handle(call, ctx) {
      const name = String(call.name ?? '');
      if (mcp?.handles(call)) return mcp.handle(call, ctx);
      if (call.type === 'tool_search_call') return { type: 'tool_search_output', call_id: call.call_id, status: 'completed', execution: 'client', tools: [] };
      switch (name) {
        case 'exec_command':
          return command(call, ctx, 'exec');
        case 'write_stdin':
          return command(call, ctx, 'stdin');
        case 'apply_patch':
          return applyPatch(call, ctx);
        case 'view_image':
          return viewImage(call, ctx);
        case 'get_goal':
          return outputFor(call, goals.get());
        case 'create_goal':
          return outputFor(call, goals.create(parseArgs(call)));
        case 'update_goal':
          return outputFor(call, goals.update(parseArgs(call)));
        case 'list_mcp_resources':
        case 'list_mcp_resource_templates':
        case 'read_mcp_resource':
          if (o.mcpResources) return outputFor(call, mcpResourceAnswer(name, parseArgs(call)));
          return outputFor(call, `unsupported call: ${name}`);
        case 'request_user_input':
          return outputFor(call, o.interactive ? 'request_user_input is only available in Plan mode.' : 'request_user_input is not available in non-interactive mode.');
        default:
          return outputFor(call, `unsupported call: ${name}`);
      }
    },
    close: () => {
      o.commands.close();
      void mcp?.close();
    },
    background: () => o.commands.background?.() ?? [],
    stopBackground: () => o.commands.stopBackground?.() ?? Promise.resolve(),
  };
}

/**
 * What the model is told once a prefix is saved: that commands starting with it now run without a
 * question (csm's words), and the world state's list of saved prefixes (upstream's key).
 */
export function prefixSavedNote(saved: readonly string[][], prefix: readonly string[]): ModelNote {
  return {
    text: `The user has allowed commands that start with ${JSON.stringify(prefix)} to run from now on without asking for approval.`,
    worldState: { permissions: { approved_command_prefixes: saved.map((p) => [...p]) } },
  };
}
