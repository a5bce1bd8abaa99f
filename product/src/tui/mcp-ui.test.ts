import { describe, expect, it } from 'vitest';
import { parseKeys } from './screen/keys.ts';
import { mcpCallRows, mcpCallText } from './mcp-cell.ts';
import { mcpListLines } from './mcp-list.ts';
import { mcpStartupWarnings, turnWarningsPage, warningsHint, warningsList } from './warnings-list.ts';
import { listRows } from './views/list.ts';

const text = (spans: Array<{ text: string }>) => spans.map((s) => s.text).join('');

describe('an MCP call in the transcript', () => {
  it('reads Calling while it runs, then Called with what the tool returned and the details line', () => {
    const base = { kind: 'mcp' as const, id: 'i', server: 'files', tool: 'list_directory', text: '' };
    expect(mcpCallRows({ ...base, status: 'in_progress' }).map((r) => text(r.spans))).toEqual(['• Calling files.list_directory', '    + Show details']);
    const done = { ...base, status: 'completed' as const, text: mcpCallText({ result: { content: [{ type: 'text', text: '[DIR] .git\n[FILE] a.txt' }] }, error: null }) };
    expect(mcpCallRows(done).map((r) => text(r.spans))).toEqual(['• Called files.list_directory', '  └ [DIR] .git', '    [FILE] a.txt', '    + Show details']);
  });

  it('shows the error of a call that got no result', () => {
    expect(mcpCallText({ result: null, error: { message: 'timed out' } })).toBe('timed out');
  });
});

describe('/mcp', () => {
  it('lists each server with its state and tool count under the heading', () => {
    const lines = mcpListLines([
      { name: 'files', status: 'connected', tools: 14 },
      { name: 'missing', status: 'failed', tools: 0 },
    ]).map(text);
    expect(lines).toEqual(['/mcp', '', '🔌  MCP Tools', '', '  • files: connected (14 tools)', '  • missing: failed (0 tools)', '', '  Use /mcp verbose for tools and resources.']);
  });
});

describe('session warnings', () => {
  const warnings = mcpStartupWarnings([
    { server: 'a', message: 'A failed' },
    { server: 'b', message: 'B failed' },
  ]);

  it('one page per failed server, with the startup summary under each', () => {
    const page = listRows(warningsList(warnings, 1), 80).map((r) => text(r.spans).trimEnd());
    expect(page.slice(0, 5)).toEqual(['  Warnings · 2 of 2 · MCP · b', '', '  B failed', '', '  MCP startup incomplete (failed: a, b)']);
    expect(warningsHint(2)).toBe('⚠ 2 warnings · f2 to view');
    expect(warningsHint(1)).toBe('⚠ 1 warning · f2 to view');
  });

  it('k and the arrows move between pages; Esc dismisses the page shown', () => {
    const first = warningsList(warnings, 0);
    expect(turnWarningsPage(warnings, first, 'k', 0, 80).list?.choice).toBe(1);
    expect(turnWarningsPage(warnings, first, 'left', 0, 80).list?.choice).toBe(1);
    expect(turnWarningsPage(warnings, first, 'right', 1, 80).list?.choice).toBe(0);
    const esc = turnWarningsPage(warnings, first, 'escape', 0, 80);
    expect(esc).toEqual({ warnings: [warnings[1]], list: null });
  });

  it('F2 arrives as its own key, from xterm and rxvt alike', () => {
    expect(parseKeys('\x1bOQ')).toEqual([{ kind: 'f2' }]);
    expect(parseKeys('\x1b[12~')).toEqual([{ kind: 'f2' }]);
  });
});

describe("an MCP tool's question", () => {
  it('names the server and tool, shows the arguments and upstream four answers, the first chosen', async () => {
    const { mcpApprovalRows, mcpApprovalKey } = await import('./mcp-approval.ts');
    const request = { kind: 'command' as const, command: 'test/write_note', cwd: '/', reason: null, mcp: { server: 'test', tool: 'write_note', arguments: { text: 'remember' } } };
    expect(mcpApprovalRows(request, 0, 100).map((r) => text(r.spans).trimEnd())).toEqual([
      '  Field 1/1',
      '  Allow the test MCP server to run tool "write_note"?',
      '',
      '  text: remember',
      '',
      '  › 1. Allow                   Run the tool and continue',
      '    2. Allow for this session  Run the tool and remember this choice for this session',
      '    3. Always allow            Run the tool and remember this choice for future tool calls',
      '    4. Cancel                  Cancel this tool call',
      '  enter to submit | esc to cancel',
    ]);
    expect(mcpApprovalKey(0, { kind: 'enter' }).effects).toEqual([{ kind: 'answer', decision: 'approve' }]);
    expect(mcpApprovalKey(0, { kind: 'text', text: '2' }).effects).toEqual([{ kind: 'answer', decision: 'approve-for-session' }]);
    expect(mcpApprovalKey(1, { kind: 'escape' }).effects).toEqual([{ kind: 'answer', decision: 'deny' }]);
  });
});

describe('/mcp verbose', () => {
  it("lists each server's auth, tools (sorted, wrapped to the left edge), resources and templates", async () => {
    const { mcpVerboseLines } = await import('./mcp-list.ts');
    const lines = mcpVerboseLines([{ name: 'test', status: 'connected', tools: 3, auth: 'Unsupported', toolNames: ['echo', 'crash', 'a_rather_long_tool_name'], resources: [{ name: 'greeting', uri: 'mem://greeting' }], templates: [] }], 40).map(text);
    expect(lines.slice(4)).toEqual([
      '  • test: connected (3 tools)',
      '    • Auth: Unsupported',
      '    • Tools: a_rather_long_tool_name,',
      'crash, echo',
      '    • Resources: greeting (mem://greeting)',
      '    • Resource templates: (none)',
      '',
    ]);
  });
});
