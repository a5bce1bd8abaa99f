// The model service as the agent loop sees it: one streamed Responses request, through the official
// openai SDK, against the configured provider. Retries are ours (the SDK's are turned off) so they
// follow upstream's measured policy.
import OpenAI from 'openai';
import { jsonBodyParts } from './json-body.ts';

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
      // The SDK listens on the signal it is given and never lets go; a turn retries many requests on
      // one signal, so each request gets its own, tied to the turn's until the request is over.
      const request = linkedSignal(opts.signal);
      try {
        // POST /responses as responses.create sends it, with the body encoded item by item (see
        // json-body.ts) and streamed from those parts as they are: a Buffer or Blob body would be
        // copied whole first. Its length is known, so it goes out with a Content-Length, not chunked.
        const parts = jsonBodyParts({ ...body, stream: true });
        const length = parts.reduce((n, p) => n + p.length, 0);
        const stream = await client.post('/responses', {
          body: (function* () {
            yield* parts;
          })(),
          stream: true,
          signal: request.signal,
          headers: { 'content-type': 'application/json', 'content-length': String(length), ...opts.headers },
        });
        return released(stream as unknown as AsyncIterable<ResponseEvent>, request.release);
      } catch (e) {
        request.release();
        throw e;
      }
    },
  };
}

/** A signal that aborts with `parent`; `release` unties it (the parent keeps no listener). */
function linkedSignal(parent?: AbortSignal): { signal: AbortSignal; release: () => void } {
  const own = new AbortController();
  if (!parent) return { signal: own.signal, release: () => {} };
  if (parent.aborted) own.abort(parent.reason);
  const forward = () => own.abort(parent.reason);
  parent.addEventListener('abort', forward, { once: true });
  return { signal: own.signal, release: () => parent.removeEventListener('abort', forward) };
}

/** The events of `stream`, calling `release` once they end, fail or are abandoned. */
async function* released(stream: AsyncIterable<ResponseEvent>, release: () => void): AsyncIterable<ResponseEvent> {
  try {
    yield* stream;
  } finally {
    release();
  }
}
