// The retry policy, checked against the lab's loopback mock (real HTTP, real SDK): which failures are
// retried silently, which reconnect visibly, and what the user is told in the end.
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '#lab/mock';
import { backoffMs } from './backoff.ts';
import { createModelClient } from './client.ts';
import { CONNECTION_FAILED, ModelError, SERVER_BUSY, STREAM_CLOSED, finalMessage, reconnectNotice } from './errors.ts';
import { networkWaitMs, sample, type RetryPolicy, type SamplingEvent } from './sampling.ts';
import { createServer } from 'node:net';
import { getEventListeners } from 'node:events';

let server: MockServer;
afterEach(() => server?.close());

async function run(turns: unknown[], policy = { requestMaxRetries: 1, streamMaxRetries: 1 }) {
  server = await startMockServer({ turns } as never);
  const client = createModelClient({ baseURL: server.url, apiKey: 'sk-test' });
  const events: SamplingEvent[] = [];
  let error: ModelError | null = null;
  try {
    for await (const ev of sample(client, { model: 'gpt-5.5', input: 'hi' }, policy)) events.push(ev);
  } catch (e) {
    error = e as ModelError;
  }
  return { events, error, requests: server.requests().length };
}

const text = { output: [{ text: 'hello' }], chunk_delay_ms: 1 };

describe('sampling retries', () => {
  it('retries one HTTP 500 silently and completes', async () => {
    const r = await run([{ ...text, faults: [{ status: 500 }] }]);
    expect(r.error).toBeNull();
    expect(r.requests).toBe(2);
    expect(r.events.some((e) => e.type === 'reconnecting')).toBe(false);
    expect(r.events.at(-1)).toMatchObject({ type: 'completed', usage: { input_tokens: 120, output_tokens: 12 } });
  });

  it('spends request retries, then stream reconnects, on HTTP 500 every time', async () => {
    const r = await run([{ ...text, fault_always: { status: 500 } }]);
    expect(r.requests).toBe(4); // (1 + 1 request retry) × (1 + 1 reconnect)
    expect(r.events).toEqual([{ type: 'reconnecting', attempt: 1, max: 1, reason: SERVER_BUSY, failure: 'http' }]);
    expect(finalMessage(r.error!.failure)).toBe(SERVER_BUSY);
  });

  it('reconnects after the retry-after delay on 429 and reports the spent budget', async () => {
    const r = await run([{ ...text, fault_always: { status: 429, retry_after: 0 } }], { requestMaxRetries: 3, streamMaxRetries: 2 });
    expect(r.requests).toBe(3); // 429 is never retried at the request level
    expect(r.events.map((e) => e.type)).toEqual(['reconnecting', 'reconnecting']);
    expect(finalMessage(r.error!.failure)).toBe('exceeded retry limit, last status: 429 Too Many Requests');
  });

  it('does not retry HTTP 400 and passes the error body through', async () => {
    const r = await run([{ ...text, fault_always: { status: 400, message: 'mock bad request' } }]);
    expect(r.requests).toBe(1);
    expect(finalMessage(r.error!.failure)).toBe('{"error":{"message":"mock bad request","type":"invalid_request_error"}}');
  });

  it.each(['malformed', 'no_completed'])('treats a %s stream as closed before completion', async (kind) => {
    const r = await run([{ ...text, fault_always: { stream: kind } }], { requestMaxRetries: 0, streamMaxRetries: 2 });
    expect(r.requests).toBe(3);
    expect(finalMessage(r.error!.failure)).toBe(STREAM_CLOSED);
  });

  it('reports a dropped connection as a transport error', async () => {
    const r = await run([{ ...text, fault_always: { stream: 'drop' } }], { requestMaxRetries: 0, streamMaxRetries: 0 });
    expect(finalMessage(r.error!.failure)).toMatch(/^stream disconnected before completion: Transport error/);
  });

  it('recovers when a broken stream is followed by a good one', async () => {
    const r = await run([{ ...text, faults: [{ stream: 'drop' }] }]);
    expect(r.error).toBeNull();
    expect(r.events.filter((e) => e.type === 'item_done')).toHaveLength(1);
  });
});

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

describe('the turn\'s abort signal', () => {
  it('carries no listener left behind by retried requests or their waits', async () => {
    server = await startMockServer({ turns: [{ ...text, fault_always: { status: 500 } }] } as never);
    const client = createModelClient({ baseURL: server.url, apiKey: 'sk-test' });
    const turn = new AbortController();
    await expect(
      (async () => {
        for await (const _ of sample(client, { model: 'gpt-5.5', input: 'hi' }, { requestMaxRetries: 2, streamMaxRetries: 1 }, turn.signal));
      })(),
    ).rejects.toBeInstanceOf(ModelError);
    expect(server.requests().length).toBe(6);
    expect(getEventListeners(turn.signal, 'abort')).toHaveLength(0);
  });

  it('lets go of a finished request once its stream is read', async () => {
    server = await startMockServer({ turns: [text] } as never);
    const client = createModelClient({ baseURL: server.url, apiKey: 'sk-test' });
    const turn = new AbortController();
    for await (const _ of sample(client, { model: 'gpt-5.5', input: 'hi' }, { requestMaxRetries: 1, streamMaxRetries: 1 }, turn.signal));
    expect(getEventListeners(turn.signal, 'abort')).toHaveLength(0);
  });
});

describe('a server that cannot be reached', () => {
  async function sampleAt(port: number, policy: RetryPolicy, onEvent: (ev: SamplingEvent, all: SamplingEvent[]) => Promise<void> | void = () => {}) {
    const client = createModelClient({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'sk-test' });
    const events: SamplingEvent[] = [];
    let error: ModelError | null = null;
    try {
      for await (const ev of sample(client, { model: 'gpt-5.5', input: 'hi' }, policy)) {
        events.push(ev);
        await onEvent(ev, events);
      }
    } catch (e) {
      error = e as ModelError;
    }
    return { events, error };
  }

  it('is waited for without end, spending no reconnect budget, and the turn carries on once it is up', async () => {
    const port = await closedPort();
    const r = await sampleAt(port, { requestMaxRetries: 1, streamMaxRetries: 0, networkWait: () => 20 }, async (ev, all) => {
      if (ev.type === 'reconnecting' && all.length === 3) server = await startMockServer({ turns: [text] } as never, { port });
    });
    expect(r.error).toBeNull();
    expect(r.events.slice(0, 3)).toEqual([1, 2, 3].map((attempt) => ({ type: 'reconnecting', attempt, max: null, reason: CONNECTION_FAILED, failure: 'connect' })));
    expect(r.events.at(-1)).toMatchObject({ type: 'completed' });
    expect(reconnectNotice(1, null, CONNECTION_FAILED)).toBe('Reconnecting... waiting for network (Connection failed: error sending request)');
  });

  it('with unbounded_connection_retries off, reconnects within the budget and then fails with "Connection failed"', async () => {
    const r = await sampleAt(await closedPort(), { requestMaxRetries: 0, streamMaxRetries: 1, unboundedConnectionRetries: false });
    expect(r.events).toEqual([{ type: 'reconnecting', attempt: 1, max: 1, reason: CONNECTION_FAILED, failure: 'connect' }]);
    expect(finalMessage(r.error!.failure)).toBe('Connection failed: error sending request');
  });

  it("waits upstream's intervals: 5 s, doubling, at most a minute", () => {
    expect([1, 2, 3, 4, 5, 6, 9].map(networkWaitMs)).toEqual([5000, 10_000, 20_000, 40_000, 60_000, 60_000, 60_000]);
  });
});

describe('backoff', () => {
  it('doubles from about 200 ms with ±10% jitter', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, () => 0.5))).toEqual([200, 400, 800, 1600]);
    expect(backoffMs(1, () => 0)).toBe(180);
    expect(backoffMs(1, () => 1)).toBe(220);
  });
});
