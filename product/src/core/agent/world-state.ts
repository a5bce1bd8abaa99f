// The world state: what the model has been shown about its surroundings, recorded in the rollout
// as `world_state` lines (a full snapshot, then JSON merge patches) in upstream's section ids and
// shapes, so that codex resuming a csm session compares its own context against it and re-sends
// only what the model has not seen.
//
// csm describes only what it sent, read off the context items themselves:
//   model        the model the turn ran on
//   permissions  {instructions: hash of the <permissions instructions> text, approved_command_prefixes}
//   environments the <environment_context> fields (cwd and shell of the local environment, date, timezone)
//   agents_md    {directory, text} of the AGENTS.md block; {} when none was sent
//   tools        deferred tool namespaces named to the model (MCP servers), namespace -> description
//   collaboration_mode  {mode, model, instructions: hash} once a <collaboration_mode> text was sent
// Sections upstream has and csm never sends (its bundled skills, its sub-agent tools, apps, plugins…)
// are left out: absent, upstream renders them as new, which is what the model needs.
import { createHash } from 'node:crypto';
import { parseAgentsMdBlock } from './agents-md.ts';
import { PLAN_MODE_INSTRUCTIONS } from './collaboration.ts';
import { environmentFields } from './context-refresh.ts';
import type { ResponseItem } from './items.ts';
import { deferredNamespaces } from '../mcp/tool-specs.ts';

export type WorldState = Record<string, unknown>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON merge patch (RFC 7396) applied: objects merge key by key, null deletes a key, anything else replaces. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** The merge patch that turns `before` into `after` (removed keys as null, arrays whole); null when they are equal. */
export function diffPatch(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> | null {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(before)) if (!(key in after)) patch[key] = null;
  for (const [key, value] of Object.entries(after)) {
    const old = before[key];
    if (same(old, value)) continue;
    patch[key] = isObject(old) && isObject(value) ? (diffPatch(old, value) ?? {}) : value;
  }
  return Object.keys(patch).length ? patch : null;
}

/**
 * A context fragment's fingerprint as upstream keeps it in its world state: SHA-1 over a version
 * tag, then the role and the text (CRLF as LF), each preceded by its byte length (64-bit big endian).
 */
export function fragmentHash(role: string, text: string): string {
  const h = createHash('sha1').update('codex-world-state-fragment-v1\0');
  for (const value of [role, text]) {
    const bytes = Buffer.from(value.replace(/\r\n/g, '\n'), 'utf8');
    const length = Buffer.alloc(8);
    length.writeBigUInt64BE(BigInt(bytes.length));
    h.update(length).update(bytes);
  }
  return h.digest('hex');
}

/**
 * The environment section for an <environment_context> text: only the fields it names. Its
 * <filesystem> element (codex's; csm's context has none) is kept whole, as codex keeps it.
 */
function environmentSection(text: string): Record<string, unknown> {
  const f = environmentFields(text);
  const local = f.cwd !== undefined || f.shell !== undefined ? { local: { ...(f.cwd !== undefined ? { cwd: f.cwd } : {}), status: 'available', ...(f.shell !== undefined ? { shell: f.shell } : {}) } } : null;
  const filesystem = /<filesystem>[\s\S]*<\/filesystem>/.exec(text)?.[0];
  return {
    ...(local ? { environments: local } : {}),
    ...(f.current_date !== undefined ? { current_date: f.current_date } : {}),
    ...(f.timezone !== undefined ? { timezone: f.timezone } : {}),
    ...(filesystem !== undefined ? { filesystem } : {}),
  };
}

/** The sections one part of a context message describes, as a merge patch; null for anything else. */
function sectionsOf(role: string, text: string, o: { model: string; full: boolean }): Record<string, unknown> | null {
  const start = text.trimStart();
  if (role === 'developer') {
    if (start.startsWith('<permissions instructions>')) return { permissions: { instructions: fragmentHash(role, text), ...(o.full ? { approved_command_prefixes: [] } : {}) } };
    if (start.startsWith('<collaboration_mode>')) return { collaboration_mode: { mode: text === PLAN_MODE_INSTRUCTIONS ? 'plan' : 'default', model: o.model, instructions: fragmentHash(role, text) } };
    const namespaces = deferredNamespaces(text);
    if (namespaces) return { tools: Object.fromEntries(namespaces.map((n) => [n, ''])) };
  } else if (role === 'user') {
    if (start.startsWith('<environment_context>')) return { environments: environmentSection(text) };
    const agents = parseAgentsMdBlock(text);
    if (agents) return { agents_md: agents };
  }
  return null;
}

/**
 * What these context items showed the model, in world-state sections. `full`: the items are the
 * whole context (a new thread, a resume without a baseline, a compaction), so what they do not
 * name is recorded as empty (no AGENTS.md, no deferred tools); otherwise only what they name, as a
 * patch for the state before them.
 */
export function contextState(items: readonly ResponseItem[], o: { model: string; full: boolean }): WorldState {
  let state: Record<string, unknown> = o.full ? { agents_md: {}, model: o.model, tools: {} } : { model: o.model };
  for (const item of items) {
    if (item.type !== 'message' || typeof item.role !== 'string' || !Array.isArray(item.content)) continue;
    for (const part of item.content as { text?: unknown }[]) {
      if (typeof part?.text !== 'string') continue;
      const sections = sectionsOf(item.role, part.text, o);
      if (sections) state = mergePatch(state, sections) as Record<string, unknown>;
    }
  }
  // Sections in upstream's order (by id), so a csm snapshot reads like one of codex's.
  return Object.fromEntries(Object.entries(state).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
