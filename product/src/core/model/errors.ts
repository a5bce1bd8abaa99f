// What went wrong with a model request, classified the way the retry policy and the user see it.
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';

export type ModelFailure =
  /** The server answered with an HTTP error status. */
  | { kind: 'http'; status: number; retryAfterMs: number | null; body: string }
  /** The stream ended, broke or carried garbage before response.completed. */
  | { kind: 'stream'; message: string }
  /** No connection to the server at all (refused, unreachable, name not found): nothing was sent. */
  | { kind: 'connect'; message: string };

/** Upstream's wording for 5xx: the message the user sees on reconnects and at the end. */
export const SERVER_BUSY = 'We’re currently experiencing high demand, which may cause temporary errors.';
export const STREAM_CLOSED = 'stream disconnected before completion: stream closed before response.completed';
export const TRANSPORT_ERROR = 'stream disconnected before completion: Transport error: network error: error decoding response body';
/** Upstream's words for a request that never reached the server (reqwest's connect error). */
export const CONNECTION_FAILED = 'Connection failed: error sending request';
/** What upstream shows while it waits, without end, for a server it cannot connect to. */
export const WAITING_FOR_NETWORK = 'Reconnecting... waiting for network';

export class ModelError extends Error {
  constructor(readonly failure: ModelFailure) {
    super(failure.kind === 'http' ? `HTTP ${failure.status}: ${failure.body}` : failure.message);
  }
}

function retryAfterMs(headers: Headers | undefined): number | null {
  const v = headers?.get('retry-after');
  if (!v) return null;
  const secs = Number(v);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(v);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : null;
}

export function classify(e: unknown): ModelFailure {
  if (e instanceof ModelError) return e.failure;
  // Thrown before any response arrived; a timeout is not a connection failure.
  if (e instanceof APIConnectionError && !(e instanceof APIConnectionTimeoutError)) return { kind: 'connect', message: CONNECTION_FAILED };
  if (e instanceof APIError && typeof e.status === 'number') {
    const body = e.error === undefined ? e.message : JSON.stringify({ error: e.error });
    return { kind: 'http', status: e.status, retryAfterMs: retryAfterMs(e.headers), body };
  }
  // A data line that is not JSON: upstream skips it and then sees the stream end early.
  if (e instanceof SyntaxError || /parse|JSON/i.test(String((e as Error)?.message))) return { kind: 'stream', message: STREAM_CLOSED };
  return { kind: 'stream', message: TRANSPORT_ERROR };
}

/** The final message a user sees when retries are spent (or the error is not retryable). */
export function finalMessage(f: ModelFailure): string {
  if (f.kind === 'stream' || f.kind === 'connect') return f.message;
  if (f.status === 429) return 'exceeded retry limit, last status: 429 Too Many Requests';
  if (f.status >= 500) return SERVER_BUSY;
  return f.body;
}

/** The text after "Reconnecting... k/n": upstream explains 5xx reconnects and connection failures, not stream drops or 429s. */
export function reconnectReason(f: ModelFailure): string | null {
  if (f.kind === 'connect') return f.message;
  return f.kind === 'http' && f.status >= 500 ? SERVER_BUSY : null;
}

/**
 * The notice for one reconnect: "Reconnecting... k/n", or WAITING_FOR_NETWORK while the server
 * cannot be reached (max null: no budget), with the reason in parentheses when there is one.
 */
export function reconnectNotice(attempt: number, max: number | null, reason: string | null): string {
  const head = max === null ? WAITING_FOR_NETWORK : `Reconnecting... ${attempt}/${max}`;
  return reason ? `${head} (${reason})` : head;
}

export const isRetryable = (f: ModelFailure) => f.kind === 'stream' || f.kind === 'connect' || f.status === 429 || f.status >= 500 || f.status === 408;
