// The MCP client side: one connection per enabled `[mcp_servers.NAME]`, started together when a
// thread opens, through the official SDK's Client (stdio or streamable HTTP). A server that fails to
// start or times out is left out and the session goes on without it (upstream's exec says nothing;
// `failures()` tells a front end that wants to). Calls honour `tool_timeout_sec`; a server that
// exits mid-call fails that call and every later one with "Transport closed", as upstream reports.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import path from 'node:path';
import type { McpServerConfig } from './config.ts';
import { McpCallError } from './errors.ts';

/** Upstream's defaults: 10 s to start (initialize + tools/list), 60 s per call. */
export const DEFAULT_STARTUP_TIMEOUT_SEC = 10;
export const DEFAULT_TOOL_TIMEOUT_SEC = 60;

/** What a stdio server inherits from csm's environment unless `env_vars` names more. */
const DEFAULT_ENV_VARS = ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'USER', 'LANG', 'LC_ALL', 'TERM', 'TMPDIR', 'TZ'];

export interface McpTool {
  server: string;
  name: string;
  title?: string;
  description: string;
  inputSchema: Record<string, unknown>;
  /** The server says the tool only reads (MCP annotation `readOnlyHint`). */
  readOnly: boolean;
}

export interface McpCallResult {
  content: Array<Record<string, unknown>>;
  structuredContent?: unknown;
  isError?: boolean;
}

export { McpCallError };

interface Connection {
  config: McpServerConfig;
  client: Client;
  transport: Transport;
  tools: McpTool[];
  /** Set once the transport closed (the process exited, the HTTP session ended). */
  closed: boolean;
}

export interface McpStartOptions {
  /** The directory a stdio server without `cwd` starts in. */
  cwd: string;
  env?: NodeJS.ProcessEnv;
  clientVersion: string;
}

/** A tool passes the server's enabled_tools (when given) and is not among its disabled_tools. */
export function toolAllowed(config: Pick<McpServerConfig, 'enabled_tools' | 'disabled_tools'>, name: string): boolean {
  if (config.enabled_tools && !config.enabled_tools.includes(name)) return false;
  return !config.disabled_tools?.includes(name);
}

/** The environment a stdio server starts with: a few basics, the named variables, then its `env`. */
export function stdioEnv(t: { env: Record<string, string> | null; env_vars: string[] }, from: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of [...DEFAULT_ENV_VARS, ...t.env_vars]) if (from[k] !== undefined) out[k] = from[k]!;
  return { ...out, ...(t.env ?? {}) };
}

function transportFor(config: McpServerConfig, o: McpStartOptions): Transport {
  const env = o.env ?? process.env;
  const t = config.transport;
  if (t.type === 'stdio') {
    // stderr is piped and drained: a server's log lines never reach csm's terminal.
    const transport = new StdioClientTransport({ command: t.command, args: t.args, env: stdioEnv(t, env), cwd: t.cwd ? path.resolve(o.cwd, t.cwd) : o.cwd, stderr: 'pipe' });
    transport.stderr?.on('data', () => {});
    return transport;
  }
  const headers: Record<string, string> = { ...(t.http_headers ?? {}) };
  for (const [name, variable] of Object.entries(t.env_http_headers ?? {})) if (env[variable]) headers[name] = env[variable]!;
  if (t.bearer_token_env_var) {
    const token = env[t.bearer_token_env_var];
    if (!token) throw new McpCallError(`Environment variable ${t.bearer_token_env_var} for MCP server '${config.name}' is not set`);
    headers.Authorization = `Bearer ${token}`;
  }
  return new StreamableHTTPClientTransport(new URL(t.url), { requestInit: { headers } });
}

/** Why a server did not start, in upstream's words (an OS error as Rust prints it). */
function startupCause(e: NodeJS.ErrnoException): string {
  const os: Record<string, string> = { ENOENT: 'No such file or directory (os error 2)', EACCES: 'Permission denied (os error 13)' };
  if (e.code && os[e.code]) return os[e.code];
  if (/Connection closed/i.test(e.message ?? '')) return 'handshaking with MCP server failed: connection closed: initialize response: connection closed: initialize response';
  return e.message ?? String(e);
}

/**
 * Ends a connection at once, as upstream does when it drops a server: a stdio server is sent SIGTERM
 * as its stdin closes (the SDK alone would give it two seconds to exit first).
 */
async function stop(client: Client, transport: Transport): Promise<void> {
  // The pid first: closing forgets the process.
  const pid = transport instanceof StdioClientTransport ? transport.pid : null;
  const closing = client.close().catch(() => {});
  if (pid) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await closing;
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new McpCallError(message)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

async function connect(config: McpServerConfig, o: McpStartOptions): Promise<Connection> {
  const client = new Client({ name: 'codex-mcp-client', title: 'Codex', version: o.clientVersion });
  let transport: Transport;
  try {
    transport = transportFor(config, o);
  } catch (e) {
    throw new McpCallError(`MCP client for \`${config.name}\` failed to start: MCP startup failed: ${(e as Error).message}`);
  }
  const conn: Connection = { config, client, transport, tools: [], closed: false };
  const ms = (config.startup_timeout_sec ?? DEFAULT_STARTUP_TIMEOUT_SEC) * 1000;
  try {
    await withTimeout(
      (async () => {
        await client.connect(transport);
        const tools = [];
        let cursor: string | undefined;
        do {
          const page = await client.listTools(cursor ? { cursor } : {});
          tools.push(...page.tools);
          cursor = page.nextCursor;
        } while (cursor);
        conn.tools = tools
          .filter((t) => toolAllowed(config, t.name))
          .map((t) => ({
            server: config.name,
            name: t.name,
            ...(t.title ? { title: t.title } : {}),
            description: t.description ?? '',
            inputSchema: t.inputSchema as Record<string, unknown>,
            readOnly: t.annotations?.readOnlyHint === true,
          }));
      })(),
      ms,
      `MCP client for \`${config.name}\` timed out after ${ms / 1000} seconds. Add or adjust \`startup_timeout_sec\` in your config.toml:\n[mcp_servers.${config.name}]\nstartup_timeout_sec = XX`,
    );
  } catch (e) {
    await stop(client, transport);
    if (e instanceof McpCallError && e.message.startsWith('MCP client for')) throw e;
    throw new McpCallError(`MCP client for \`${config.name}\` failed to start: MCP startup failed: ${startupCause(e as NodeJS.ErrnoException)}`);
  }
  client.onclose = () => {
    conn.closed = true;
  };
  return conn;
}

export class McpConnections {
  private readonly conns = new Map<string, Connection>();
  private readonly failed = new Map<string, string>();
  private readonly starting: Promise<void>;
  private closing = false;
  /** Config order: servers, tools and failures are listed in it whatever order they started in. */
  private readonly order: string[];

  constructor(servers: McpServerConfig[], o: McpStartOptions) {
    const enabled = servers.filter((s) => s.enabled);
    this.order = enabled.map((s) => s.name);
    this.starting = Promise.all(
      enabled.map(async (config) => {
        try {
          const conn = await connect(config, o);
          if (this.closing) await stop(conn.client, conn.transport);
          else this.conns.set(config.name, conn);
        } catch (e) {
          this.failed.set(config.name, (e as Error).message);
        }
      }),
    ).then(() => {});
  }

  /** Resolves once every server started or failed. */
  ready(): Promise<void> {
    return this.starting;
  }

  /** The servers that started, in config order. */
  servers(): string[] {
    return this.order.filter((n) => this.conns.has(n));
  }

  failures(): Array<{ server: string; message: string }> {
    return this.order.filter((n) => this.failed.has(n)).map((server) => ({ server, message: this.failed.get(server)! }));
  }

  tools(): McpTool[] {
    return this.servers().flatMap((n) => this.conns.get(n)!.tools);
  }

  tool(server: string, name: string): McpTool | undefined {
    return this.conns.get(server)?.tools.find((t) => t.name === name);
  }

  private conn(server: string): Connection {
    const c = this.conns.get(server);
    if (!c) throw new McpCallError(`unknown MCP server '${server}'`);
    return c;
  }

  /** Calls a tool; a timeout, a closed transport or a protocol error throws McpCallError with upstream's wording. */
  async callTool(server: string, tool: string, args: Record<string, unknown>, signal?: AbortSignal): Promise<McpCallResult> {
    const c = this.conn(server);
    const ms = (c.config.tool_timeout_sec ?? DEFAULT_TOOL_TIMEOUT_SEC) * 1000;
    const failed = (cause: string) => new McpCallError(`tool call error: tool call failed for \`${server}/${tool}\`\n\nCaused by:\n    ${cause}`);
    if (c.closed) throw failed('Transport closed');
    try {
      const r = await c.client.callTool({ name: tool, arguments: args }, undefined, { timeout: ms, ...(signal ? { signal } : {}) });
      return r as McpCallResult;
    } catch (e) {
      const message = (e as Error).message ?? String(e);
      if (/timed out/i.test(message)) throw failed(`timed out awaiting tools/call after ${ms}ms`);
      if (c.closed || /Connection closed/i.test(message)) throw failed('Transport closed');
      throw failed(message);
    }
  }

  async listResources(server: string, cursor?: string) {
    return this.conn(server).client.listResources(cursor ? { cursor } : {});
  }

  async listResourceTemplates(server: string, cursor?: string) {
    return this.conn(server).client.listResourceTemplates(cursor ? { cursor } : {});
  }

  async readResource(server: string, uri: string) {
    return this.conn(server).client.readResource({ uri });
  }

  /** Whether the server announced resources at all (servers without them are skipped when listing every server). */
  hasResources(server: string): boolean {
    return Boolean(this.conns.get(server)?.client.getServerCapabilities()?.resources);
  }

  /** Ends every server (stdio: stdin closed, then SIGTERM/SIGKILL by the SDK). */
  async close(): Promise<void> {
    this.closing = true;
    const all = [...this.conns.values()];
    this.conns.clear();
    await Promise.all(all.map((c) => stop(c.client, c.transport)));
  }
}
