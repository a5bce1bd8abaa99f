import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stdioServer } from '#test-support/mcp';
import type { ToolContext } from '../agent/tools.ts';
import type { ResponseItem } from '../agent/items.ts';
import type { ThreadEvent } from '../protocol/thread-events.ts';
import { McpConnections } from '../mcp/connections.ts';
import { createMcpCalls, loadedTools, toolCallOutput } from './mcp-calls.ts';

function context(over: Partial<ToolContext> = {}) {
  const events: ThreadEvent[] = [];
  const records: Record<string, unknown>[] = [];
  let n = 0;
  const ctx: ToolContext = { cwd: process.cwd(), emit: (e) => events.push(e), record: (p) => records.push(p), nextItemId: () => `item_${n++}`, ...over };
  return { ctx, events, records };
}
const call = (name: string, args: Record<string, unknown>, namespace?: string): ResponseItem => ({ type: 'function_call', call_id: `call_${name}`, name, arguments: JSON.stringify(args), ...(namespace ? { namespace } : {}) });
const search = (query: string, limit?: number): ResponseItem => ({ type: 'tool_search_call', call_id: 'call_search', execution: 'client', status: 'completed', arguments: { query, ...(limit ? { limit } : {}) } });
const mask = (out: unknown) => JSON.parse(JSON.stringify(out).replace(/Wall time: \d+\.\d{4} seconds/g, 'Wall time: T seconds'));

let mcp: McpConnections;
beforeAll(async () => {
  mcp = new McpConnections([stdioServer('test', { tool_timeout_sec: 2 })], { cwd: process.cwd(), clientVersion: 'test' });
  await mcp.ready();
});
afterAll(() => mcp.close());

describe('MCP calls from the model', () => {
  it('tool_search loads the matching tools as the server namespace; a tool never loaded is an unsupported call', async () => {
    const errors: string[] = [];
    const calls = createMcpCalls({ mcp, approval: 'never', onToolError: (m) => errors.push(m) });
    const { ctx, events } = context();
    const before = await calls.handle(call('echo', { text: 'x' }, 'mcp__test'), ctx);
    expect(before.output).toBe('unsupported call: mcp__testecho');
    expect(errors).toEqual(['unsupported call: mcp__testecho']);
    expect(events).toEqual([]);
    const found = await calls.handle(search('echo the text back', 1), ctx);
    expect(found).toMatchObject({ type: 'tool_search_output', call_id: 'call_search', status: 'completed', execution: 'client' });
    expect(found.tools).toEqual([{ type: 'namespace', name: 'mcp__test', description: 'Tools in the mcp__test namespace.', tools: [expect.objectContaining({ name: 'echo', defer_loading: true })] }]);
    expect(mask((await calls.handle(call('echo', { text: 'hi' }, 'mcp__test'), ctx)).output)).toEqual([
      { type: 'input_text', text: 'Wall time: T seconds\nOutput:' },
      { type: 'input_text', text: 'hi' },
    ]);
  });

  it('shows a call as an mcp_tool_call item and records it as McpToolCall', async () => {
    const calls = createMcpCalls({ mcp, approval: 'never' });
    const { ctx, events, records } = context();
    await calls.handle(search('structured double number'), ctx);
    const out = await calls.handle(call('structured', { n: 21 }, 'mcp__test'), ctx);
    // Structured content goes back as its JSON, under the wall time (upstream's exact layout).
    expect(mask(out.output)).toBe('Wall time: T seconds\nOutput:\n{"n":21,"doubled":42}');
    const base = { id: 'item_0', type: 'mcp_tool_call', server: 'test', tool: 'structured', arguments: { n: 21 } };
    expect(events).toEqual([
      { type: 'item.started', item: { ...base, result: null, error: null, status: 'in_progress' } },
      { type: 'item.completed', item: { ...base, result: { content: [{ type: 'text', text: '42' }], structured_content: { n: 21, doubled: 42 } }, error: null, status: 'completed' } },
    ]);
    expect(records[0]).toMatchObject({ type: 'item_completed', item: { type: 'McpToolCall', id: 'call_structured', server: 'test', tool: 'structured', readOnlyHint: true, status: 'completed', result: { structuredContent: { n: 21, doubled: 42 } } } });
  });

  it('a tool error fails the item but its content still reaches the model', async () => {
    const calls = createMcpCalls({ mcp, approval: 'never' });
    const { ctx, events } = context();
    await calls.handle(search('fails message'), ctx);
    const out = await calls.handle(call('fails', { message: 'it broke' }, 'mcp__test'), ctx);
    expect(mask(out.output)).toEqual([
      { type: 'input_text', text: 'Wall time: T seconds\nOutput:' },
      { type: 'input_text', text: 'it broke' },
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'item.completed', item: { status: 'failed', result: { structured_content: null }, error: null } });
  });

  it('a tool not annotated read-only is refused under approval never, asked for when a person can answer', async () => {
    const never = createMcpCalls({ mcp, approval: 'never' });
    const { ctx, events } = context();
    await never.handle(search('write note'), ctx);
    const out = await never.handle(call('write_note', { text: 'n' }, 'mcp__test'), ctx);
    expect(mask(out.output)).toEqual([
      { type: 'input_text', text: 'Wall time: T seconds\nOutput:' },
      { type: 'input_text', text: 'MCP tool call requires approval, but approval policy is never' },
    ]);
    expect(events.at(-1)).toMatchObject({ item: { status: 'failed', error: { message: 'MCP tool call requires approval, but approval policy is never' } } });

    const asked: string[] = [];
    const person = createMcpCalls({ mcp, approval: 'on-request' });
    const yes = context({ requestApproval: async (r) => (asked.push(r.command), 'approve') });
    await person.handle(search('write note'), yes.ctx);
    expect(mask((await person.handle(call('write_note', { text: 'n' }, 'mcp__test'), yes.ctx)).output)[1]).toEqual({ type: 'input_text', text: 'noted: n' });
    expect(asked).toEqual(['test/write_note {"text":"n"}']);
  });

  // The answers below are what upstream 0.171.0 sent the model for the same server and calls.
  it('answers the resource tools with what the servers share, as upstream words it', async () => {
    const calls = createMcpCalls({ mcp, approval: 'never' });
    const { ctx, events } = context();
    expect((await calls.handle(call('list_mcp_resources', {}), ctx)).output).toBe('{"resources":[{"server":"test","uri":"mem://greeting","name":"greeting","description":"A greeting.","mimeType":"text/plain"}]}');
    expect(events[0]).toMatchObject({ type: 'item.started', item: { server: 'codex', tool: 'list_mcp_resources' } });
    expect((await calls.handle(call('list_mcp_resource_templates', { server: 'test' }), ctx)).output).toBe('{"server":"test","resourceTemplates":[{"server":"test","uriTemplate":"mem://items/{id}","name":"item","description":"One item by id."}]}');
    expect((await calls.handle(call('read_mcp_resource', { server: 'test', uri: 'mem://greeting' }), ctx)).output).toBe('{"server":"test","uri":"mem://greeting","contents":[{"uri":"mem://greeting","mimeType":"text/plain","text":"hello from the test server"}]}');
    expect((await calls.handle(call('read_mcp_resource', { server: 'nope', uri: 'x' }), ctx)).output).toBe("unknown MCP server 'nope' for the selected environment");
  });

  it('formats results as upstream: structured content as JSON text, else the content items', () => {
    expect(toolCallOutput({ content: [{ type: 'text', text: 'a' }] }, 13)).toEqual([
      { type: 'input_text', text: 'Wall time: 0.0130 seconds\nOutput:' },
      { type: 'input_text', text: 'a' },
    ]);
    expect(toolCallOutput({ error: 'boom' }, 1004.9)).toEqual([
      { type: 'input_text', text: 'Wall time: 1.0049 seconds\nOutput:' },
      { type: 'input_text', text: 'boom' },
    ]);
  });
});

describe('a resumed thread', () => {
  it('keeps the MCP tools its history loaded', async () => {
    const history: ResponseItem[] = [{ type: 'tool_search_output', call_id: 'c', status: 'completed', execution: 'client', tools: [{ type: 'namespace', name: 'mcp__test', tools: [{ type: 'function', name: 'echo' }] }] }];
    expect(loadedTools(history)).toEqual(['mcp__test/echo']);
    const calls = createMcpCalls({ mcp, approval: 'never', history });
    const { ctx } = context();
    expect(mask((await calls.handle(call('echo', { text: 'again' }, 'mcp__test'), ctx)).output)[1]).toEqual({ type: 'input_text', text: 'again' });
  });
});
