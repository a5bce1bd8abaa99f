// `[mcp_servers.NAME]` in $CODEX_HOME/config.toml as upstream reads and writes it: the servers in
// file order and their transport (stdio or streamable HTTP). Edits live in config-edit.ts, so a session
// that only reads its servers never loads the layout-keeping TOML editor.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseToml } from '../config/toml-file.ts';

export interface StdioTransport {
  type: 'stdio';
  command: string;
  args: string[];
  env: Record<string, string> | null;
  env_vars: string[];
  cwd: string | null;
}

export interface HttpTransport {
  type: 'streamable_http';
  url: string;
  bearer_token_env_var: string | null;
  http_headers: Record<string, string> | null;
  env_http_headers: Record<string, string> | null;
}

export interface McpServerConfig {
  name: string;
  enabled: boolean;
  transport: StdioTransport | HttpTransport;
  enabled_tools: string[] | null;
  disabled_tools: string[] | null;
  startup_timeout_sec: number | null;
  tool_timeout_sec: number | null;
}

const strs = (v: unknown): string[] | null => (Array.isArray(v) ? v.map(String) : null);
const map = (v: unknown): Record<string, string> | null => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** One server's table as upstream interprets it; null when it names neither a command nor a url. */
export function serverFromToml(name: string, t: Record<string, unknown>): McpServerConfig | null {
  let transport: McpServerConfig['transport'];
  if (typeof t.command === 'string') {
    transport = { type: 'stdio', command: t.command, args: strs(t.args) ?? [], env: map(t.env), env_vars: strs(t.env_vars) ?? [], cwd: typeof t.cwd === 'string' ? t.cwd : null };
  } else if (typeof t.url === 'string') {
    transport = { type: 'streamable_http', url: t.url, bearer_token_env_var: typeof t.bearer_token_env_var === 'string' ? t.bearer_token_env_var : null, http_headers: map(t.http_headers), env_http_headers: map(t.env_http_headers) };
  } else return null;
  const ms = num(t.startup_timeout_ms);
  return {
    name,
    enabled: t.enabled !== false,
    transport,
    enabled_tools: strs(t.enabled_tools),
    disabled_tools: strs(t.disabled_tools),
    startup_timeout_sec: num(t.startup_timeout_sec) ?? (ms !== null ? ms / 1000 : null),
    tool_timeout_sec: num(t.tool_timeout_sec),
  };
}

export function configFile(codexHome: string): string {
  return path.join(codexHome, 'config.toml');
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw e;
  }
}

/** The configured servers, in the file's order. Throws ConfigError for a file that is not TOML. */
export function readMcpServers(codexHome: string): McpServerConfig[] {
  const file = configFile(codexHome);
  const doc = parseToml(readText(file), file) as Record<string, unknown>;
  const servers = (doc.mcp_servers ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(servers).flatMap(([name, t]) => serverFromToml(name, t) ?? []);
}

/** A server name upstream accepts: letters, digits, `-` and `_`. */
export function validServerName(name: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(name);
}
