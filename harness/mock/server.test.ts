import OpenAI from 'openai';
import { afterEach, describe, expect, it } from 'vitest';
import type { MockScriptInput } from './script.ts';
import { startMockServer, type MockServer } from './server.ts';

const open: MockServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function start(script: MockScriptInput): Promise<MockServer> {
  const server = await startMockServer(script);
  open.push(server);
  return server;
}

const client = (server: MockServer, maxRetries = 0) => new OpenAI({ baseURL: server.url, apiKey: 'sk-test', maxRetries });

function post(server: MockServer, body: unknown = { model: 'gpt-5.5', input: 'hi', stream: true }, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/responses`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

interface Arrival {
  event: string;
  data: string;
  at: number;
}

/** Reads an SSE body, stamping each complete frame with the time its bytes arrived. */
async function readFrames(response: Response): Promise<Arrival[]> {
  const decoder = new TextDecoder();
  const frames: Arrival[] = [];
  let buffer = '';
  for await (const chunk of response.body!) {
    const at = performance.now();
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      frames.push({ event: /^event: (.*)$/m.exec(block)?.[1] ?? '', data: /^data: (.*)$/m.exec(block)?.[1] ?? '', at });
    }
  }
  return frames;
}

const hello: MockScriptInput = { turns: [{ output: [{ text: 'Hello world' }] }] };

describe('mock Responses server: successful turns', () => {
  it('serves a text turn that the openai SDK streams event by event', async () => {
    const server = await start(hello);
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
    const stream = await client(server).responses.create({ model: 'gpt-5.5', input: 'hi', stream: true });
    const events = [];
    for await (const event of stream) events.push(event);
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const last = events.at(-1)!;
    expect(last.type === 'response.completed' && last.response.usage?.total_tokens).toBe(132);
    expect(server.requests()).toMatchObject([{ seq: 1, kind: 'turn', turn_index: 0, attempt: 1, method: 'POST', path: '/v1/responses' }]);
    expect(server.problems()).toEqual([]);
  });

  it("satisfies the SDK's stream helper: finalResponse() has output_text", async () => {
    const server = await start(hello);
    const final = await client(server).responses.stream({ model: 'gpt-5.5', input: 'hi' }).finalResponse();
    expect(final.output_text).toBe('Hello world');
    expect(final.id).toBe('resp_mock_1');
    expect(final.model).toBe('gpt-5.5');
  });

  it('flushes each event as it is produced, spaced by chunk_delay_ms', async () => {
    const server = await start({ turns: [{ output: [{ text: 'Hello world' }], chunk_delay_ms: 60 }] });
    const sent = performance.now();
    const frames = await readFrames(await post(server));
    expect(frames).toHaveLength(11);
    // Frame i cannot leave the server before i delays have passed (timers never fire early)...
    frames.forEach((f, i) => expect(f.at - sent).toBeGreaterThanOrEqual(i * 60 - 2));
    // ...and it is not held back either: the frames arrive spread out, mostly one delay apart.
    // (A couple of short gaps are tolerated: a busy test process may read two frames at once.)
    expect(frames[10].at - frames[0].at).toBeGreaterThanOrEqual(300);
    const gaps = frames.slice(1).map((f, i) => f.at - frames[i].at);
    expect(gaps.filter((g) => g >= 55).length).toBeGreaterThanOrEqual(8);
  });

  it('advances one scripted turn per successful response', async () => {
    const server = await start({ turns: [{ output: [{ text: 'one' }] }, { output: [{ text: 'two' }] }] });
    const sdk = client(server);
    const first = await sdk.responses.stream({ model: 'gpt-5.5', input: 'hi' }).finalResponse();
    const second = await sdk.responses.stream({ model: 'gpt-5.5', input: 'again' }).finalResponse();
    expect([first.id, first.output_text, second.id, second.output_text]).toEqual(['resp_mock_1', 'one', 'resp_mock_2', 'two']);
    expect(server.requests().map((r) => r.turn_index)).toEqual([0, 1]);
  });

  it('logs the text a turn was answered with, only when the answer succeeded', async () => {
    const server = await start({ turns: [{ output: [{ text: 'a summary' }], faults: [{ status: 500 }] }, { output: [{ exec_command: { cmd: 'ls' } }] }] });
    const sdk = client(server, 1);
    await sdk.responses.stream({ model: 'gpt-5.5', input: 'hi' }).finalResponse();
    await sdk.responses.stream({ model: 'gpt-5.5', input: 'again' }).finalResponse();
    expect(server.requests().map((r) => [r.fault, r.output_text])).toEqual([
      ['status:500', undefined],
      [undefined, 'a summary'],
      [undefined, undefined],
    ]);
  });

  it('serves function_call and apply_patch turns', async () => {
    const server = await start({
      turns: [
        {
          output: [
            { reasoning: '**Planning** the command' },
            { exec_command: { cmd: 'echo hi', yield_time_ms: 1000 } },
            { apply_patch: '*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch\n' },
          ],
        },
      ],
    });
    const final = await client(server).responses.stream({ model: 'gpt-5.5', input: 'hi' }).finalResponse();
    expect(final.output).toMatchObject([
      { type: 'reasoning', id: 'rs_mock_1_0', summary: [{ type: 'summary_text', text: '**Planning** the command' }] },
      { type: 'function_call', call_id: 'call_mock_1_1', name: 'exec_command', arguments: '{"cmd":"echo hi","yield_time_ms":1000}' },
      { type: 'custom_tool_call', call_id: 'call_mock_1_2', name: 'apply_patch', input: '*** Begin Patch\n*** Add File: hello.txt\n+hi\n*** End Patch\n' },
    ]);
  });
});

describe('mock Responses server: faults', () => {
  it('500 once: the fault consumes one request, then the same turn succeeds', async () => {
    const server = await start({ turns: [{ output: [{ text: 'after retry' }], faults: [{ status: 500 }] }] });
    const final = await client(server, 2).responses.stream({ model: 'gpt-5.5', input: 'hi' }).finalResponse();
    expect(final.output_text).toBe('after retry');
    expect(server.requests().map(({ turn_index, attempt, fault }) => ({ turn_index, attempt, fault }))).toEqual([
      { turn_index: 0, attempt: 1, fault: 'status:500' },
      { turn_index: 0, attempt: 2, fault: undefined },
    ]);
  });

  it('429 sends a retry-after header, which the SDK honours', async () => {
    const server = await start({ turns: [{ output: [{ text: 'ok' }], faults: [{ status: 429, retry_after: 1 }, { status: 429, retry_after: 1 }] }] });
    const raw = await post(server);
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('1');
    expect((await raw.json()).error.type).toBe('requests');

    const started = performance.now();
    const final = await client(server, 1).responses.stream({ model: 'gpt-5.5', input: 'hi' }).finalResponse();
    expect(final.output_text).toBe('ok');
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(server.requests().map((r) => r.fault)).toEqual(['status:429', 'status:429', undefined]);
  });

  it('400 answers with an OpenAI-style error body', async () => {
    const server = await start({ turns: [{ output: [{ text: 'never' }], faults: [{ status: 400, message: 'mock bad request' }] }] });
    const raw = await post(server);
    expect(raw.status).toBe(400);
    expect(await raw.text()).toBe('{"error":{"message":"mock bad request","type":"invalid_request_error"}}');
  });

  it('400 surfaces as an SDK error naming the message', async () => {
    const server = await start({ turns: [{ output: [], faults: [{ status: 400, message: 'mock bad request' }] }] });
    const error = await client(server)
      .responses.create({ model: 'gpt-5.5', input: 'hi', stream: true })
      .then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain('mock bad request');
  });

  it('malformed sends a data line that is not JSON, then closes', async () => {
    const server = await start({ turns: [{ output: [{ text: 'never' }], faults: [{ stream: 'malformed' }, { stream: 'malformed' }] }] });
    const frames = await readFrames(await post(server));
    expect(frames.map((f) => f.event)).toEqual(['response.created', 'response.output_text.delta']);
    expect(frames[1].data).toBe('{not json');

    const stream = await client(server).responses.create({ model: 'gpt-5.5', input: 'hi', stream: true });
    await expect(async () => {
      for await (const _ of stream);
    }).rejects.toThrow(SyntaxError);
  });

  it('drop destroys the connection after response.created: the client sees an error', async () => {
    const server = await start({ turns: [{ output: [{ text: 'never' }], faults: [{ stream: 'drop' }, { stream: 'drop' }] }] });
    const raw = await post(server);
    expect(raw.status).toBe(200);
    const seen: string[] = [];
    await expect(async () => {
      for await (const chunk of raw.body!) seen.push(new TextDecoder().decode(chunk));
    }).rejects.toThrow();
    expect(seen.join('')).toContain('event: response.created');

    const types: string[] = [];
    const stream = await client(server).responses.create({ model: 'gpt-5.5', input: 'hi', stream: true });
    await expect(async () => {
      for await (const event of stream) types.push(event.type);
    }).rejects.toThrow();
    expect(types).toEqual(['response.created']);
  });

  it('no_completed sends every item but ends without response.completed', async () => {
    const server = await start({ turns: [{ output: [{ text: 'partial' }], faults: [{ stream: 'no_completed' }] }] });
    const events = (await readFrames(await post(server))).map((f) => f.event);
    expect(events).toContain('response.output_item.done');
    expect(events).not.toContain('response.completed');
    expect(server.requests()[0].fault).toBe('stream:no_completed');
  });

  it('fault_always answers every request with the fault and never advances', async () => {
    const server = await start({ turns: [{ output: [{ text: 'never' }], faults: [{ stream: 'drop' }], fault_always: { status: 500 } }] });
    await post(server).then((r) => r.arrayBuffer()).catch(() => undefined);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(server)).status);
    expect(statuses).toEqual([500, 500, 500]);
    expect(server.requests().map((r) => [r.turn_index, r.attempt, r.fault])).toEqual([
      [0, 1, 'stream:drop'],
      [0, 2, 'status:500'],
      [0, 3, 'status:500'],
      [0, 4, 'status:500'],
    ]);
  });
});

describe('mock Responses server: routing and bookkeeping', () => {
  it('reports script exhaustion with a 400 and a problem', async () => {
    const server = await start(hello);
    await (await post(server)).text();
    const raw = await post(server);
    const message = 'mock script exhausted: request 2 asked for turn 2 but only 1 turns are scripted';
    expect(raw.status).toBe(400);
    expect((await raw.json()).error.message).toBe(message);
    expect(server.problems()).toEqual([message]);
    expect(server.requests()[1]).toMatchObject({ kind: 'turn', turn_index: 1, fault: 'exhausted' });
  });

  it('records a problem for a tool call without its output in the same input', async () => {
    const server = await start({ turns: [{ output: [{ text: 'a' }] }, { output: [{ text: 'b' }] }] });
    const call = { type: 'function_call', call_id: 'call_mock_1_0', name: 'exec_command', arguments: '{}' };
    const patch = { type: 'custom_tool_call', call_id: 'call_mock_1_1', name: 'apply_patch', input: '' };
    await (await post(server, { input: [call, { type: 'function_call_output', call_id: 'call_mock_1_0', output: 'ok' }, patch, { type: 'custom_tool_call_output', call_id: 'call_mock_1_1', output: 'ok' }] })).text();
    expect(server.problems()).toEqual([]);
    await (await post(server, { input: [call, patch, { type: 'custom_tool_call_output', call_id: 'call_mock_1_1', output: 'ok' }] })).text();
    expect(server.problems()).toEqual(['request 2: function_call "exec_command" call_id "call_mock_1_0" has no function_call_output in the same input']);
  });

  it('answers title-generation requests from script.title without consuming a turn', async () => {
    const server = await start({ title: 'Greet the user', ...hello });
    const titleRequest = {
      model: 'gpt-5.5',
      input: 'Generate a concise, single-line task title',
      tools: [{ type: 'custom', name: 'apply_patch' }], // upstream 0.169.0 sends its patch tool here, so tools are not a signal
      text: { format: { type: 'json_schema', name: 'title', strict: true, schema: { type: 'object', properties: { title: { type: 'string' } } } } },
    };
    const sdk = client(server);
    const title = await sdk.responses.stream(titleRequest as never).finalResponse();
    expect(JSON.parse(title.output_text)).toEqual({ title: 'Greet the user' });
    const turn = await sdk.responses.stream({ model: 'gpt-5.5', input: 'hi' }).finalResponse();
    expect(turn.output_text).toBe('Hello world');
    expect(server.requests().map((r) => [r.kind, r.turn_index])).toEqual([
      ['title', null],
      ['turn', 0],
    ]);
  });

  it('masks secret headers in the log', async () => {
    const server = await start(hello);
    await client(server)
      .responses.stream({ model: 'gpt-5.5', input: 'hi' }, { headers: { 'x-codex-auth-token': 'tok-123', 'openai-api-key': 'sk-other', originator: 'codex_exec' } })
      .finalResponse();
    const [entry] = server.requests();
    expect(entry.headers).toMatchObject({ authorization: '<masked>', 'x-codex-auth-token': '<masked>', 'openai-api-key': '<masked>', originator: 'codex_exec' });
    const logged = JSON.stringify(server.requests());
    for (const secret of ['sk-test', 'tok-123', 'sk-other']) expect(logged).not.toContain(secret);
    expect(entry.body).toMatchObject({ model: 'gpt-5.5', input: 'hi', stream: true });
  });

  it('answers unknown paths with 404 and logs them', async () => {
    const server = await start(hello);
    const raw = await fetch(`${server.url}/models`);
    expect(raw.status).toBe(404);
    expect(server.requests()).toMatchObject([{ seq: 1, kind: 'other', turn_index: null, method: 'GET', path: '/v1/models', body: '' }]);
  });

  it('close() ends in-flight streams instead of waiting for them', async () => {
    const server = await startMockServer({ turns: [{ output: [{ text: 'slow' }], chunk_delay_ms: 10_000 }] });
    const raw = await post(server);
    const reader = raw.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('response.created');
    const started = performance.now();
    await server.close();
    expect(performance.now() - started).toBeLessThan(1000);
    await expect(reader.read()).rejects.toThrow();
  });
});
