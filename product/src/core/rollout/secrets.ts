// Rollouts are plain files users share in bug reports: credentials must never reach one.
// Nothing in csm passes request headers or auth state to the writer, so an object key that names a
// credential means a bug upstream of the writer. The line is refused before any byte is written.
//
// Only keys are checked. Text the user or a tool produced (a pasted token inside a message) is
// conversation content and is persisted as upstream persists it.

export class RolloutSecretError extends Error {
  constructor(readonly key: string) {
    super(`refusing to write a rollout line with a credential field "${key}"; headers and auth never belong in a session file`);
    this.name = 'RolloutSecretError';
  }
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

export function isCredentialKey(key: string): boolean {
  return CREDENTIAL_KEYS.has(key.toLowerCase().replaceAll('-', '_'));
}

/** JSON.stringify that throws RolloutSecretError at the first credential-named key, in one pass. */
export function stringifyWithoutSecrets(value: unknown): string {
  return JSON.stringify(value, function (key, v) {
    if (key && !Array.isArray(this) && isCredentialKey(key)) throw new RolloutSecretError(key);
    return v;
  });
}
