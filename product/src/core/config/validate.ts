// Check one layer of configuration against the schema and turn zod's findings into a ConfigError
// that names where the layer came from, the dotted key and what was expected.
import type * as z from 'zod';
import { ConfigError } from './config-error.ts';
import { formatKeyPath } from './key-path.ts';
import { configTomlSchema, type ConfigToml } from './schema.ts';

/** Parse a raw layer (a TOML table) as config; throws ConfigError naming `source` on a bad key. */
export function validateConfigToml(raw: unknown, source: string): ConfigToml {
  const result = configTomlSchema.safeParse(raw);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const key = formatKeyPath(issue.path);
    return { key, text: `${source}: ${key}: ${describeIssue(issue, valueAt(raw, issue.path))}` };
  });
  throw new ConfigError(lines.map((line) => line.text).join('\n'), { source, key: lines[0].key });
}

function describeIssue(issue: z.core.$ZodIssue, received: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${typeName(issue.expected)}, received ${describeType(received)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(' | ')}, received ${describeValue(received)}`;
    case 'too_small':
      return `expected a value >= ${String(issue.minimum)}, received ${describeValue(received)}`;
    default:
      return issue.message;
  }
}

/** zod's type names, in the words of a TOML file. */
function typeName(expected: string): string {
  if (expected === 'object' || expected === 'record') return 'table';
  if (expected === 'int') return 'integer';
  return expected;
}

function describeType(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'datetime';
  if (typeof value === 'number' && !Number.isInteger(value)) return 'float';
  if (typeof value === 'object' && value !== null) return 'table';
  return typeof value;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  return describeType(value);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let node = root;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}
