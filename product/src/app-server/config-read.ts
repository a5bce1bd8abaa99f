// config/read: the configuration csm's app-server runs with, in upstream's shape. `config` holds
// every key csm honours (those of core/config's schema, nothing else): the value the layers set,
// else what upstream shows for it unset (null, an empty table, or the default csm applies too);
// `layers`, on request, the files and flags it was read from, highest precedence first (the
// server's `-c` overrides as upstream's sessionFlags, then $CODEX_HOME/config.toml as its user
// layer), each versioned by the sha256 of its content as JSON with sorted keys; `origins`, for
// each value a layer set, the layer it came from. csm reads no system, managed or project config
// file, so it names none.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { DEFAULT_PROJECT_DOC_MAX_BYTES } from '../core/config/defaults.ts';
import { isTable, mergeLayers, type Table } from '../core/config/merge.ts';
import { overridesToTable, parseOverride } from '../core/config/overrides.ts';
import { configTomlSchema, historySchema, mcpServerSchema, modelProviderSchema, profileSchema, sandboxWorkspaceWriteSchema, shellEnvironmentPolicySchema } from '../core/config/schema.ts';
import { readTomlFile } from '../core/config/toml-file.ts';
import { validateConfigToml } from '../core/config/validate.ts';
import { CONFIG_FILE, OVERRIDE_SOURCE } from '../core/config/load.ts';

type LayerName = { type: 'user'; file: string; profile: null } | { type: 'sessionFlags' };
export interface ConfigLayer {
  name: LayerName;
  version: string;
  config: Table;
}

export interface ConfigRead {
  config: Table;
  origins: Record<string, { name: LayerName; version: string }>;
  layers?: ConfigLayer[];
}

/** The keys of a table in core/config's schema. */
const keysOf = (schema: { out: { shape: object } }) => Object.keys(schema.out.shape);

/** JSON with every table's keys sorted. */
function sortedJson(v: unknown): string {
  const sort = (x: unknown): unknown => (Array.isArray(x) ? x.map(sort) : isTable(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sort(x[k])])) : x);
  return JSON.stringify(sort(v));
}

const version = (config: Table) => `sha256:${createHash('sha256').update(sortedJson(config)).digest('hex')}`;

const tableOr = (v: unknown): Table => (isTable(v) ? v : {});
/** Each entry of a map of tables, by name. */
const entries = (v: unknown, f: (entry: Table) => Table): Table => Object.fromEntries(Object.entries(tableOr(v)).map(([name, e]) => [name, f(tableOr(e))]));
/** The table's `keys`, each as set or null. */
const withKeys = (t: Table, keys: string[]): Table => Object.fromEntries(keys.map((k) => [k, t[k] ?? null]));

/** A honoured key's value as upstream shows it: as set, else its unset form. */
const SHOWN: Record<string, (v: unknown) => unknown> = {
  features: (v) => tableOr(v),
  notice: (v) => tableOr(v),
  tui: (v) => tableOr(v),
  projects: (v) => entries(v, (p) => p),
  model_providers: (v) => entries(v, (p) => withKeys(p, keysOf(modelProviderSchema))),
  profiles: (v) => entries(v, (p) => withKeys(p, keysOf(profileSchema))),
  mcp_servers: (v) => entries(v, (s) => ({ ...Object.fromEntries(keysOf(mcpServerSchema).filter((k) => s[k] !== undefined).map((k) => [k, s[k]])), enabled: s.enabled ?? true, tool_timeout_sec: s.tool_timeout_sec ?? null })),
  shell_environment_policy: (v) => withKeys(tableOr(v), keysOf(shellEnvironmentPolicySchema)),
  history: (v) => ({ ...withKeys(tableOr(v), keysOf(historySchema)), persistence: tableOr(v).persistence ?? 'save-all' }),
  sandbox_workspace_write: (v) =>
    v === undefined ? null : { ...withKeys(tableOr(v), keysOf(sandboxWorkspaceWriteSchema)), writable_roots: tableOr(v).writable_roots ?? [], network_access: tableOr(v).network_access ?? false, exclude_tmpdir_env_var: tableOr(v).exclude_tmpdir_env_var ?? false, exclude_slash_tmp: tableOr(v).exclude_slash_tmp ?? false },
  hide_agent_reasoning: (v) => v ?? false,
  project_doc_max_bytes: (v) => v ?? DEFAULT_PROJECT_DOC_MAX_BYTES,
};

/** The dotted path of every value a table sets (an array's items by index). */
function leaves(v: unknown, at: string, out: Array<[string, boolean]>): void {
  if (isTable(v)) for (const [k, x] of Object.entries(v)) leaves(x, at ? `${at}.${k}` : k, out);
  else if (Array.isArray(v)) {
    out.push([at, true]);
    v.forEach((x, i) => leaves(x, `${at}.${i}`, out));
  } else out.push([at, false]);
}

/** Which layer set each value the effective config holds (a higher layer's array replaces a lower one's whole). */
function originsOf(layers: ConfigLayer[], honoured: Set<string>): ConfigRead['origins'] {
  const origins: ConfigRead['origins'] = {};
  for (const layer of layers) {
    const paths: Array<[string, boolean]> = [];
    leaves(layer.config, '', paths);
    for (const [p, isArray] of paths) {
      if (!honoured.has(p.split('.')[0])) continue;
      if (isArray) {
        for (const k of Object.keys(origins)) if (k.startsWith(`${p}.`)) delete origins[k];
        continue;
      }
      origins[p] = { name: layer.name, version: layer.version };
    }
  }
  return origins;
}

/** config/read's answer. Throws ConfigError for a file or override that is not valid configuration. */
export function readConfig(o: { codexHome: string; overrides: string[]; includeLayers: boolean }): ConfigRead {
  const file = path.join(o.codexHome, CONFIG_FILE);
  const user = readTomlFile(file) ?? {};
  validateConfigToml(user, file);
  const flags = overridesToTable(o.overrides.map(parseOverride));
  validateConfigToml(flags, OVERRIDE_SOURCE);
  // lowest precedence first
  const layers: ConfigLayer[] = [{ name: { type: 'user', file, profile: null }, version: version(user), config: user }];
  if (o.overrides.length) layers.push({ name: { type: 'sessionFlags' }, version: version(flags), config: flags });
  const merged = mergeLayers(layers.map((l) => l.config));
  const honoured = keysOf(configTomlSchema);
  const config = Object.fromEntries(honoured.map((k) => [k, SHOWN[k] ? SHOWN[k](merged[k]) : (merged[k] ?? null)]));
  return { config, origins: originsOf(layers, new Set(honoured)), ...(o.includeLayers ? { layers: [...layers].reverse() } : {}) };
}
