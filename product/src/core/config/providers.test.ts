import { describe, expect, it } from 'vitest';
import { builtInProviders, resolveModelProviders } from './providers.ts';

describe('built-in providers', () => {
  it('has an openai provider speaking the Responses API with OPENAI_API_KEY', () => {
    expect(builtInProviders().openai).toEqual({
      id: 'openai',
      name: 'OpenAI',
      baseUrl: 'https://api.openai.com/v1',
      wireApi: 'responses',
      envKey: 'OPENAI_API_KEY',
      envKeyInstructions: undefined,
      queryParams: {},
      httpHeaders: {},
      envHttpHeaders: {},
      requestMaxRetries: 4,
      streamMaxRetries: 5,
      streamIdleTimeoutMs: 300_000,
      builtIn: true,
    });
  });

  it('points openai at openai_base_url when set', () => {
    expect(resolveModelProviders({ openai_base_url: 'http://127.0.0.1:18080/v1' }).openai.baseUrl).toBe(
      'http://127.0.0.1:18080/v1',
    );
  });

  it('also knows the local ollama and lmstudio servers', () => {
    expect(builtInProviders().ollama.baseUrl).toBe('http://localhost:11434/v1');
    expect(builtInProviders().lmstudio.baseUrl).toBe('http://localhost:1234/v1');
  });
});

describe('user providers', () => {
  it('fill in upstream defaults for what they leave out', () => {
    const { mock } = resolveModelProviders({ model_providers: { mock: { base_url: 'http://127.0.0.1:18080/v1' } } });
    expect(mock).toMatchObject({
      id: 'mock',
      name: 'mock',
      wireApi: 'responses',
      envKey: undefined,
      requestMaxRetries: 4,
      streamMaxRetries: 5,
      streamIdleTimeoutMs: 300_000,
      builtIn: false,
    });
  });

  it('keep what they set, with retry budgets capped at 100', () => {
    const { mock } = resolveModelProviders({
      model_providers: {
        mock: {
          name: 'Mock',
          env_key: 'MOCK_API_KEY',
          request_max_retries: 0,
          stream_max_retries: 1000,
          stream_idle_timeout_ms: 50,
          query_params: { v: '1' },
          http_headers: { A: 'b' },
          env_http_headers: { C: 'D_VAR' },
        },
      },
    });
    expect(mock).toMatchObject({
      name: 'Mock',
      envKey: 'MOCK_API_KEY',
      requestMaxRetries: 0,
      streamMaxRetries: 100,
      streamIdleTimeoutMs: 50,
      queryParams: { v: '1' },
      httpHeaders: { A: 'b' },
      envHttpHeaders: { C: 'D_VAR' },
    });
  });
});
