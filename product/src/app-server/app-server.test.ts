// csm's app-server against upstream's: the same JSON-RPC conversation is held with `codex
// app-server` and `csm app-server` (the built dist/csm.mjs) over stdio against the lab's mock, and
// the messages are compared by shape (ids, times and paths differ, the keys and the order of
// notifications must not). Every message csm sends is validated against upstream's JSON Schema.
// The lab's jsonrpc scenarios (scenarios/appserver-*.yaml) compare such conversations message by
// message and field by field; these looser checks hold what csm already matches while those
// scenarios are listed gaps. Then csm alone, what no scenario covers: a method csm does not serve,
// csm's wording for bad params, health endpoints, two clients on one thread, a client that vanishes.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createRunHome, targetEnv, writeConfig, type RunHome } from '#lab/drivers';
import { startMockServer, type MockServer } from '#lab/mock';
import { appServerCommand, messageClient, startStdioClient, type Message, type RpcClient } from '#test-support/jsonrpc';
import { checkOutgoing } from './protocol-check.ts';

const homes: RunHome[] = [];
const place = (run: RunHome) => ({ cwd: run.workspace, env: targetEnv(run, { tty: false }) });
afterAll(() => {
  for (const h of homes) rmSync(h.root, { recursive: true, force: true });
});

const SCRIPT = {
  turns: [
    { output: [{ text: 'Hi! This is the mock.' }] },
    { output: [{ exec_command: { cmd: 'touch marker && echo created', sandbox_permissions: 'require_escalated' as const, justification: 'mock wants to write' } }] },
    { output: [{ text: 'done' }] },
  ],
};

/** The keys of a value, all the way down (arrays by their first element); leaves by JSON type. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? [shape(v[0])] : [];
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, shape((v as Record<string, unknown>)[k])]));
  return v === null ? 'null' : typeof v;
}

/** Only keys: a field one target leaves null and the other fills is the same field. */
function keys(v: unknown): unknown {
  if (Array.isArray(v)) return v.length ? [keys(v[0])] : [];
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, keys((v as Record<string, unknown>)[k])]));
  return '*';
}

// Notifications about what csm has none of (remote control, deprecations of upstream's own API).
const NOT_COMPARED = new Set(['remoteControl/status/changed', 'deprecationNotice', 'warning', 'configWarning', 'thread/goal/cleared']);

interface Conversation {
  messages: Message[];
  /** request id → method, to validate responses */
  methods: Map<number, string>;
  turns: Message[][];
  threadId: string;
}

async function converse(target: 'upstream' | 'csm'): Promise<Conversation> {
  const mock = await startMockServer(SCRIPT);
  const run = createRunHome(`appserver-${target}`);
  homes.push(run);
  writeConfig(run, mock.url, '');
  const c = startStdioClient(target, place(run));
  const methods = new Map<number, string>();
  const req = async (method: string, params?: unknown) => {
    const r = await c.request(method, params);
    methods.set(r.id, method);
    return r;
  };
  try {
    await req('initialize', { clientInfo: { name: 'parity', title: null, version: '0.0.1' }, capabilities: { experimentalApi: true } });
    c.notify('initialized', {});
    const started = await req('thread/start', { cwd: run.workspace, approvalPolicy: 'on-request' });
    const threadId = started.result.thread.id as string;
    const turns: Message[][] = [];
    let from = c.received.length;
    await req('turn/start', { threadId, input: [{ type: 'text', text: 'hello', text_elements: [] }] });
    await c.waitFor((m) => m.method === 'turn/completed', 20_000, from);
    turns.push(c.received.slice(from));
    from = c.received.length;
    await req('turn/start', { threadId, input: [{ type: 'text', text: 'APPROVE', text_elements: [] }] });
    const ask = await c.waitFor((m) => m.method === 'item/commandExecution/requestApproval', 20_000, from);
    c.respond(ask.id, { decision: 'accept' });
    await c.waitFor((m) => m.method === 'turn/completed', 20_000, from);
    turns.push(c.received.slice(from));
    expect(readFileSync(path.join(run.workspace, 'marker'), 'utf8')).toBe('');
    await req('thread/list', {});
    await req('thread/loaded/list', {});
    await req('thread/read', { threadId, includeTurns: false });
    await req('thread/turns/list', { threadId });
    await req('model/list', { includeHidden: true });
    await req('account/read', {});
    await req('configRequirements/read', undefined);
    await req('collaborationMode/list', {});
    return { messages: [...c.received], methods, turns, threadId };
  } finally {
    await c.close();
    await mock.close();
  }
}

const methodsOf = (ms: Message[]) => ms.filter((m) => m.method && !NOT_COMPARED.has(m.method)).map((m) => m.method as string);
const firstNamed = (ms: Message[], method: string, pred: (m: Message) => boolean = () => true) => ms.find((m) => m.method === method && pred(m));

describe('csm app-server speaks upstream app-server protocol (same conversation, both targets)', () => {
  let up: Conversation;
  let csm: Conversation;
  beforeAll(async () => {
    [up, csm] = await Promise.all([converse('upstream'), converse('csm')]);
  }, 90_000);

  it('every message csm sent is valid under upstream JSON Schema', () => {
    const problems: string[] = [];
    for (const m of csm.messages) {
      const bad = checkOutgoing(m, 'method' in m ? undefined : csm.methods.get(m.id));
      if (bad) problems.push(`${m.method ?? `response to ${csm.methods.get(m.id)}`}: ${bad.message}`);
    }
    expect(problems).toEqual([]);
  });

  it('a streamed answer: the same notifications in the same order', () => {
    // thread/started belongs to thread/start: whether it lands before or after the turn's first
    // message is a race on either side (both orders seen from upstream and from csm under load).
    const turn = (ms: Message[]) => methodsOf(ms).filter((m) => m !== 'thread/started');
    expect(turn(csm.turns[0])).toEqual(turn(up.turns[0]));
  });

  it('a streamed answer: each notification has upstream keys', () => {
    for (const method of ['turn/started', 'item/agentMessage/delta', 'thread/tokenUsage/updated', 'turn/completed', 'thread/status/changed']) {
      expect({ method, keys: keys(firstNamed(csm.turns[0], method)?.params) }).toEqual({ method, keys: keys(firstNamed(up.turns[0], method)?.params) });
    }
    const agent = (ms: Message[]) => firstNamed(ms, 'item/completed', (m) => m.params.item.type === 'agentMessage');
    expect(shape(agent(csm.turns[0])?.params)).toEqual(shape(agent(up.turns[0])?.params));
  });

  it('a command with approval: asked as a server request, resolved, run, answered', () => {
    const seq = (ms: Message[]) => methodsOf(ms).filter((m) => ['item/commandExecution/requestApproval', 'serverRequest/resolved', 'item/completed', 'turn/completed'].includes(m));
    expect(seq(csm.turns[1])).toEqual(seq(up.turns[1]));
    const ask = (ms: Message[]) => firstNamed(ms, 'item/commandExecution/requestApproval')!.params;
    expect(ask(csm.turns[1]).command).toBe(ask(up.turns[1]).command);
    expect(ask(csm.turns[1]).reason).toBe(ask(up.turns[1]).reason);
    const cmd = (ms: Message[]) => firstNamed(ms, 'item/completed', (m) => m.params.item.type === 'commandExecution')!.params.item;
    expect({ status: cmd(csm.turns[1]).status, out: cmd(csm.turns[1]).aggregatedOutput, exit: cmd(csm.turns[1]).exitCode }).toEqual({ status: 'completed', out: 'created\n', exit: 0 });
    expect(keys(cmd(csm.turns[1]))).toEqual(keys(cmd(up.turns[1])));
  });

  it('responses have upstream keys (thread/start, turn/start, thread/list, thread/read, thread/turns/list, …)', () => {
    const response = (c: Conversation, method: string) => c.messages.find((m) => !('method' in m) && c.methods.get(m.id) === method);
    // readStates is keyed by thread id: compared by its entries.
    const result = (c: Conversation, method: string) => {
      const r = response(c, method)?.result ?? {};
      return method === 'thread/list' ? { ...r, readStates: Object.values(r.readStates) } : r;
    };
    for (const method of ['thread/start', 'turn/start', 'thread/list', 'thread/loaded/list', 'thread/read', 'account/read', 'configRequirements/read', 'collaborationMode/list']) {
      expect({ method, keys: keys(result(csm, method)) }).toEqual({ method, keys: keys(result(up, method)) });
    }
    // The listed thread is the one the conversation ran, with its first prompt as preview.
    const listed = response(csm, 'thread/list')!.result.data;
    expect(listed.map((t: Message) => [t.id, t.preview])).toEqual([[csm.threadId, 'hello']]);
    const turns = (c: Conversation) => response(c, 'thread/turns/list')!.result.data.map((t: Message) => t.items.map((i: Message) => i.type));
    expect(turns(csm)).toEqual(turns(up));
  });
});

describe('csm app-server on its own', () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ turns: [{ output: [{ text: 'slow answer for two' }], chunks: 4, chunk_delay_ms: 150 }, { output: [{ text: 'answer after the client left' }], chunks: 4, chunk_delay_ms: 300 }] });
  });
  afterAll(() => mock.close());

  // Before initialize, an unknown method and a missing field: scenario appserver-unknown-method.
  it('a method csm does not serve is a JSON-RPC error naming it; params of the wrong type are refused in csm words', async () => {
    const run = createRunHome('appserver-errors');
    homes.push(run);
    writeConfig(run, mock.url, '');
    const c = startStdioClient('csm', place(run));
    try {
      await c.request('initialize', { clientInfo: { name: 't', title: null, version: '1' } });
      const unserved = await c.request('fs/readFile', { path: '/etc/hostname' });
      expect(unserved.error).toEqual({ code: -32601, message: "csm's app-server does not serve `fs/readFile`" });
      const bad = await c.request('thread/read', { threadId: 5 });
      expect(bad.error.code).toBe(-32602);
      expect(bad.error.message).toMatch(/^Invalid params for thread\/read: \/threadId must be string/);
    } finally {
      await c.close();
    }
  });

  it("a turn's outputSchema shapes that turn's request only (upstream's TUI asks for thread titles this way), and initialize names the codex protocol version", async () => {
    const titled = await startMockServer({ turns: [{ output: [{ text: 'plain answer' }] }], title: 'Mock task' });
    const run = createRunHome('appserver-schema');
    homes.push(run);
    writeConfig(run, titled.url, '');
    const c = startStdioClient('csm', place(run));
    try {
      const init = await c.request('initialize', { clientInfo: { name: 'codex-tui', title: null, version: '0.171.0' } });
      // Upstream's layout: client/PROTOCOL (OS VERSION; ARCH) TERMINAL (client; client version).
      expect(init.result.userAgent).toMatch(new RegExp(`^codex-tui/${readFileSync(new URL('../../protocol/app-server/VERSION', import.meta.url), 'utf8').trim().replaceAll('.', '\\.')} \\([^;]+ \\d+\\.\\d+\\.\\d+; [^)]+\\) \\S+ \\(codex-tui; 0\\.171\\.0\\)$`));
      c.notify('initialized', {});
      const threadId = (await c.request('thread/start', { cwd: run.workspace, ephemeral: true })).result.thread.id;
      const schema = { type: 'object', properties: { title: { type: 'string' } }, required: ['title'], additionalProperties: false };
      let from = c.received.length;
      await c.request('turn/start', { threadId, input: [{ type: 'text', text: 'name this', text_elements: [] }], outputSchema: schema });
      const done = await c.waitFor((m) => m.method === 'turn/completed', 20_000, from);
      expect(done.params.turn.items.at(-1).text).toBe('{"title":"Mock task"}');
      from = c.received.length;
      await c.request('turn/start', { threadId, input: [{ type: 'text', text: 'and now plainly', text_elements: [] }] });
      await c.waitFor((m) => m.method === 'turn/completed', 20_000, from);
      expect(titled.requests().map((r) => (r.body as { text: { format?: { schema: unknown } } }).text.format?.schema ?? null)).toEqual([schema, null]);
    } finally {
      await c.close();
      await titled.close();
    }
  });

  async function wsServer(run: RunHome, extra: string[]): Promise<{ url: string; stop: () => void }> {
    const { file, args } = appServerCommand('csm', ['--listen', 'ws://127.0.0.1:0', ...extra]);
    const child = spawn(file, args, { cwd: run.workspace, env: targetEnv(run, { tty: false }), stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr!.on('data', (d) => {
        err += d;
        const m = /listening on: (ws:\/\/\S+)/.exec(err);
        if (m) resolve(m[1]);
      });
      child.once('exit', () => reject(new Error(`app-server exited: ${err}`)));
    });
    return { url, stop: () => child.kill('SIGTERM') };
  }

  function wsClient(url: string, headers: Record<string, string> = {}): Promise<RpcClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers });
      const c = messageClient(
        (t) => ws.send(t),
        async () => ws.close(),
      );
      ws.on('message', (d) => c.receive(JSON.parse(String(d))));
      ws.once('open', () => resolve(Object.assign(c, { child: null as never })));
      ws.once('unexpected-response', (_q, res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => reject(new Error(`${res.statusCode} ${body}`)));
      });
      ws.once('error', reject);
    });
  }

  // A missing or wrong token refused at the handshake: scenario appserver-ws-bad-token.
  it('ws: /readyz and /healthz answer without a token; the right token connects', async () => {
    const run = createRunHome('appserver-ws-auth');
    homes.push(run);
    writeConfig(run, mock.url, '');
    const tokenFile = path.join(run.root, 'token');
    writeFileSync(tokenFile, 'capability-123\n');
    const server = await wsServer(run, ['--ws-auth', 'capability-token', '--ws-token-file', tokenFile]);
    try {
      const http = server.url.replace('ws:', 'http:');
      expect((await fetch(`${http}/readyz`)).status).toBe(200);
      expect((await fetch(`${http}/healthz`)).status).toBe(200);
      const c = await wsClient(server.url, { Authorization: 'Bearer capability-123' });
      expect((await c.request('initialize', { clientInfo: { name: 't', title: null, version: '1' } })).result.platformOs).toBe('linux');
      await c.close();
    } finally {
      server.stop();
    }
  });

  it('ws: two clients on one thread both see its events; a client that vanishes mid-turn loses nothing', async () => {
    const run = createRunHome('appserver-ws-many');
    homes.push(run);
    writeConfig(run, mock.url, '');
    const server = await wsServer(run, []);
    try {
      const a = await wsClient(server.url);
      const b = await wsClient(server.url);
      for (const c of [a, b]) await c.request('initialize', { clientInfo: { name: 'two', title: null, version: '1' } });
      const threadId = (await a.request('thread/start', { cwd: run.workspace })).result.thread.id;
      await b.request('thread/resume', { threadId });
      await a.request('turn/start', { threadId, input: [{ type: 'text', text: 'for both', text_elements: [] }] });
      const text = (c: RpcClient) =>
        c.waitFor((m) => m.method === 'turn/completed').then(() =>
          c.received.filter((m) => m.method === 'item/agentMessage/delta').map((m) => m.params.delta).join(''),
        );
      expect(await Promise.all([text(a), text(b)])).toEqual(['slow answer for two', 'slow answer for two']);

      // A starts a turn and goes away at once; B still sees it finish, and the rollout has it all.
      const from = b.received.length;
      await a.request('turn/start', { threadId, input: [{ type: 'text', text: 'then leave', text_elements: [] }] });
      await a.close();
      const done = await b.waitFor((m) => m.method === 'turn/completed', 20_000, from);
      expect(done.params.turn.status).toBe('completed');
      const read = await b.request('thread/turns/list', { threadId, sortDirection: 'asc' });
      const turns = read.result.data;
      expect(turns.map((t: Message) => [t.status, t.items.map((i: Message) => i.type === 'agentMessage' ? i.text : i.type)])).toEqual([
        ['completed', ['userMessage', 'slow answer for two']],
        ['completed', ['userMessage', 'answer after the client left']],
      ]);
      await b.close();
    } finally {
      server.stop();
    }
  });
});
