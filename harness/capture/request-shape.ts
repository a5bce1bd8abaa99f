// The structural view of a Responses request that parity is judged on: keys, settings, tool names and
// the input layout. Instruction texts are ours to write, so they count by presence, not content.
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
      return { type, name: it.name, arguments: safeParse(it.arguments) };
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

function toolName(tool: Json): string {
  const t = tool as Obj;
  return t.name ? `${t.type}:${t.name}` : String(t.type);
}

export function requestShape(entry: RequestLogEntry): RequestShape {
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
    input: Array.isArray(body.input) ? body.input.map(inputItemShape) : typeof body.input === 'string' ? [{ type: 'text', text: body.input }] : [],
  };
}

/**
 * Title requests race the first turn request, so they are kept apart from the ordered turn list.
 */
export function requestShapes(entries: RequestLogEntry[]): { turns: RequestShape[]; titles: RequestShape[]; other: RequestShape[] } {
  const sorted = [...entries].sort((a, b) => a.seq - b.seq);
  return {
    turns: sorted.filter((e) => e.kind === 'turn').map(requestShape),
    titles: sorted.filter((e) => e.kind === 'title').map(requestShape),
    other: sorted.filter((e) => e.kind !== 'turn' && e.kind !== 'title').map(requestShape),
  };
}
