import { describe, expect, it } from 'vitest';
import { isCredentialKey, RolloutSecretError, stringifyWithoutSecrets } from './secrets.ts';

describe('the credential guard', () => {
  it.each(['authorization', 'Authorization', 'proxy-authorization', 'x-api-key', 'api_key', 'OPENAI_API_KEY', 'cookie', 'Set-Cookie', 'refresh_token'])(
    'treats %s as a credential key',
    (key) => expect(isCredentialKey(key)).toBe(true),
  );

  it.each(['input_tokens', 'total_token_usage', 'author', 'key', 'api', 'tokens_used'])('lets %s through', (key) => expect(isCredentialKey(key)).toBe(false));

  it('serializes like JSON.stringify when there is nothing to refuse', () => {
    const v = { a: [1, { b: 'authorization: Bearer x' }], 'c-d': null };
    expect(stringifyWithoutSecrets(v)).toBe(JSON.stringify(v));
  });

  it('refuses a credential key at any depth, arrays included', () => {
    expect(() => stringifyWithoutSecrets({ payload: { items: [{ headers: { authorization: 'Bearer sk-1' } }] } })).toThrow(RolloutSecretError);
  });
});
