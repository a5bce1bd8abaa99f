import { afterEach, describe, expect, it } from 'vitest';
import { stdioServer, TEST_SERVER } from '#test-support/mcp';
import { McpConnections, stdioEnv, toolAllowed } from './connections.ts';

const opened: McpConnections[] = [];
function start(...servers: Parameters<typeof stdioServer>[]): McpConnections {
  const m = new McpConnections(
    servers.map((s) => stdioServer(...s)),
    { cwd: process.cwd(), clientVersion: 'test' },
  );
  opened.push(m);
  return m;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((m) => m.close()));
});

describe('MCP connections (the SDK-built test server over stdio)', () => {
  it('starts every server together and lists their tools, read-only ones marked', async () => {
    const m = start(['a'], ['b', { enabled_tools: ['echo', 'write_note'] }]);
    await m.ready();
    expect(m.failures()).toEqual([]);
    expect(m.servers()).toEqual(['a', 'b']);
    expect(m.tools().filter((t) => t.server === 'b').map((t) => [t.name, t.readOnly])).toEqual([
      ['echo', true],
      ['write_note', false],
    ]);
    expect(m.tool('a', 'crash')?.description).toBe('Exit in the middle of the call.');
  });

  it('leaves out a server that cannot start, exits at once or does not answer in time; the others work', async () => {
    const m = start(
      ['missing', { command: 'csm-test-no-such-mcp-server', args: [] }],
      ['quits', { args: [TEST_SERVER, '--exit-at-start'] }],
      ['silent', { args: ['-e', 'setInterval(() => {}, 1000)'], startup_timeout_sec: 0.5 }],
      ['ok'],
    );
    // ready() returning at all shows the silent server was given up on (its message says after how long).
    await m.ready();
    expect(m.servers()).toEqual(['ok']);
    const failures = Object.fromEntries(m.failures().map((f) => [f.server, f.message]));
    expect(Object.keys(failures).sort()).toEqual(['missing', 'quits', 'silent']);
    // Upstream's wording for each kind of failure.
    expect(failures).toEqual({
      missing: 'MCP client for `missing` failed to start: MCP startup failed: No such file or directory (os error 2)',
      quits: 'MCP client for `quits` failed to start: MCP startup failed: handshaking with MCP server failed: connection closed: initialize response: connection closed: initialize response',
      silent: 'MCP client for `silent` timed out after 0.5 seconds. Add or adjust `startup_timeout_sec` in your config.toml:\n[mcp_servers.silent]\nstartup_timeout_sec = XX',
    });
    expect((await m.callTool('ok', 'echo', { text: 'still here' })).content).toEqual([{ type: 'text', text: 'still here' }]);
  });

  it('never starts a disabled server', async () => {
    const m = start(['off', { enabled: false }]);
    await m.ready();
    expect(m.servers()).toEqual([]);
    expect(m.failures()).toEqual([]);
  });

  it('gives up on a call after tool_timeout_sec, in upstream words, and the server stays usable', async () => {
    const m = start(['t', { tool_timeout_sec: 0.3 }]);
    await m.ready();
    // The hang tool never answers: only the tool timeout ends this call.
    await expect(m.callTool('t', 'hang', {})).rejects.toThrow('tool call error: tool call failed for `t/hang`\n\nCaused by:\n    timed out awaiting tools/call after 300ms');
    expect((await m.callTool('t', 'echo', { text: 'after' })).content).toEqual([{ type: 'text', text: 'after' }]);
  });

  it('fails the call when the server exits in the middle of it, and every call after', async () => {
    const m = start(['c']);
    await m.ready();
    await expect(m.callTool('c', 'crash', {})).rejects.toThrow('tool call error: tool call failed for `c/crash`\n\nCaused by:\n    Transport closed');
    await expect(m.callTool('c', 'echo', { text: 'x' })).rejects.toThrow('tool call error: tool call failed for `c/echo`\n\nCaused by:\n    Transport closed');
  });

  it('returns structured content and tool errors as the server sent them', async () => {
    const m = start(['s']);
    await m.ready();
    expect(await m.callTool('s', 'structured', { n: 2 })).toEqual({ content: [{ type: 'text', text: '4' }], structuredContent: { n: 2, doubled: 4 } });
    expect(await m.callTool('s', 'fails', { message: 'no' })).toEqual({ content: [{ type: 'text', text: 'no' }], isError: true });
  });

  it('lists and reads resources', async () => {
    const m = start(['r']);
    await m.ready();
    expect(m.hasResources('r')).toBe(true);
    expect((await m.listResources('r')).resources.map((r) => r.uri)).toEqual(['mem://greeting']);
    expect((await m.listResourceTemplates('r')).resourceTemplates.map((r) => r.uriTemplate)).toEqual(['mem://items/{id}']);
    expect((await m.readResource('r', 'mem://greeting')).contents).toEqual([{ uri: 'mem://greeting', mimeType: 'text/plain', text: 'hello from the test server' }]);
  });
});

describe('server settings', () => {
  it('enabled_tools is an allow-list and disabled_tools takes tools away', () => {
    expect(toolAllowed({ enabled_tools: null, disabled_tools: null }, 'x')).toBe(true);
    expect(toolAllowed({ enabled_tools: ['a'], disabled_tools: null }, 'x')).toBe(false);
    expect(toolAllowed({ enabled_tools: ['a', 'x'], disabled_tools: ['x'] }, 'x')).toBe(false);
  });

  it('a stdio server gets the basic variables, the ones env_vars names, then its env', () => {
    const from = { HOME: '/h', PATH: '/bin', SECRET: 's', EXTRA: 'e' };
    expect(stdioEnv({ env: { PATH: '/custom' }, env_vars: ['EXTRA'] }, from)).toEqual({ HOME: '/h', PATH: '/custom', EXTRA: 'e' });
  });
});

describe('MCP over streamable HTTP', () => {
  async function httpServer(token: string) {
    const { createServer } = await import('node:http');
    const { McpServer } = await import('@modelcontextprotocol/sdk/server/mcp.js');
    const { StreamableHTTPServerTransport } = await import('@modelcontextprotocol/sdk/server/streamableHttp.js');
    const z = await import('zod');
    const seen: Array<string | undefined> = [];
    const extra: Array<string | undefined> = [];
    const server = createServer(async (req, res) => {
      seen.push(req.headers.authorization);
      extra.push(req.headers['x-team'] as string | undefined);
      if (req.headers.authorization !== `Bearer ${token}`) return void res.writeHead(401).end();
      // Stateless: a server and transport per request.
      const mcp = new McpServer({ name: 'http-test', version: '1.0.0' });
      mcp.registerTool('shout', { description: 'Upper-case the text.', inputSchema: { text: z.string() }, annotations: { readOnlyHint: true } }, async ({ text }) => ({ content: [{ type: 'text', text: text.toUpperCase() }] }));
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
      await mcp.connect(transport);
      let body = '';
      for await (const chunk of req) body += chunk;
      await transport.handleRequest(req, res, body ? JSON.parse(body) : undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    return { url: `http://127.0.0.1:${port}/mcp`, seen, extra, close: () => new Promise<void>((r) => server.close(() => r())) };
  }
  const httpConfig = (name: string, url: string, over: Record<string, unknown> = {}) => ({
    ...stdioServer(name),
    transport: { type: 'streamable_http' as const, url, bearer_token_env_var: 'MCP_TEST_TOKEN', http_headers: null as Record<string, string> | null, env_http_headers: null as Record<string, string> | null },
    ...over,
  });

  it('sends the bearer token from the named variable and the configured headers, lists and calls tools', async () => {
    const srv = await httpServer('s3cret');
    const web = httpConfig('web', srv.url);
    web.transport = { ...web.transport, env_http_headers: { 'X-Team': 'TEAM_VAR' } };
    const m = new McpConnections([web], { cwd: process.cwd(), clientVersion: 'test', env: { MCP_TEST_TOKEN: 's3cret', TEAM_VAR: 'blue' } });
    opened.push(m);
    try {
      await m.ready();
      expect(m.failures()).toEqual([]);
      expect(m.tools().map((t) => t.name)).toEqual(['shout']);
      expect((await m.callTool('web', 'shout', { text: 'hey' })).content).toEqual([{ type: 'text', text: 'HEY' }]);
      expect(srv.seen.every((h) => h === 'Bearer s3cret')).toBe(true);
      expect(srv.extra.every((h) => h === 'blue')).toBe(true);
    } finally {
      await m.close();
      await srv.close();
    }
  });

  it('a server that refuses the token, or a token variable that is not set, is a failed start', async () => {
    const srv = await httpServer('s3cret');
    const m = new McpConnections([httpConfig('wrong', srv.url)], { cwd: process.cwd(), clientVersion: 'test', env: { MCP_TEST_TOKEN: 'nope' } });
    const unset = new McpConnections([httpConfig('unset', srv.url)], { cwd: process.cwd(), clientVersion: 'test', env: {} });
    opened.push(m, unset);
    try {
      await Promise.all([m.ready(), unset.ready()]);
      expect(m.servers()).toEqual([]);
      expect(m.failures().map((f) => f.server)).toEqual(['wrong']);
      expect(unset.failures()).toEqual([{ server: 'unset', message: "MCP client for `unset` failed to start: MCP startup failed: Environment variable MCP_TEST_TOKEN for MCP server 'unset' is not set" }]);
    } finally {
      await srv.close();
    }
  });
});

describe('closing', () => {
  it('ends every server process, one that ignores its closed stdin included', async () => {
    const { execFileSync } = await import('node:child_process');
    const marker = `csm-mcp-close-test-${process.pid}`;
    const running = () => execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(marker)).length;
    const m = new McpConnections(
      [stdioServer('ok', { args: [TEST_SERVER, marker] }), stdioServer('stubborn', { args: [TEST_SERVER, '--linger', marker] })],
      { cwd: process.cwd(), clientVersion: 'test' },
    );
    await m.ready();
    expect(running()).toBe(2);
    await m.close();
    await new Promise((r) => setTimeout(r, 200));
    expect(running()).toBe(0);
  });
});
