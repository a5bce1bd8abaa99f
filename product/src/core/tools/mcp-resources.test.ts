import { describe, expect, it } from 'vitest';
import { createToolRouter, mcpResourceAnswer, type CommandTools } from './router.ts';

const commands: CommandTools = {
  specs: [{ type: 'function', name: 'exec_command' }, { type: 'function', name: 'write_stdin' }],
  execCommand: async () => ({ output: '', exitCode: 0, aggregatedOutput: '', command: [], durationMs: 0 }),
  writeStdin: async () => ({ output: '', exitCode: 0, aggregatedOutput: '', command: [], durationMs: 0 }),
  close: () => {},
};
const names = (specs: Record<string, unknown>[]) => specs.map((s) => s.name ?? s.type);

describe('MCP resource tools', () => {
  it('are offered right after the command tools when asked for, and not otherwise', () => {
    const tui = createToolRouter({ writableRoots: [], sandboxed: true, commands, interactive: true, mcpResources: { servers: [] } });
    expect(names(tui.specs()).slice(0, 5)).toEqual(['exec_command', 'write_stdin', 'list_mcp_resources', 'list_mcp_resource_templates', 'read_mcp_resource']);
    const exec = createToolRouter({ writableRoots: [], sandboxed: true, commands, interactive: false });
    expect(names(exec.specs())).not.toContain('list_mcp_resources');
  });

  it('list nothing when no MCP server runs', () => {
    expect(JSON.parse(mcpResourceAnswer('list_mcp_resources', {}))).toEqual({ resources: [] });
    expect(JSON.parse(mcpResourceAnswer('list_mcp_resource_templates', {}))).toEqual({ resourceTemplates: [] });
  });

  it('name an unknown server in upstream words', () => {
    expect(mcpResourceAnswer('read_mcp_resource', { server: 'docs', uri: 'x://1' })).toBe("unknown MCP server 'docs' for the selected environment");
  });
});
