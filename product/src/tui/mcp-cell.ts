// An MCP tool call in the transcript, as upstream draws it: `• Calling SERVER.TOOL` while it runs,
// `• Called SERVER.TOOL` with the text the tool returned under it (dim, └ first), and the line that
// offers its details.
import type { Span, Style } from './screen/canvas.ts';

export interface McpCallCell {
  kind: 'mcp';
  id: string;
  server: string;
  tool: string;
  status: 'in_progress' | 'completed' | 'failed';
  /** the text content the tool returned (or the error) */
  text: string;
}

const DIM: Style = { dim: true };
const NAME: Style = { fg: '#63a8f8' };
const MAX_LINES = 5;

export function mcpCallRows(cell: McpCallCell): Array<{ spans: Span[]; fill?: Style }> {
  const running = cell.status === 'in_progress';
  const bullet: Style = running ? DIM : { fg: cell.status === 'completed' ? 2 : 1, bold: true };
  const head = { spans: [{ text: '•', style: bullet }, { text: ' ' }, { text: running ? 'Calling' : 'Called', style: { bold: true } }, { text: ' ' }, { text: `${cell.server}.${cell.tool}`, style: NAME }] };
  if (running) return [head, { spans: [{ text: '    + Show details', style: DIM }], fill: DIM }];
  const lines = cell.text.trimEnd().split('\n');
  const body = lines.slice(0, MAX_LINES).map((l, i) => ({ spans: [{ text: `${i === 0 ? '  └ ' : '    '}${l}`, style: DIM }] }));
  if (lines.length > MAX_LINES) body.push({ spans: [{ text: `    … +${lines.length - MAX_LINES} lines`, style: DIM }] });
  return [head, ...body, { spans: [{ text: '    + Show details', style: DIM }], fill: DIM }];
}

/** What a finished call shows: its text content, else its error. */
export function mcpCallText(item: { result: { content: Array<Record<string, unknown>> } | null; error: { message: string } | null }): string {
  if (item.error) return item.error.message;
  return (item.result?.content ?? []).map((c) => (c.type === 'text' ? String(c.text ?? '') : `<${String(c.type)}>`)).join('\n');
}
