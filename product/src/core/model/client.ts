// The model service as the agent loop sees it: one streamed Responses request, through the official
// openai SDK, against the configured provider. Retries are ours (the SDK's are turned off) so they
// follow upstream's measured policy.
import OpenAI from 'openai';

export interface ProviderConnection {
  baseURL: string;
  apiKey: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

export type ResponseEvent = { type: string; [k: string]: unknown };

export interface ModelClient {
  stream(body: Record<string, unknown>, opts: { signal?: AbortSignal; headers?: Record<string, string> }): Promise<AsyncIterable<ResponseEvent>>;
}

export function createModelClient(conn: ProviderConnection): ModelClient {
  const client = new OpenAI({
    baseURL: conn.baseURL,
    apiKey: conn.apiKey,
    maxRetries: 0,
    // Stream problems surface as errors we report ourselves; the SDK's own console logging would duplicate them.
    logLevel: 'off',
    timeout: 10 * 60_000,
    defaultHeaders: conn.headers,
    defaultQuery: conn.query,
  });
  return {
    async stream(body, opts) {
      const stream = await client.responses.create({ ...(body as object), stream: true } as OpenAI.Responses.ResponseCreateParamsStreaming, {
        signal: opts.signal,
        headers: opts.headers,
      });
      return stream as unknown as AsyncIterable<ResponseEvent>;
    },
  };
}
