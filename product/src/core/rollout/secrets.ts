// Rollouts and logs are plain files people share in bug reports: the secrets csm knows of (the
// provider's API key, the values of auth headers it sends) never reach one. Whoever learns such a
// value registers it (rememberSecret); the rollout writer and the crash log replace it, wherever it
// appears, by REDACTED. Nothing is ever refused: what the model or the server sends is recorded,
// with known secret values blanked out.
//
// Values shorter than MIN_SECRET_LENGTH are not redacted: a key that short cannot be told apart
// from ordinary words, and blanking it everywhere would garble the conversation.

export const REDACTED = '[REDACTED]';
export const MIN_SECRET_LENGTH = 8;

const known = new Set<string>();

/** Registers a value that must never be written to a rollout or a log (ignored when too short to tell apart). */
export function rememberSecret(value: string | undefined | null): void {
  if (typeof value === 'string' && value.length >= MIN_SECRET_LENGTH) known.add(value);
}

/** Every value registered so far in this process. */
export function knownSecrets(): string[] {
  return [...known];
}

/** Forgets every registered value (tests). */
export function forgetSecrets(): void {
  known.clear();
}

/** A secret as it appears in a JSON text: once escaped inside a string, twice inside a JSON string held by a string. */
function forms(secret: string): string[] {
  const once = JSON.stringify(secret).slice(1, -1);
  const twice = JSON.stringify(once).slice(1, -1);
  return [...new Set([secret, once, twice])];
}

/** Text with every occurrence of every secret (raw or JSON-escaped) replaced by REDACTED. */
export function redactText(text: string, secrets: readonly string[] = knownSecrets()): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of forms(secret)) if (out.includes(form)) out = out.split(form).join(REDACTED);
  }
  return out;
}

/** A deep copy with every string (object keys included) passed through redactText. */
export function redactValue<T>(value: T, secrets: readonly string[] = knownSecrets()): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactText(v, secrets);
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== 'object' || v === null) return v;
    const out: Record<string, unknown> = {};
    for (const [k, inner] of Object.entries(v)) out[redactText(k, secrets)] = walk(inner);
    return out;
  };
  return walk(value) as T;
}

/**
 * JSON.stringify with known secrets redacted. The common case (no secret anywhere) costs one
 * substring search of the text per secret; only a line that holds one is rebuilt, value by value,
 * so the result is always valid JSON whatever the secret's characters.
 */
export function stringifyRedacted(value: unknown, secrets: readonly string[] = knownSecrets()): string {
  const text = JSON.stringify(value);
  const present = secrets.some((s) => s.length >= MIN_SECRET_LENGTH && forms(s).some((f) => text.includes(f)));
  return present ? JSON.stringify(redactValue(value, secrets)) : text;
}

/** Compared after lower-casing and mapping `-` to `_`. */
const CREDENTIAL_KEYS = new Set([
  'authorization',
  'proxy_authorization',
  'api_key',
  'apikey',
  'x_api_key',
  'openai_api_key',
  'cookie',
  'set_cookie',
  'access_token',
  'refresh_token',
  'id_token',
]);

/** A key that names a credential (exports blank such values out; see sessions/ops/redact.ts). */
export function isCredentialKey(key: string): boolean {
  return CREDENTIAL_KEYS.has(key.toLowerCase().replaceAll('-', '_'));
}

/** Header names whose values are credentials: their values are registered as secrets. */
export function isAuthHeader(name: string): boolean {
  return isCredentialKey(name) || /auth|token|secret|key|cookie|session/i.test(name);
}
