import { afterEach, describe, expect, it } from 'vitest';
import { forgetSecrets, isCredentialKey, knownSecrets, MIN_SECRET_LENGTH, REDACTED, redactText, rememberSecret, stringifyRedacted } from './secrets.ts';

afterEach(() => forgetSecrets());

describe('secret redaction', () => {
  it('replaces every occurrence of a registered secret in text', () => {
    rememberSecret('sk-abcdef123456');
    expect(redactText('a sk-abcdef123456 b sk-abcdef123456')).toBe(`a ${REDACTED} b ${REDACTED}`);
  });

  it(`ignores values shorter than ${MIN_SECRET_LENGTH} characters, which cannot be told from words`, () => {
    rememberSecret('abc');
    rememberSecret('');
    rememberSecret(undefined);
    expect(knownSecrets()).toEqual([]);
    expect(redactText('abc')).toBe('abc');
  });

  it('serializes exactly like JSON.stringify when no secret is present', () => {
    const v = { a: [1, { b: 'authorization: Bearer x' }], 'c-d': null, api_key: 'not-known' };
    expect(stringifyRedacted(v, ['sk-not-in-there-1'])).toBe(JSON.stringify(v));
  });

  it('rebuilds a line that holds a secret value by value, so it stays valid JSON', () => {
    const secret = 'ab"}],"x":"';
    const text = stringifyRedacted({ t: `pre${secret}post`, nested: JSON.stringify({ s: secret }) }, [secret + 'long']);
    expect(JSON.parse(text)).toEqual({ t: `pre${secret}post`, nested: JSON.stringify({ s: secret }) });
    const redacted = JSON.parse(stringifyRedacted({ t: `pre${secret}post`, nested: JSON.stringify({ s: secret }) }, [secret]));
    expect(redacted).toEqual({ t: `pre${REDACTED}post`, nested: JSON.stringify({ s: REDACTED }) });
  });
});

describe('credential keys (export redaction)', () => {
  it.each(['authorization', 'Authorization', 'proxy-authorization', 'x-api-key', 'api_key', 'OPENAI_API_KEY', 'cookie', 'Set-Cookie', 'refresh_token'])(
    'treats %s as a credential key',
    (key) => expect(isCredentialKey(key)).toBe(true),
  );

  it.each(['input_tokens', 'total_token_usage', 'author', 'key', 'api', 'tokens_used'])('lets %s through', (key) => expect(isCredentialKey(key)).toBe(false));
});
