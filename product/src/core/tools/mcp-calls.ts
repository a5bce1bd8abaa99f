// The model's MCP calls, answered as upstream answers them: `tool_search` loads deferred MCP tools
// (namespace specs), a namespaced function_call runs a loaded tool on its server, and the resource
// tools list and read what servers share. Each call is shown as an `mcp_tool_call` item and
// recorded as an McpToolCall item_completed line.
import type { ToolContext } from '../agent/tools.ts';
import type { ResponseItem } from '../agent/items.ts';
import type { McpCallResult, McpConnections } from '../mcp/connections.ts';
import { McpCallError } from '../mcp/errors.ts';
import { namespaceOf, namespaceSpecs, searchTools } from '../mcp/tool-specs.ts';
import type { ApprovalPolicy } from '../config/index.ts';

export const RESOURCE_TOOLS = ['list_mcp_resources', 'list_mcp_resource_templates', 'read_mcp_resource'] as const;

export interface McpCallsOptions {
  mcp: McpConnections;
  approval: ApprovalPolicy;
  /** A call the model could not make (a tool it never loaded), as upstream logs it. */
  onToolError?: (message: string) => void;
  /** The thread's history so far: tools a resumed thread loaded before stay loaded. */
  history?: readonly ResponseItem[];
}

/** `mcp__files/list_directory` for every tool the history's tool_search outputs loaded. */
export function loadedTools(history: readonly ResponseItem[]): string[] {
  return history.flatMap((item) =>
    item.type === 'tool_search_output' && Array.isArray(item.tools)
      ? (item.tools as Array<{ type?: string; name?: string; tools?: Array<{ name?: string }> }>).flatMap((ns) => (ns.type === 'namespace' && Array.isArray(ns.tools) ? ns.tools.map((t) => `${ns.name}/${t.name}`) : []))
      : [],
  );
}

function parseArgs(call: ResponseItem): Record<string, unknown> {
  try {
    const v = JSON.parse(String(call.arguments ?? '{}'));
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

const output = (call: ResponseItem, out: string | Array<Record<string, unknown>>): ResponseItem => ({ type: 'function_call_output', call_id: call.call_id, output: out });

/** `Wall time: 0.0130 seconds`, upstream's header over an MCP tool's output. */
export function wallTime(ms: number): string {
  return `Wall time: ${(ms / 1000).toFixed(4)} seconds\nOutput:`;
}

/** What the model gets back from a tool: structured content as JSON text, otherwise the content items. */
export function toolCallOutput(result: McpCallResult | { error: string }, ms: number): string | Array<Record<string, unknown>> {
  if ('error' in result) return [{ type: 'input_text', text: wallTime(ms) }, { type: 'input_text', text: result.error }];
  if (result.structuredContent !== undefined && result.structuredContent !== null) return `${wallTime(ms)}\n${JSON.stringify(result.structuredContent)}`;
  const items = result.content.map((c) => {
    if (c.type === 'text') return { type: 'input_text', text: String(c.text ?? '') };
    if (c.type === 'image') return { type: 'input_image', image_url: `data:${String(c.mimeType)};base64,${String(c.data)}` };
    return { type: 'input_text', text: JSON.stringify(c) };
  });
  return [{ type: 'input_text', text: wallTime(ms) }, ...items];
}

/** Which MCP server a namespaced call goes to, or null for a call that is not an MCP tool. */
export function mcpTarget(call: ResponseItem): { server: string; tool: string } | null {
  const ns = typeof call.namespace === 'string' ? call.namespace : '';
  if (!ns.startsWith('mcp__')) return null;
  return { server: ns.slice('mcp__'.length), tool: String(call.name ?? '') };
}

/** Upstream writes a resource's fields in this order (others after, as the server sent them). */
const RESOURCE_KEYS = ['uri', 'name', 'title', 'description', 'mimeType', 'size', 'annotations'];
const TEMPLATE_KEYS = ['uriTemplate', 'name', 'title', 'description', 'mimeType', 'annotations'];
function inOrder(x: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in x) out[k] = x[k];
  for (const k of Object.keys(x)) if (!(k in out)) out[k] = x[k];
  return out;
}

export function createMcpCalls(o: McpCallsOptions) {
  /** Tools the model loaded through tool_search (upstream refuses a call to one it never loaded). */
  const loaded = new Set<string>(loadedTools(o.history ?? []));
  /** Tools the person allowed for this session. */
  const allowed = new Set<string>();

  function show(ctx: ToolContext, server: string, tool: string, args: Record<string, unknown>) {
    const id = ctx.nextItemId();
    const base = { id, type: 'mcp_tool_call' as const, server, tool, arguments: args };
    ctx.emit({ type: 'item.started', item: { ...base, result: null, error: null, status: 'in_progress' } });
    return {
      done(r: { result: McpCallResult | null; error: string | null; readOnly?: boolean; startedAt: number; ms: number; call: ResponseItem }) {
        const failed = r.error !== null || r.result?.isError === true;
        const status = failed ? ('failed' as const) : ('completed' as const);
        ctx.emit({
          type: 'item.completed',
          item: { ...base, result: r.result ? { content: r.result.content, structured_content: r.result.structuredContent ?? null } : null, error: r.error !== null ? { message: r.error } : null, status },
        });
        const secs = Math.floor(r.ms / 1000);
        ctx.record({
          type: 'item_completed',
          item: {
            type: 'McpToolCall',
            id: r.call.call_id,
            server,
            tool,
            arguments: args,
            ...(r.readOnly ? { readOnlyHint: true } : {}),
            status,
            ...(r.result ? { result: { content: r.result.content, ...(r.result.structuredContent !== undefined ? { structuredContent: r.result.structuredContent } : {}), ...(r.result.isError !== undefined ? { isError: r.result.isError } : {}) } } : {}),
            ...(r.error !== null ? { error: { message: r.error } } : {}),
            duration: { secs, nanos: Math.round((r.ms - secs * 1000) * 1e6) },
          },
          started_at_ms: r.startedAt,
          completed_at_ms: r.startedAt + Math.round(r.ms),
        });
      },
    };
  }

  async function toolSearch(call: ResponseItem): Promise<ResponseItem> {
    await o.mcp.ready();
    const args = (call.arguments && typeof call.arguments === 'object' ? call.arguments : parseArgs(call)) as Record<string, unknown>;
    const limit = typeof args.limit === 'number' && args.limit > 0 ? Math.floor(args.limit) : 8;
    const found = searchTools(o.mcp.tools(), String(args.query ?? ''), limit);
    for (const t of found) loaded.add(`${namespaceOf(t.server)}/${t.name}`);
    return { type: 'tool_search_output', call_id: call.call_id, status: 'completed', execution: 'client', tools: namespaceSpecs(found) };
  }

  async function callTool(call: ResponseItem, ctx: ToolContext, target: { server: string; tool: string }): Promise<ResponseItem> {
    await o.mcp.ready();
    const ns = String(call.namespace);
    const tool = o.mcp.tool(target.server, target.tool);
    if (!tool || !loaded.has(`${ns}/${target.tool}`)) {
      // Upstream names the call by its namespace and name run together.
      const message = `unsupported call: ${ns}${target.tool}`;
      o.onToolError?.(message);
      return output(call, message);
    }
    const args = parseArgs(call);
    const view = show(ctx, target.server, target.tool, args);
    const startedAt = Date.now();
    const t0 = performance.now();
    let result: McpCallResult | null = null;
    let error: string | null = null;
    if (!tool.readOnly && !(await approved(ctx, target.server, target.tool, args))) {
      error = ctx.requestApproval && o.approval !== 'never' ? 'user rejected MCP tool call' : `MCP tool call requires approval, but approval policy is ${o.approval}`;
    } else {
      try {
        result = await o.mcp.callTool(target.server, target.tool, args, ctx.signal);
      } catch (e) {
        error = e instanceof McpCallError ? e.message : String((e as Error).message ?? e);
      }
    }
    const ms = performance.now() - t0;
    view.done({ result, error, readOnly: tool.readOnly, startedAt, ms, call });
    return output(call, toolCallOutput(result ?? { error: error ?? '' }, ms));
  }

  /** Tools not annotated read-only are asked for (once per session when so answered); with nobody to ask (or policy never) they are refused. */
  async function approved(ctx: ToolContext, server: string, tool: string, args: Record<string, unknown>): Promise<boolean> {
    if (o.approval === 'never' || !ctx.requestApproval) return false;
    if (allowed.has(`${server}/${tool}`)) return true;
    const decision = await ctx.requestApproval({ kind: 'command', command: `${server}/${tool} ${JSON.stringify(args)}`, cwd: ctx.cwd, reason: `MCP tool call to ${server}/${tool}`, mcp: { server, tool, arguments: args } });
    if (decision === 'approve-for-session') allowed.add(`${server}/${tool}`);
    return decision !== 'deny';
  }

  async function resourceTool(call: ResponseItem, ctx: ToolContext): Promise<ResponseItem> {
    await o.mcp.ready();
    const name = String(call.name) as (typeof RESOURCE_TOOLS)[number];
    const args = parseArgs(call);
    const server = typeof args.server === 'string' && args.server ? args.server : null;
    const cursor = typeof args.cursor === 'string' && args.cursor ? args.cursor : undefined;
    if (server !== null && !o.mcp.servers().includes(server)) return output(call, `unknown MCP server '${server}' for the selected environment`);
    if (name === 'read_mcp_resource' && (server === null || typeof args.uri !== 'string')) return output(call, 'read_mcp_resource requires `server` and `uri`');
    // A call naming no server is shown as the client's own.
    const view = show(ctx, server ?? 'codex', name, args);
    const startedAt = Date.now();
    const t0 = performance.now();
    let text: string;
    let error: string | null = null;
    try {
      text = JSON.stringify(await resourceAnswer(name, server, cursor, String(args.uri ?? '')));
    } catch (e) {
      error = (e as Error).message;
      text = `resources/${name === 'read_mcp_resource' ? 'read' : 'list'} failed: ${error}`;
    }
    const result = error === null ? { content: [{ type: 'text', text }], isError: false } : null;
    view.done({ result, error, startedAt, ms: performance.now() - t0, call });
    return output(call, text);
  }

  async function resourceAnswer(name: string, server: string | null, cursor: string | undefined, uri: string): Promise<Record<string, unknown>> {
    if (name === 'read_mcp_resource') {
      const r = await o.mcp.readResource(server!, uri);
      return { server, uri, contents: r.contents };
    }
    const templates = name === 'list_mcp_resource_templates';
    const key = templates ? 'resourceTemplates' : 'resources';
    const page = async (s: string, c?: string) => {
      const r = templates ? await o.mcp.listResourceTemplates(s, c) : await o.mcp.listResources(s, c);
      const list = ((templates ? (r as { resourceTemplates: unknown[] }).resourceTemplates : (r as { resources: unknown[] }).resources) ?? []) as Record<string, unknown>[];
      return { list: list.map((x) => ({ server: s, ...inOrder(x, templates ? TEMPLATE_KEYS : RESOURCE_KEYS) })), next: r.nextCursor };
    };
    if (server !== null) {
      const { list, next } = await page(server, cursor);
      return { server, [key]: list, ...(next ? { nextCursor: next } : {}) };
    }
    // Every server that shares resources, one page each.
    const all: Record<string, unknown>[] = [];
    for (const s of o.mcp.servers()) if (o.mcp.hasResources(s)) all.push(...(await page(s)).list);
    return { [key]: all };
  }

  return {
    /** Whether this call is one of ours. */
    handles(call: ResponseItem): boolean {
      return call.type === 'tool_search_call' || mcpTarget(call) !== null || (call.type === 'function_call' && (RESOURCE_TOOLS as readonly string[]).includes(String(call.name)));
    },
    async handle(call: ResponseItem, ctx: ToolContext): Promise<ResponseItem> {
      if (call.type === 'tool_search_call') return toolSearch(call);
      const target = mcpTarget(call);
      if (target) return callTool(call, ctx, target);
      return resourceTool(call, ctx);
    },
    close: () => o.mcp.close(),
  };
}
