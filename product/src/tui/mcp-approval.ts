// The question upstream asks before an MCP tool the server does not mark read-only runs: a one-field
// form naming the server and tool, the call's arguments, and four answers (allow, allow for this
// session, always allow, cancel). ↑/↓ or a digit choose, Enter answers, Esc cancels.
import type { ApprovalDecision, ApprovalRequest } from '../core/agent/tools.ts';
import type { Key } from './screen/keys.ts';
import type { Span, Style } from './screen/canvas.ts';
import { routed, type Routed } from './input/effects.ts';

/** Upstream's answers; csm keeps "always" for the session too (it writes no approval to config.toml). */
export const MCP_APPROVAL_OPTIONS: ReadonlyArray<{ label: string; description: string; decision: ApprovalDecision }> = [
  { label: 'Allow', description: 'Run the tool and continue', decision: 'approve' },
  { label: 'Allow for this session', description: 'Run the tool and remember this choice for this session', decision: 'approve-for-session' },
  { label: 'Always allow', description: 'Run the tool and remember this choice for future tool calls', decision: 'approve-for-session' },
  { label: 'Cancel', description: 'Cancel this tool call', decision: 'deny' },
];

export function mcpApprovalKey(choice: number, k: Key): Routed {
  const answer = (i: number) => routed([], [{ kind: 'answer', decision: MCP_APPROVAL_OPTIONS[i].decision }]);
  switch (k.kind) {
    case 'up':
    case 'down':
      return routed([{ type: 'approval-move', delta: k.kind === 'up' ? -1 : 1 }]);
    case 'enter':
      return answer(choice);
    case 'escape':
    case 'ctrl-c':
      return answer(MCP_APPROVAL_OPTIONS.length - 1);
    case 'text': {
      const n = Number(k.text);
      return /^[1-9]$/.test(k.text) && n <= MCP_APPROVAL_OPTIONS.length ? answer(n - 1) : routed();
    }
    default:
      return routed();
  }
}

const DIM: Style = { dim: true };
const CHOSEN: Style = { bold: true, reverse: true };

/** An argument as the form shows it: strings as they are, anything else as JSON. */
const shown = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

export function mcpApprovalRows(request: ApprovalRequest, choice: number, cols: number): Array<{ spans: Span[]; fill?: Style; base?: Style }> {
  const mcp = request.mcp!;
  const args = Object.entries(mcp.arguments);
  const column = Math.max(...MCP_APPROVAL_OPTIONS.map((o) => o.label.length)) + 2;
  const rows: Array<{ spans: Span[]; fill?: Style; base?: Style }> = [
    { spans: [{ text: '  ' }, { text: 'Field 1/1', style: DIM }] },
    { spans: [{ text: `  Allow the ${mcp.server} MCP server to run tool "${mcp.tool}"?` }] },
    { spans: [] },
    ...(args.length ? [...args.map(([k, v]) => ({ spans: [{ text: `  ${k}: ${shown(v)}`.slice(0, Math.max(1, cols - 1)) }] })), { spans: [] }] : []),
  ];
  MCP_APPROVAL_OPTIONS.forEach((o, i) => {
    const lead = `  ${i === choice ? '›' : ' '} ${i + 1}. ${o.label.padEnd(column)}`;
    if (i === choice) {
      // Upstream's chosen answer is reversed up to two columns short of the edge.
      const width = Math.max(0, cols - 2 - lead.length - o.description.length);
      rows.push({ spans: [{ text: lead.slice(0, 2) }, { text: lead.slice(2), style: CHOSEN }, { text: o.description, style: { reverse: true } }, { text: ' '.repeat(width), style: CHOSEN }] });
    } else rows.push({ spans: [{ text: lead }, { text: o.description, style: DIM }] });
  });
  rows.push({ spans: [{ text: '  ' }, { text: 'enter', style: { bold: true } }, { text: ' to submit ' }, { text: '| ', style: DIM }, { text: 'esc', style: { bold: true } }, { text: ' to cancel' }] });
  return rows;
}
