// How MCP tools reach the model, as upstream offers them: deferred (not in the request's `tools`),
// found with `tool_search` (BM25 over each tool's metadata) and loaded as `namespace` specs named
// `mcp__SERVER` whose functions keep the server's tool names; the input schema is reduced to the
// JSON-schema subset upstream sends (no `$schema` or defaults, properties in name order).
import type { McpTool } from './connections.ts';

export const namespaceOf = (server: string) => `mcp__${server}`;

/** Keys upstream leaves out of a tool's schema. */
const DROPPED = new Set(['$schema', '$id', '$comment', 'default', 'title', 'examples']);
/** Keys in the order upstream writes them; any other key follows in its own order. */
const ORDER = ['type', 'description', 'enum', 'items', 'properties', 'required', 'additionalProperties'];

/** A server's input schema as the model is shown it. */
export function modelSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(modelSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const s = schema as Record<string, unknown>;
  const keys = Object.keys(s).filter((k) => !DROPPED.has(k));
  keys.sort((a, b) => (ORDER.includes(a) ? ORDER.indexOf(a) : ORDER.length) - (ORDER.includes(b) ? ORDER.indexOf(b) : ORDER.length));
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    if (k === 'properties' && s.properties && typeof s.properties === 'object') {
      const props = s.properties as Record<string, unknown>;
      out.properties = Object.fromEntries(Object.keys(props).sort().map((p) => [p, modelSchema(props[p])]));
    } else if (k === 'items' || k === 'additionalProperties' || k === 'anyOf' || k === 'oneOf' || k === 'allOf') out[k] = modelSchema(s[k]);
    else out[k] = s[k];
  }
  if (out.type === undefined && out.properties !== undefined) return { type: 'object', ...out };
  return out;
}

/**
 * csm's note to the model (its own words) naming the MCP servers whose tools load through
 * tool_search, joined to the opening developer message as upstream names its deferred namespaces.
 */
export function deferredToolsNote(servers: string[]): string {
  return `<mcp_tools>\nThe tools of these MCP servers are not in your tool list yet. Call tool_search with words describing what you need to load them; each server's tools come back in the namespace shown:\n${servers.map((s) => `- ${s} (${namespaceOf(s)})`).join('\n')}\n</mcp_tools>`;
}

/** The namespaces a deferredToolsNote names, in its order; null for any other text. */
export function deferredNamespaces(text: string): string[] | null {
  if (!text.startsWith('<mcp_tools>\n') || !text.endsWith('\n</mcp_tools>')) return null;
  return text.split('\n').flatMap((line) => /^- .* \((mcp__[^()]*)\)$/.exec(line)?.[1] ?? []);
}

/** One tool as a function inside its namespace. */
export function functionSpec(tool: McpTool): Record<string, unknown> {
  return { type: 'function', name: tool.name, description: tool.description, strict: false, defer_loading: true, parameters: modelSchema(tool.inputSchema) };
}

/** Tools grouped into namespace specs, namespaces in the order their first tool comes. */
export function namespaceSpecs(tools: McpTool[]): Record<string, unknown>[] {
  const groups = new Map<string, McpTool[]>();
  for (const t of tools) groups.set(t.server, [...(groups.get(t.server) ?? []), t]);
  return [...groups].map(([server, list]) => ({ type: 'namespace', name: namespaceOf(server), description: `Tools in the ${namespaceOf(server)} namespace.`, tools: list.map(functionSpec) }));
}

// --- tool_search: BM25 over the deferred tools' metadata ---

// English stop words (the common list), left out of both the query and the tools' text.
const STOP_WORDS = new Set(
  'a about above after again against all am an and any are as at be because been before being below between both but by can did do does doing down during each few for from further had has have having he her here hers herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ourselves out over own same she should so some such than that the their theirs them themselves then there these they this those through to too under until up very was we were what when where which while who whom why will with you your yours yourself yourselves'.split(' '),
);

/** Light English stemming: plurals and common verb endings, so "directories" meets "directory". */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 3 && w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us')) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  return w;
}

export function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    // A snake_case name stays one word, as upstream's tokenizer keeps it.
    .split(/[^a-z0-9_]+/)
    .filter((w) => w && !STOP_WORDS.has(w))
    .map(stem);
}

function propertyKeys(schema: Record<string, unknown>): string[] {
  const props = schema.properties;
  return props && typeof props === 'object' ? Object.keys(props) : [];
}

/** The text a tool is found by: its full and short names, server, title, description and argument names. */
export function searchText(tool: McpTool): string {
  return [`${namespaceOf(tool.server)}__${tool.name}`, tool.name, tool.server, tool.title ?? '', tool.description, ...propertyKeys(tool.inputSchema)].join(' ');
}

/** The best `limit` tools for the query, best first (BM25, k1 1.2, b 0.75); ties keep the servers' order. */
export function searchTools(tools: McpTool[], query: string, limit = 8): McpTool[] {
  const docs = tools.map((t) => tokenize(searchText(t)));
  const n = docs.length;
  if (!n) return [];
  const avg = docs.reduce((a, d) => a + d.length, 0) / n;
  const terms = [...new Set(tokenize(query))];
  const df = new Map(terms.map((t) => [t, docs.filter((d) => d.includes(t)).length]));
  const scored = docs.map((d, i) => {
    let score = 0;
    for (const term of terms) {
      const tf = d.filter((w) => w === term).length;
      if (!tf) continue;
      const idf = Math.log(1 + (n - df.get(term)! + 0.5) / (df.get(term)! + 0.5));
      score += (idf * tf * 2.2) / (tf + 1.2 * (0.25 + (0.75 * d.length) / avg));
    }
    return { i, score };
  });
  return scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, Math.max(1, limit))
    .map((s) => tools[s.i]);
}
