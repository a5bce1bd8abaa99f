// The structural view of a Responses request that parity is judged on: keys, settings, tool names and
// the input layout. Instruction texts are ours to write, so they count by presence, not content.
// So do a compaction's texts (each client words them itself): the request asking for a summary
// (a turn request offering no tools) ends in a user message shown as `<compaction-prompt>`, and a
// user message that carries a summary the mock served back (text ending in "\n" + that summary)
// is shown as `<compaction-summary>` followed by the summary.
import type { RequestLogEntry } from '../mock/server.ts';

type Json = unknown;
type Obj = Record<string, Json>;

export interface RequestShape {
  kind: string;
  method: string;
  path: string;
  keys: string[];
  settings: Obj;
  tools: string[];
  input: Obj[];
}

const SETTINGS = ['model', 'stream', 'store', 'tool_choice', 'parallel_tool_calls', 'reasoning', 'include', 'text'];

function messageText(content: Json): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((p) => (p && typeof p === 'object' && typeof (p as Obj).text === 'string' ? ((p as Obj).text as string) : '')).join('');
}

/** `<environment_context>…` → `<environment_context>`: a context block is judged by its tag. */
function contextTag(text: string): string | null {
  const m = /^\s*<([a-z_ ]+)>/i.exec(text);
  return m ? `<${m[1]}>` : null;
}

function inputItemShape(item: Json): Obj {
  if (!item || typeof item !== 'object') return { type: typeof item };
  const it = item as Obj;
  const type = (it.type as string) ?? (it.role ? 'message' : 'unknown');
  switch (type) {
    case 'message': {
      const role = it.role as string;
      if (role === 'developer' || role === 'system') return { type, role, text: '<instructions>' };
      // Each part of a user message is judged on its own: a context block by its tag, anything else
      // (the prompt, an AGENTS.md block) by its text.
      const parts = Array.isArray(it.content) ? it.content.map((p) => messageText([p])) : [messageText(it.content)];
      const shapes = parts.map((t) => contextTag(t) ?? t);
      return shapes.length === 1 ? { type, role, text: shapes[0] } : { type, role, parts: shapes };
    }
    case 'function_call':
      // An MCP tool is called by name within its namespace (`mcp__server__`).
      return { type, ...(it.namespace ? { namespace: it.namespace } : {}), name: it.name, arguments: safeParse(it.arguments) };
    case 'tool_search_call':
      return { type, execution: it.execution, arguments: it.arguments };
    case 'tool_search_output':
      // The tools a search loaded, by name (a namespace as `namespace:NAME[tool, …]`).
      return { type, execution: it.execution, tools: Array.isArray(it.tools) ? it.tools.map(loadedToolName) : [] };
    case 'custom_tool_call':
      return { type, name: it.name, input: it.input };
    case 'function_call_output':
    case 'custom_tool_call_output':
      return { type, output: '<present>' };
    case 'reasoning':
      return { type, summary: Array.isArray(it.summary) ? it.summary.map((s) => (s as Obj).text) : [] };
    default:
      return { type };
  }
}

function safeParse(s: Json): Json {
  if (typeof s !== 'string') return s;
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

function loadedToolName(tool: Json): string {
  const t = tool as Obj;
  return t.type === 'namespace' && Array.isArray(t.tools) ? `namespace:${t.name}[${t.tools.map(toolName).join(', ')}]` : toolName(tool);
}

function toolName(tool: Json): string {
  const t = tool as Obj;
  return t.name ? `${t.type}:${t.name}` : String(t.type);
}

/** A turn request asking for a compaction summary: no tools offered, a user message last. */
function isCompactionRequest(entry: RequestLogEntry): boolean {
  const body = (entry.body && typeof entry.body === 'object' ? entry.body : {}) as Obj;
  if (entry.kind !== 'turn' || !Array.isArray(body.tools) || body.tools.length > 0 || !Array.isArray(body.input)) return false;
  const last = body.input[body.input.length - 1] as Obj | undefined;
  return last?.type === 'message' && last.role === 'user';
}

export function requestShape(entry: RequestLogEntry, summaries: readonly string[] = []): RequestShape {
  const body = (entry.body && typeof entry.body === 'object' ? entry.body : {}) as Obj;
  const settings: Obj = {};
  for (const k of SETTINGS) if (k in body) settings[k] = body[k];
  if ('prompt_cache_key' in body) settings.prompt_cache_key = '<present>';
  return {
    kind: entry.kind,
    method: entry.method,
    path: entry.path,
    keys: Object.keys(body).sort(),
    settings,
    tools: Array.isArray(body.tools) ? body.tools.map(toolName) : [],
    input: Array.isArray(body.input) ? compactionTexts(body.input.map(inputItemShape), isCompactionRequest(entry), summaries) : typeof body.input === 'string' ? [{ type: 'text', text: body.input }] : [],
  };
}

function compactionTexts(input: Obj[], compaction: boolean, summaries: readonly string[]): Obj[] {
  const out = input.map((item) => {
    if (item.type !== 'message' || item.role !== 'user' || typeof item.text !== 'string') return item;
    const text = item.text;
    const summary = summaries.find((s) => text.length > s.length + 1 && text.endsWith(`\n${s}`));
    return summary === undefined ? item : { ...item, text: `<compaction-summary>\n${summary}` };
  });
  if (compaction && out.length) out[out.length - 1] = { ...out[out.length - 1], text: '<compaction-prompt>' };
  return out;
}

/**
 * Title requests race the first turn request, so they are kept apart from the ordered turn list.
 */
export function requestShapes(entries: RequestLogEntry[]): { turns: RequestShape[]; titles: RequestShape[]; other: RequestShape[] } {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  // What the mock answered compaction requests with: the summaries later requests carry.
  const summaries = sorted.flatMap((e) => (isCompactionRequest(e) && e.output_text ? [e.output_text] : []));
  return {
    turns: sorted.filter((e) => e.kind === 'turn').map((e) => requestShape(e, summaries)),
    titles: sorted.filter((e) => e.kind === 'title').map((e) => requestShape(e)),
    other: sorted.filter((e) => e.kind !== 'turn' && e.kind !== 'title').map((e) => requestShape(e)),
  };
}
