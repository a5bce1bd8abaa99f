// Exports are meant to be shared, so values under credential-like keys are blanked out.
// Rollouts never hold request headers or auth (the writer refuses such keys), but a file written by
// something else, or a tool call whose arguments carry an `env` with an API key, could.
import { isCredentialKey } from '../../rollout/index.ts';

export const REDACTED = '[REDACTED]';

// api_key, OPENAI_API_KEY, x-api-key, authorization, client_secret, password, access_token, …
// ("…_tokens" counters such as total_tokens are not credentials and do not match).
const CREDENTIAL_LIKE = /(^|[_-])(api[_-]?key|authorization|secret|password|passwd|token|private[_-]?key|cookie)$/i;

export function isSecretKey(key: string): boolean {
  return isCredentialKey(key) || CREDENTIAL_LIKE.test(key);
}

const MAX_NESTED_JSON = 1 << 20;

/**
 * A deep copy with credential-like keys' values replaced; `changed` says whether any was found.
 * Strings holding a JSON object (function_call.arguments) are looked into as well.
 */
export function redactSecrets<T>(value: T): { value: T; changed: boolean } {
  let changed = false;
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'string' && v.length < MAX_NESTED_JSON && v.startsWith('{') && v.trimEnd().endsWith('}')) {
      let nested: unknown;
      try {
        nested = JSON.parse(v);
      } catch {
        return v;
      }
      const before = changed;
      changed = false;
      const out = walk(nested);
      const nestedChanged = changed;
      changed = before || nestedChanged;
      return nestedChanged ? JSON.stringify(out) : v;
    }
    if (typeof v !== 'object' || v === null) return v;
    const out: Record<string, unknown> = {};
    for (const [k, inner] of Object.entries(v)) {
      if (isSecretKey(k) && inner !== null && inner !== '') {
        out[k] = REDACTED;
        changed = true;
      } else out[k] = walk(inner);
    }
    return out;
  };
  const result = walk(value) as T;
  return { value: changed ? result : value, changed };
}

/** A JSON text with credential-like values redacted; text that is not JSON is returned as is. */
export function redactJsonText(text: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return text;
  }
  const r = redactSecrets(parsed);
  return r.changed ? JSON.stringify(r.value) : text;
}
