// `-c key=value`: the key is a dotted TOML key, the value is parsed as TOML and, when it is not
// valid TOML, taken as a literal string (so `-c model=gpt-5.5` works without quotes).
import { parse } from 'smol-toml';
import { ConfigError } from './config-error.ts';
import { parseKeyPath } from './key-path.ts';
import { mergeLayers, tableAt, type Table } from './merge.ts';

export interface ConfigOverride {
  /** The argument as given, e.g. `model="gpt-5.5"`. */
  raw: string;
  path: string[];
  value: unknown;
}

const VALUE_KEY = 'csm_override_value';
const UNSAFE_SEGMENTS = new Set(['__proto__', 'constructor', 'prototype']);

export function parseOverride(raw: string): ConfigOverride {
  const eq = raw.indexOf('=');
  if (eq < 0) throw new ConfigError(`-c ${raw}: expected key=value`, { source: '-c override' });
  const keyText = raw.slice(0, eq).trim();
  const path = parseKeyPath(keyText);
  if (!path) throw new ConfigError(`-c ${raw}: invalid key ${JSON.stringify(keyText)}`, { source: '-c override' });
  const unsafe = path.find((segment) => UNSAFE_SEGMENTS.has(segment));
  if (unsafe) throw new ConfigError(`-c ${raw}: key segment ${JSON.stringify(unsafe)} is not allowed`, { source: '-c override' });
  return { raw, path, value: parseOverrideValue(raw.slice(eq + 1)) };
}

/** The value as TOML when it is exactly one TOML value; otherwise the trimmed text, outer quotes dropped. */
export function parseOverrideValue(text: string): unknown {
  try {
    const doc = parse(`${VALUE_KEY} = ${text}`, { unsafeKeyBehaviour: 'drop' });
    const keys = Object.keys(doc);
    if (keys.length === 1 && keys[0] === VALUE_KEY) return doc[VALUE_KEY];
  } catch {
    // not TOML: fall through to a literal string
  }
  return text.trim().replace(/^["']+|["']+$/g, '');
}

/** All overrides as one table, later arguments winning over earlier ones. */
export function overridesToTable(overrides: readonly ConfigOverride[]): Table {
  return mergeLayers(overrides.map((o) => tableAt(o.path, o.value)));
}
