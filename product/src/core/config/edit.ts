// Edits to $CODEX_HOME/config.toml that keep the person's file as they wrote it: comments, blank
// lines, key order and quoting stay; only the values set change or are added (toml-patch edits the
// document instead of re-serializing it). The file is replaced atomically with its mode kept.
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseKeepingLayout, patch } from '@decimalturn/toml-patch';
import { ConfigError } from './config-error.ts';
import { parseToml } from './toml-file.ts';

type Table = Record<string, unknown>;

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw new ConfigError(`${file}: cannot read: ${(e as Error).message}`, { source: file });
  }
}

function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** `text` with `keyPath` set to `value` (tables on the way created), everything else as it was. */
export function setTomlValue(text: string, keyPath: string[], value: unknown, file = 'config.toml'): string {
  parseToml(text, file); // a file that is not TOML is reported as the loader reports it, not rewritten
  const doc = (text.trim() ? parseKeepingLayout(text) : {}) as Table;
  let table = doc;
  for (const key of keyPath.slice(0, -1)) {
    if (table[key] === undefined) table[key] = {};
    const next = table[key];
    if (!isTable(next)) throw new ConfigError(`${file}: \`${keyPath.join('.')}\` cannot be set: \`${key}\` is not a table`, { source: file });
    table = next;
  }
  table[keyPath.at(-1)!] = value;
  const out = text.trim() ? patch(text, doc) : patch('', doc);
  return out.endsWith('\n') ? out : out + '\n';
}

/** Sets one value in a config file (created if missing), keeping its layout; returns the new text. */
export function editConfigFile(file: string, keyPath: string[], value: unknown): string {
  return editConfigText(file, (before) => setTomlValue(before, keyPath, value, file));
}

/** Rewrites a config file (created if missing) through `edit`, atomically and with its mode kept; returns the new text. */
export function editConfigText(file: string, edit: (before: string) => string): string {
  const before = readText(file);
  const after = edit(before);
  if (after === before) return after;
  mkdirSync(path.dirname(file), { recursive: true });
  const mode = statSync(file, { throwIfNoEntry: false })?.mode;
  const tmp = `${file}.csm-${process.pid}.tmp`;
  writeFileSync(tmp, after, { mode: mode ?? 0o600 });
  if (mode !== undefined) chmodSync(tmp, mode & 0o7777);
  renameSync(tmp, file);
  return after;
}
