// The SDK-built test MCP server (mcp-server.mjs) as a `[mcp_servers.NAME]` entry, for csm's tests
// (`#test-support/mcp`).
import { fileURLToPath } from 'node:url';
import type { McpServerConfig } from '../src/core/mcp/config.ts';

export const TEST_SERVER = fileURLToPath(new URL('./mcp-server.mjs', import.meta.url));

/** A stdio server entry: the test server by default, any command when given. */
export function stdioServer(name: string, over: Partial<McpServerConfig> & { command?: string; args?: string[] } = {}): McpServerConfig {
  const { command, args, ...rest } = over;
  return {
    name,
    enabled: true,
    transport: { type: 'stdio', command: command ?? process.execPath, args: args ?? [TEST_SERVER], env: null, env_vars: [], cwd: null },
    enabled_tools: null,
    disabled_tools: null,
    startup_timeout_sec: null,
    tool_timeout_sec: null,
    ...rest,
  };
}
