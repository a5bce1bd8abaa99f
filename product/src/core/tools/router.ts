// Routes the model's tool calls to their implementations and reports each call as thread events
// and rollout lines, in the order upstream writes them.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { outputFor, type ToolContext, type ToolRouter } from '../agent/tools.ts';
import type { ResponseItem } from '../agent/items.ts';
import { applyPatchToolSpec, runApplyPatch } from './apply-patch/index.ts';
import { GoalStore } from './goals.ts';
import { createGoalSpec, getGoalSpec, requestUserInputSpec, toolSearchSpec, updateGoalSpec, viewImageSpec, webSearchSpec } from './simple-specs.ts';

/** The command tools (exec_command/write_stdin) as the router needs them. */
export interface CommandTools {
  specs: Record<string, unknown>[];
  execCommand(args: Record<string, unknown>, ctx: { cwd: string; signal?: AbortSignal }): Promise<CommandOutcome>;
  writeStdin(args: Record<string, unknown>, ctx: { cwd: string; signal?: AbortSignal }): Promise<CommandOutcome>;
  close(): void;
}

export interface CommandOutcome {
  output: string;
  exitCode: number | null;
  aggregatedOutput: string;
  command: string[];
  sessionId?: number;
  durationMs: number;
}

export interface RouterOptions {
  writableRoots: string[];
  /** Commands run inside the sandbox (any mode but danger-full-access). */
  sandboxed: boolean;
  commands: CommandTools;
  interactive: boolean;
}

function parseArgs(call: ResponseItem): Record<string, unknown> {
  try {
    const v = JSON.parse(String(call.arguments ?? '{}'));
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

/** How a command is shown to people: `/bin/bash -lc 'echo hi'`. */
export function displayCommand(argv: string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** Output that means the sandbox, not the command, said no. */
const SANDBOX_DENIAL = /Read-only file system|Operation not permitted|Permission denied|Network is unreachable/;

const IMAGE_TYPES: Record<string, string> = { '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp' };

export function createToolRouter(o: RouterOptions): ToolRouter {
  const goals = new GoalStore();
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

  async function command(call: ResponseItem, ctx: ToolContext, kind: 'exec' | 'stdin'): Promise<ResponseItem> {
    const args = parseArgs(call);
    // Item ids are handed out when an item is first shown, so an unreported command takes none.
    let shownId: string | undefined;
    const id = () => (shownId ??= ctx.nextItemId());
    const cwd = typeof args.workdir === 'string' ? path.resolve(ctx.cwd, args.workdir) : ctx.cwd;
    const preview = kind === 'exec' ? displayCommand(['/bin/bash', args.login === false ? '-c' : '-lc', String(args.cmd ?? '')]) : '';
    const started = () => ({ type: 'item.started' as const, item: { id: id(), type: 'command_execution' as const, command: preview, aggregated_output: '', exit_code: null, status: 'in_progress' as const } });
    // Upstream reports a sandboxed command only once it knows the sandbox let it run: a command the
    // sandbox refused produces no command item at all, just the failure text for the model.
    const sandboxed = o.sandboxed && args.sandbox_permissions !== 'require_escalated';
    if (kind === 'exec' && !sandboxed) ctx.emit(started());
    const r = kind === 'exec' ? await o.commands.execCommand(args, { cwd: ctx.cwd, signal: ctx.signal }) : await o.commands.writeStdin(args, { cwd: ctx.cwd, signal: ctx.signal });
    if (kind === 'exec' && sandboxed) {
      if (r.exitCode !== 0 && r.exitCode !== null && SANDBOX_DENIAL.test(r.aggregatedOutput)) return outputFor(call, r.output);
      ctx.emit(started());
    }
    if (kind === 'exec' && r.sessionId === undefined) {
      const status = r.exitCode === 0 ? 'completed' : 'failed';
      ctx.emit({ type: 'item.completed', item: { id: id(), type: 'command_execution', command: preview, aggregated_output: r.aggregatedOutput, exit_code: r.exitCode, status } });
      ctx.record({ type: 'item_completed', item: { type: 'CommandExecution', id: call.call_id, command: r.command, cwd, status, aggregated_output: r.aggregatedOutput, exit_code: r.exitCode, duration_ms: Math.round(r.durationMs) } });
    }
    return outputFor(call, r.output);
  }

  async function applyPatch(call: ResponseItem, ctx: ToolContext): Promise<ResponseItem> {
    const id = ctx.nextItemId();
    const input = String(call.input ?? '');
    const r0 = { cwd: ctx.cwd, writableRoots: o.writableRoots };
    const result = await runApplyPatch(input, r0);
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
        case 'request_user_input':
          return outputFor(call, o.interactive ? 'request_user_input is only available in Plan mode.' : 'request_user_input is not available in non-interactive mode.');
        default:
          return outputFor(call, `unsupported call: ${name}`);
      }
    },
    close: () => o.commands.close(),
  };
}
