// Pure looks at an incoming request: what to log (secrets masked), what kind it is, and whether the
// tool-call history it carries is well formed.

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie', 'x-api-key', 'api-key', 'openai-api-key']);

/** Lowercased headers, sorted by name (fetch Headers order), with secret values replaced by "<masked>". */
export function maskHeaders(headers: Iterable<[string, string]>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rawName, value] of headers) {
    const name = rawName.toLowerCase();
    out[name] = SECRET_HEADERS.has(name) || /token|secret|key/.test(name) ? '<masked>' : value;
  }
  return out;
}

/** The body as JSON, or the raw text when it is not JSON. */
export function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function isRecord(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Upstream's TUI asks for a task title with no tools and a json_schema output format that has a
 * `title` property; that side request must not consume a scripted turn.
 */
/**
 * The TUI's title-generation side request: a json_schema text format whose only property is `title`.
 * Its tool list varies (upstream 0.169.0 sends `[apply_patch]`, not `[]`), so tools are not a signal.
 */
export function isTitleRequest(body: unknown): boolean {
  if (!isRecord(body)) return false;
  const format = body.text?.format;
  if (!isRecord(format) || format.type !== 'json_schema' || !isRecord(format.schema?.properties)) return false;
  return Object.keys(format.schema.properties).join() === 'title';
}

const PAIRS: Record<string, string> = { function_call: 'function_call_output', custom_tool_call: 'custom_tool_call_output' };

/**
 * The real API rejects an input where a tool call has no output with the same call_id (or an output
 * has no call), so every such mismatch is a client bug worth reporting.
 */
export function unpairedToolCalls(body: unknown): string[] {
  if (!isRecord(body) || !Array.isArray(body.input)) return [];
  const items = body.input.filter(isRecord);
  const has = (type: string, callId: unknown) => items.some((i) => i.type === type && i.call_id === callId);
  const out: string[] = [];
  for (const item of items) {
    for (const [call, output] of Object.entries(PAIRS)) {
      if (item.type === call && !has(output, item.call_id)) {
        out.push(`${call} ${JSON.stringify(item.name ?? '?')} call_id ${JSON.stringify(item.call_id)} has no ${output} in the same input`);
      }
      if (item.type === output && !has(call, item.call_id)) {
        out.push(`${output} call_id ${JSON.stringify(item.call_id)} has no matching ${call} in the same input`);
      }
    }
  }
  return out;
}
