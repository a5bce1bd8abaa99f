// One sampling round trip with upstream's two retry layers: request-level retries for 5xx and
// connection failures (silent), and stream-level reconnects ("Reconnecting... k/n") for dropped or
// broken streams, 429 and spent request retries. A server that cannot be reached at all is waited
// for without end ("Reconnecting... waiting for network", 5 s doubling to 60 s between tries), as
// upstream's default `unbounded_connection_retries` feature does. An item counts only once
// output_item.done arrives; a turn only on response.completed.
import { backoffMs, sleep } from './backoff.ts';
import type { ModelClient, ResponseEvent } from './client.ts';
import { classify, finalMessage, isRetryable, ModelError, reconnectReason, STREAM_CLOSED, type ModelFailure } from './errors.ts';
import { fromApiUsage, type Usage } from './usage.ts';

export type OutputItem = { type: string; id?: string; [k: string]: unknown };

export type SamplingEvent =
  | { type: 'text_delta'; itemId: string; delta: string }
  | { type: 'item_added'; item: OutputItem }
  | { type: 'item_done'; item: OutputItem }
  /** max null: waiting for the network, with no budget */
  | { type: 'reconnecting'; attempt: number; max: number | null; reason: string | null; failure: ModelFailure['kind'] }
  | { type: 'completed'; responseId: string; usage: Usage; items: OutputItem[] };

export interface RetryPolicy {
  requestMaxRetries: number;
  streamMaxRetries: number;
  /** Wait for an unreachable server without end (default true: upstream's unbounded_connection_retries feature). */
  unboundedConnectionRetries?: boolean;
  /** The pause before the n-th try to reach the server again (default networkWaitMs). */
  networkWait?: (n: number) => number;
}

/** Upstream's pause before the n-th try to reach an unreachable server: 5 s, doubling, at most 60 s. */
export function networkWaitMs(n: number): number {
  return Math.min(5000 * 2 ** Math.max(0, n - 1), 60_000);
}

async function openWithRequestRetries(client: ModelClient, body: Record<string, unknown>, policy: RetryPolicy, signal?: AbortSignal) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await client.stream(body, { signal });
    } catch (e) {
      const f = classify(e);
      const retry = ((f.kind === 'http' && f.status >= 500) || f.kind === 'connect') && attempt < policy.requestMaxRetries;
      if (!retry || signal?.aborted) throw new ModelError(f);
      await sleep(backoffMs(attempt + 1), signal);
    }
  }
}

async function* consume(events: AsyncIterable<ResponseEvent>): AsyncGenerator<SamplingEvent> {
  const items: OutputItem[] = [];
  for await (const ev of events) {
    switch (ev.type) {
      case 'response.output_text.delta':
        yield { type: 'text_delta', itemId: String(ev.item_id ?? ''), delta: String(ev.delta ?? '') };
        break;
      case 'response.output_item.added':
        yield { type: 'item_added', item: ev.item as OutputItem };
        break;
      case 'response.output_item.done':
        items.push(ev.item as OutputItem);
        yield { type: 'item_done', item: ev.item as OutputItem };
        break;
      case 'response.completed': {
        const response = ev.response as { id: string; usage?: Parameters<typeof fromApiUsage>[0] };
        yield { type: 'completed', responseId: response.id, usage: fromApiUsage(response.usage), items };
        return;
      }
      case 'response.failed':
      case 'error': {
        const err = (ev.response as { error?: { message?: string } } | undefined)?.error ?? (ev as { message?: string });
        throw new ModelError({ kind: 'stream', message: `stream disconnected before completion: ${err.message ?? 'response failed'}` });
      }
    }
  }
  throw new ModelError({ kind: 'stream', message: STREAM_CLOSED });
}

export async function* sample(client: ModelClient, body: Record<string, unknown>, policy: RetryPolicy, signal?: AbortSignal): AsyncGenerator<SamplingEvent> {
  let networkWaits = 0;
  for (let round = 0; ; round++) {
    let failure: ModelFailure;
    try {
      const events = await openWithRequestRetries(client, body, policy, signal);
      yield* consume(events);
      return;
    } catch (e) {
      failure = classify(e);
    }
    if (signal?.aborted) throw new ModelError(failure);
    if (failure.kind === 'connect' && policy.unboundedConnectionRetries !== false) {
      // Waiting for the network spends none of the reconnect budget.
      networkWaits++;
      round--;
      yield { type: 'reconnecting', attempt: networkWaits, max: null, reason: reconnectReason(failure), failure: failure.kind };
      await sleep((policy.networkWait ?? networkWaitMs)(networkWaits), signal);
      continue;
    }
    if (!isRetryable(failure) || round >= policy.streamMaxRetries) throw new ModelError(failure);
    yield { type: 'reconnecting', attempt: round + 1, max: policy.streamMaxRetries, reason: reconnectReason(failure), failure: failure.kind };
    const wait = failure.kind === 'http' && failure.retryAfterMs !== null ? failure.retryAfterMs : backoffMs(round + 1);
    await sleep(wait, signal);
  }
}

export { finalMessage };
