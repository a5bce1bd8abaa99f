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
    const t0 = Date.now();
    await m.ready();
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(m.servers()).toEqual(['ok']);
    const failures = Object.fromEntries(m.failures().map((f) => [f.server, f.message]));
    expect(Object.keys(failures).sort()).toEqual(['missing', 'quits', 'silent']);
    expect(failures.silent).toBe('MCP client for `silent` timed out after 0.5 seconds');
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
    const t0 = Date.now();
    await expect(m.callTool('t', 'hang', {})).rejects.toThrow('tool call error: tool call failed for `t/hang`\n\nCaused by:\n    timed out awaiting tools/call after 300ms');
    expect(Date.now() - t0).toBeLessThan(3000);
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
