// Model providers: the built-in ones (openai, plus the local ollama and lmstudio servers) and the
// user's `[model_providers.<id>]` tables, with upstream's retry and timeout defaults filled in.
import {
  DEFAULT_OPENAI_BASE_URL,
  DEFAULT_REQUEST_MAX_RETRIES,
  DEFAULT_STREAM_IDLE_TIMEOUT_MS,
  DEFAULT_STREAM_MAX_RETRIES,
  MAX_RETRIES_CAP,
} from './defaults.ts';
import type { ConfigToml, ModelProviderToml, WireApi } from './schema.ts';

export interface ModelProvider {
  id: string;
  name: string;
  /** Requests go to `${baseUrl}/responses`. */
  baseUrl: string;
  wireApi: WireApi;
  /** Environment variable holding the API key, sent as `Authorization: Bearer …`. */
  envKey?: string;
  envKeyInstructions?: string;
  queryParams: Record<string, string>;
  httpHeaders: Record<string, string>;
  /** Header name → environment variable whose value is sent (when set). */
  envHttpHeaders: Record<string, string>;
  /** HTTP retries after the first attempt (5xx and transport errors). */
  requestMaxRetries: number;
  /** Stream reconnects after the first round. */
  streamMaxRetries: number;
  streamIdleTimeoutMs: number;
  builtIn: boolean;
}

function provider(id: string, toml: ModelProviderToml, builtIn: boolean): ModelProvider {
  return {
    id,
    name: toml.name ?? id,
    baseUrl: toml.base_url ?? DEFAULT_OPENAI_BASE_URL,
    wireApi: toml.wire_api ?? 'responses',
    envKey: toml.env_key,
    envKeyInstructions: toml.env_key_instructions,
    queryParams: { ...toml.query_params },
    httpHeaders: { ...toml.http_headers },
    envHttpHeaders: { ...toml.env_http_headers },
    requestMaxRetries: Math.min(toml.request_max_retries ?? DEFAULT_REQUEST_MAX_RETRIES, MAX_RETRIES_CAP),
    streamMaxRetries: Math.min(toml.stream_max_retries ?? DEFAULT_STREAM_MAX_RETRIES, MAX_RETRIES_CAP),
    streamIdleTimeoutMs: toml.stream_idle_timeout_ms ?? DEFAULT_STREAM_IDLE_TIMEOUT_MS,
    builtIn,
  };
}

/** The providers every config has. `openai_base_url` points the openai one elsewhere (e.g. a mock). */
export function builtInProviders(openaiBaseUrl?: string): Record<string, ModelProvider> {
  return {
    openai: provider(
      'openai',
      { name: 'OpenAI', base_url: openaiBaseUrl ?? DEFAULT_OPENAI_BASE_URL, env_key: 'OPENAI_API_KEY', wire_api: 'responses' },
      true,
    ),
    ollama: provider('ollama', { name: 'Ollama', base_url: 'http://localhost:11434/v1', wire_api: 'responses' }, true),
    lmstudio: provider('lmstudio', { name: 'LM Studio', base_url: 'http://localhost:1234/v1', wire_api: 'responses' }, true),
  };
}

/** Built-in providers plus the user's; the schema already refuses user tables named like a built-in. */
export function resolveModelProviders(toml: ConfigToml): Record<string, ModelProvider> {
  const providers = builtInProviders(toml.openai_base_url);
  for (const [id, table] of Object.entries(toml.model_providers ?? {})) {
    if (!Object.hasOwn(providers, id)) providers[id] = provider(id, table, false);
  }
  return providers;
}
