// Dotted keys as TOML writes them: `model_providers.mock.base_url`, `projects."/a/b".trust_level`.
import { parse } from 'smol-toml';

const BARE_KEY = /^[A-Za-z0-9_-]+$/;
const SENTINEL = 'csm-key-path-sentinel';

/**
 * Split a dotted key into its segments, honouring TOML quoting (`"..."` and `'...'`).
 * Text that is not a valid TOML key falls back to a plain split on `.` (as upstream does);
 * returns undefined when that leaves an empty segment.
 */
export function parseKeyPath(key: string): string[] | undefined {
  const viaToml = parseAsTomlKey(key.trim());
  if (viaToml) return viaToml;
  const parts = key.split('.').map((part) => part.trim());
  return parts.every((part) => part.length > 0) ? parts : undefined;
}

function parseAsTomlKey(key: string): string[] | undefined {
  if (key.length === 0 || key.includes('\n') || key.includes('\r')) return undefined;
  let node: unknown;
  try {
    node = parse(`${key} = "${SENTINEL}"`, { unsafeKeyBehaviour: 'throw' });
  } catch {
    return undefined;
  }
  const path: string[] = [];
  while (node !== SENTINEL) {
    if (typeof node !== 'object' || node === null) return undefined;
    const keys = Object.keys(node);
    if (keys.length !== 1) return undefined;
    path.push(keys[0]);
    node = (node as Record<string, unknown>)[keys[0]];
  }
  return path;
}

/** Render a path back as a dotted key, quoting segments that are not bare keys; array indices as `[n]`. */
export function formatKeyPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') {
      out += `[${segment}]`;
      continue;
    }
    const text = String(segment);
    const rendered = BARE_KEY.test(text) ? text : JSON.stringify(text);
    out += out.length === 0 ? rendered : `.${rendered}`;
  }
  return out;
}
