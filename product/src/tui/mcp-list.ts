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
