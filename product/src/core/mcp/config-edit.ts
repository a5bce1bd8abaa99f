// `csm mcp add|remove`: a server's `[mcp_servers.NAME]` section written or removed as upstream does,
// the rest of config.toml (comments, order, quoting) as it was.
import { parse as parseKeepingLayout, patch } from '@decimalturn/toml-patch';
import { editConfigText } from '../config/edit.ts';
import { parseToml } from '../config/toml-file.ts';
import { configFile } from './config.ts';

const key = (k: string) => (/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k));
const value = (v: unknown): string => (Array.isArray(v) ? `[${v.map(value).join(', ')}]` : typeof v === 'string' ? JSON.stringify(v) : String(v));

/** A server as upstream writes it: its own `[mcp_servers.NAME]` section, sub-tables (env) after. */
export function serverSection(name: string, table: Record<string, unknown>): string {
  const scalars = Object.entries(table).filter(([, v]) => !(v && typeof v === 'object' && !Array.isArray(v)));
  const tables = Object.entries(table).filter(([, v]) => v && typeof v === 'object' && !Array.isArray(v)) as Array<[string, Record<string, unknown>]>;
  let out = `[mcp_servers.${key(name)}]\n${scalars.map(([k, v]) => `${key(k)} = ${value(v)}\n`).join('')}`;
  for (const [k, t] of tables) out += `\n[mcp_servers.${key(name)}.${key(k)}]\n${Object.entries(t).map(([k2, v]) => `${key(k2)} = ${value(v)}\n`).join('')}`;
  return out;
}

/** Adds (or replaces) a server: its section appended to the file, the rest of the file as it was. */
export function addMcpServer(codexHome: string, name: string, table: Record<string, unknown>): void {
  removeMcpServer(codexHome, name);
  const file = configFile(codexHome);
  editConfigText(file, (text) => {
    parseToml(text, file);
    const sep = !text ? '' : text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
    const after = text + sep + serverSection(name, table);
    parseToml(after, file);
    return after;
  });
}

/** Removes a server's table; false when there was none. */
export function removeMcpServer(codexHome: string, name: string): boolean {
  const file = configFile(codexHome);
  let removed = false;
  editConfigText(file, (text) => {
    if (!text.trim()) return text;
    parseToml(text, file);
    const doc = parseKeepingLayout(text) as Record<string, any>;
    if (!doc.mcp_servers || !(name in doc.mcp_servers)) return text;
    delete doc.mcp_servers[name];
    if (!Object.keys(doc.mcp_servers).length) delete doc.mcp_servers;
    removed = true;
    const out = patch(text, doc);
    return out.endsWith('\n') ? out : `${out}\n`;
  });
  return removed;
}
