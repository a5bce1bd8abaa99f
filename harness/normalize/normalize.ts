// Masks what legitimately differs between runs (ids, clocks, versions, product name, run paths) so
// frames and JSON from upstream and csm can be compared. The rules themselves live in rules.yaml.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import * as z from 'zod';

const regexSource = z.string().refine(
  (src) => {
    try {
      new RegExp(src);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a valid JS regular expression' },
);

const TextRuleSchema = z.object({
  name: z.string().min(1),
  pattern: regexSource,
  flags: z.string().regex(/^[imsuy]*$/, 'flags may use i, m, s, u, y (g is implied)').optional(),
  replace: z.string(),
});

const KeyRuleSchema = z
  .object({
    name: z.string().min(1),
    keys: z.array(z.string()).optional(),
    key_pattern: regexSource.optional(),
    min_number: z.number().optional(),
    replace: z.string(),
  })
  .refine((r) => r.keys || r.key_pattern, { message: 'a key rule needs keys or key_pattern' });

export const RulesSchema = z.object({
  text: z.array(TextRuleSchema),
  keys: z.array(KeyRuleSchema).default([]),
});

export type TextRule = z.infer<typeof TextRuleSchema>;
export type KeyRule = z.infer<typeof KeyRuleSchema>;
export type Rules = z.infer<typeof RulesSchema>;

export interface NormalizeContext {
  /** Absolute path → placeholder, e.g. {'/tmp/run/home/ws': '<ws>'}; longest paths win. */
  paths: Record<string, string>;
  /** Defaults to rules.yaml beside this file. */
  rules?: Rules;
}

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const RULES_FILE = new URL('./rules.yaml', import.meta.url);

/** Reads and validates a rules file; errors name the file and the offending path. */
export function loadRules(file: string | URL = RULES_FILE): Rules {
  const parsed = RulesSchema.safeParse(parseYaml(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid normalize rules in ${String(file)}:\n${issues}`);
  }
  return parsed.data;
}

let defaultRules: Rules | undefined;
const rulesOf = (ctx: NormalizeContext) => ctx.rules ?? (defaultRules ??= loadRules());

// Compiled once per rules object; a fresh RegExp per use keeps lastIndex state out of the way.
const compiled = new WeakMap<Rules, { text: Array<[RegExp, string]>; keys: Array<{ rule: KeyRule; re?: RegExp }> }>();
function compile(rules: Rules) {
  let c = compiled.get(rules);
  if (!c) {
    c = {
      text: rules.text.map((r) => [new RegExp(r.pattern, `g${r.flags ?? ''}`), r.replace]),
      keys: rules.keys.map((rule) => ({ rule, re: rule.key_pattern ? new RegExp(rule.key_pattern) : undefined })),
    };
    compiled.set(rules, c);
  }
  return c;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function substitutePaths(text: string, paths: Record<string, string>): string {
  // Longest first, so /home/ws becomes <ws> before /home can claim its prefix.
  const entries = Object.entries(paths)
    .filter(([p]) => p.length > 0)
    .sort(([a], [b]) => b.length - a.length);
  for (const [path, placeholder] of entries) {
    // Stop at a path boundary: /run/home must not eat the start of /run/home2.
    text = text.replace(new RegExp(`${escapeRegExp(path)}(?![\\w-])`, 'g'), () => placeholder);
  }
  return text;
}

export function normalizeText(text: string, ctx: NormalizeContext): string {
  let out = substitutePaths(text, ctx.paths);
  for (const [re, replace] of compile(rulesOf(ctx)).text) out = out.replace(re, replace);
  return out;
}

export function normalizeFrameRows(rows: string[], ctx: NormalizeContext): string[] {
  return rows.map((row) => normalizeText(row, ctx));
}

function keyMask(key: string, value: unknown, ctx: NormalizeContext): string | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  for (const { rule, re } of compile(rulesOf(ctx)).keys) {
    const named = rule.keys?.includes(key) || re?.test(key);
    if (!named) continue;
    if (rule.min_number !== undefined && !(typeof value === 'number' && value >= rule.min_number)) continue;
    return rule.replace;
  }
  return undefined;
}

/**
 * normalizeText on every string (keys included), plus masking of id/time-like keys' scalar values.
 * Returns unknown: masking changes value types, so callers assert the shape they expect.
 */
export function normalizeJson(value: unknown, ctx: NormalizeContext): unknown {
  return normalizeValue(value, ctx);
}

function normalizeValue(value: unknown, ctx: NormalizeContext): Json {
  if (typeof value === 'string') return normalizeText(value, ctx);
  if (Array.isArray(value)) return value.map((v) => normalizeValue(v, ctx));
  if (value === null || typeof value !== 'object') return value as Json;
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[normalizeText(k, ctx)] = keyMask(k, v, ctx) ?? normalizeValue(v, ctx);
  }
  return out;
}
