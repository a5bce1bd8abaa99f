import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { stdioServer } from '#test-support/mcp';
import { makeWorkspace } from '#test-support/workspace';
import { McpConnections, type McpTool } from './connections.ts';
import { modelSchema, namespaceSpecs, searchTools } from './tool-specs.ts';

const tool = (name: string, description: string, inputSchema: Record<string, unknown> = { type: 'object', properties: {} }): McpTool => ({ server: 'files', name, description, inputSchema, readOnly: true });

describe('MCP tools as the model sees them', () => {
  it('reduce a schema as upstream does: no $schema or defaults, properties by name, type first', () => {
    // server-filesystem's edit_file, and what upstream 0.171.0 sent for it.
    const edit = {
      type: 'object',
      properties: {
        path: { type: 'string' },
        edits: { type: 'array', items: { type: 'object', properties: { oldText: { type: 'string', description: 'old' }, newText: { type: 'string', description: 'new' } }, required: ['oldText', 'newText'] } },
        dryRun: { default: false, description: 'Preview', type: 'boolean' },
      },
      required: ['path', 'edits'],
      $schema: 'http://json-schema.org/draft-07/schema#',
    };
    expect(JSON.stringify(modelSchema(edit))).toBe(
      JSON.stringify({
        type: 'object',
        properties: {
          dryRun: { type: 'boolean', description: 'Preview' },
          edits: { type: 'array', items: { type: 'object', properties: { newText: { type: 'string', description: 'new' }, oldText: { type: 'string', description: 'old' } }, required: ['oldText', 'newText'] } },
          path: { type: 'string' },
        },
        required: ['path', 'edits'],
      }),
    );
    expect(JSON.stringify(modelSchema({ minItems: 1, type: 'array', items: { type: 'string' }, description: 'd' }))).toBe('{"type":"array","description":"d","items":{"type":"string"},"minItems":1}');
  });

  it('are loaded as one namespace per server, each tool deferred', () => {
    expect(namespaceSpecs([tool('list_directory', 'List it.')])).toEqual([
      { type: 'namespace', name: 'mcp__files', description: 'Tools in the mcp__files namespace.', tools: [{ type: 'function', name: 'list_directory', description: 'List it.', strict: false, defer_loading: true, parameters: { type: 'object', properties: {} } }] },
    ]);
  });

  it('are found by the words of their names and descriptions, best match first, at most `limit`', async () => {
    // @modelcontextprotocol/server-filesystem from npm, as the lab's exec-mcp-tool-call runs it.
    const ws = makeWorkspace('csm-mcp-fs-');
    const entry = createRequire(import.meta.url).resolve('@modelcontextprotocol/server-filesystem/dist/index.js');
    const m = new McpConnections([stdioServer('files', { args: [entry, ws.root] })], { cwd: ws.root, clientVersion: 'test' });
    try {
      await m.ready();
      const tools = m.tools();
      expect(tools).toHaveLength(14);
      // What upstream 0.171.0 loaded for this query and limit.
      expect(searchTools(tools, 'list directory', 2).map((t) => t.name)).toEqual(['list_allowed_directories', 'list_directory']);
      expect(searchTools(tools, 'read file').map((t) => t.name)).toEqual(['read_multiple_files', 'read_text_file', 'read_file', 'read_media_file', 'get_file_info', 'write_file', 'list_directory', 'list_directory_with_sizes']);
      expect(searchTools(tools, 'zebra quantum')).toEqual([]);
    } finally {
      await m.close();
      ws.remove();
    }
  });
});
