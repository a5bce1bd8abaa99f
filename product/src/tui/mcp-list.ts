// `/mcp`: the configured MCP servers as upstream lists them: the command echoed, a heading, one line
// per server (connected with its tool count, or failed), and the hint for the verbose listing.
// Upstream also lists its own built-in `codex_tui` server, which csm does not have.
import type { McpConnections } from '../core/mcp/connections.ts';
import type { Span } from './screen/canvas.ts';

export interface McpServerState {
  name: string;
  status: 'connected' | 'failed' | 'starting' | 'disabled';
  tools: number;
}

const COLOUR = { connected: 2, failed: 1, starting: 3, disabled: 8 } as const;

export function mcpListLines(servers: McpServerState[]): Span[][] {
  const rows: Span[][] = servers.length
    ? servers.map((s) => {
        const mark = { fg: COLOUR[s.status], bold: true };
        return [{ text: '  • ', style: mark }, { text: s.name, style: { bold: true } }, { text: ': ' }, { text: s.status, style: mark }, { text: ` (${s.tools} tools)`, style: { dim: true } }];
      })
    : [[{ text: '  • No MCP servers configured.', style: { italic: true } }]];
  return [[{ text: '/mcp', style: { fg: 5 } }], [], [{ text: '🔌' }, { text: '  ' }, { text: 'MCP Tools', style: { bold: true } }], [], ...rows, [], [{ text: '  Use /mcp verbose for tools and resources.', style: { dim: true } }]];
}

/** Each configured server's state now: started ones with their tools, failed ones, the rest still starting or disabled. */
export function mcpServerStates(configured: Record<string, unknown>, mcp: McpConnections | undefined): McpServerState[] {
  const failed = new Set(mcp?.failures().map((f) => f.server) ?? []);
  const up = new Set(mcp?.servers() ?? []);
  return Object.entries(configured).map(([name, t]) => {
    if (up.has(name)) return { name, status: 'connected' as const, tools: mcp!.tools().filter((x) => x.server === name).length };
    if (failed.has(name)) return { name, status: 'failed' as const, tools: 0 };
    const enabled = !(t && typeof t === 'object' && (t as { enabled?: unknown }).enabled === false);
    return { name, status: enabled ? ('starting' as const) : ('disabled' as const), tools: 0 };
  });
}

export interface McpServerDetails extends McpServerState {
  /** how csm authenticates to it: `Bearer token` (streamable HTTP with a token variable) or `Unsupported` */
  auth: string;
  toolNames: string[];
  resources: Array<{ name: string; uri: string }>;
  templates: Array<{ name: string; uriTemplate: string }>;
}

/** Words of `text` in lines of at most `cols`, a line's words continuing at the left edge (as upstream wraps them). */
function wrapFlush(text: string, cols: number): string[] {
  const out: string[] = [];
  const indent = /^ */.exec(text)![0];
  let line = '';
  for (const word of text.slice(indent.length).split(' ')) {
    const next = line ? `${line} ${word}` : `${out.length ? '' : indent}${word}`;
    if (next.length > cols && line.trim()) {
      out.push(line);
      line = word;
    } else line = next;
  }
  return [...out, line];
}

/** `/mcp verbose`: each server's state, then its auth, tools, resources and resource templates. */
export function mcpVerboseLines(servers: McpServerDetails[], cols: number): Span[][] {
  const rows: Span[][] = [[{ text: '/mcp', style: { fg: 5 } }], [], [{ text: '🔌' }, { text: '  ' }, { text: 'MCP Tools', style: { bold: true } }], []];
  if (!servers.length) rows.push([{ text: '  • No MCP servers configured.', style: { italic: true } }], []);
  const listed = (items: Array<{ name: string; at: string }>) =>
    items.length ? items.flatMap((r, i) => [...(i ? [{ text: ', ' }] : []), { text: `${r.name} ` }, { text: `(${r.at})`, style: { dim: true } }]) : [{ text: '(none)' }];
  for (const s of servers) {
    const mark = { fg: COLOUR[s.status], bold: true };
    rows.push([{ text: '  • ', style: mark }, { text: s.name, style: { bold: true } }, { text: ': ' }, { text: s.status, style: mark }, { text: ` (${s.tools} tools)`, style: { dim: true } }]);
    rows.push([{ text: `    • Auth: ${s.auth}` }]);
    for (const line of wrapFlush(`    • Tools: ${s.toolNames.length ? [...s.toolNames].sort().join(', ') : '(none)'}`, cols)) rows.push([{ text: line }]);
    rows.push([{ text: '    • Resources: ' }, ...listed(s.resources.map((r) => ({ name: r.name, at: r.uri })))]);
    rows.push([{ text: '    • Resource templates: ' }, ...listed(s.templates.map((r) => ({ name: r.name, at: r.uriTemplate })))]);
    rows.push([]);
  }
  return rows;
}

/** What `/mcp verbose` lists for each configured server (its resources asked for now). */
export async function mcpServerDetails(configured: Record<string, unknown>, mcp: McpConnections | undefined): Promise<McpServerDetails[]> {
  return Promise.all(
    mcpServerStates(configured, mcp).map(async (s) => {
      const t = (configured[s.name] ?? {}) as { url?: unknown; bearer_token_env_var?: unknown };
      const up = s.status === 'connected' && mcp;
      const has = up && mcp.hasResources(s.name);
      const resources = has ? ((await mcp.listResources(s.name).catch(() => ({ resources: [] }))).resources as Array<{ name: string; uri: string }>) : [];
      const templates = has ? ((await mcp.listResourceTemplates(s.name).catch(() => ({ resourceTemplates: [] }))).resourceTemplates as Array<{ name: string; uriTemplate: string }>) : [];
      return { ...s, auth: typeof t.url === 'string' && typeof t.bearer_token_env_var === 'string' ? 'Bearer token' : 'Unsupported', toolNames: up ? mcp.tools().filter((x) => x.server === s.name).map((x) => x.name) : [], resources, templates };
    }),
  );
}
