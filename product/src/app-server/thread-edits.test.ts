// What upstream's TUI asks of an app-server besides prompts, held with `codex app-server` and
// `csm app-server` (the built dist/csm.mjs) alike over stdio against the lab's mock: a prompt
// steered into a running turn (turn/steer), the person's own command (thread/shellCommand) and
// backtrack (thread/revert). The same conversation goes to both; what comes back is compared by
// error text, notification order and keys, and by what the model is sent afterwards.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRunHome, targetEnv, writeConfig, writeWorkspace, type RunHome } from '#lab/drivers';
import { startMockServer } from '#lab/mock';
import { startStdioClient, type Message } from '#test-support/jsonrpc';
import { checkOutgoing } from './protocol-check.ts';

const homes: RunHome[] = [];
afterAll(() => {
  for (const h of homes) rmSync(h.root, { recursive: true, force: true });
});

const SCRIPT = {
  title: 'Edits',
  turns: [
    { output: [{ text: 'First answer.' }] },
    { chunks: 12, chunk_delay_ms: 250, output: [{ text: 'A slow answer that streams long enough to be steered.' }] },
    { output: [{ text: 'Answer to the steered prompt.' }] },
    { output: [{ text: 'Answer after the revert.' }] },
  ],
};

// Chatter that says nothing about these methods.
const QUIET = new Set(['item/agentMessage/delta', 'account/rateLimits/updated', 'thread/tokenUsage/updated', 'thread/readState/changed', 'remoteControl/status/changed']);

interface Conversation {
  /** the error text of each refused request, by what was asked */
  refused: Record<string, string>;
  /** from the steer on, until its turn completed */
  steered: Message[];
  shell: Message[];
  revert: Message[];
  /** thread/turns/list after the revert: how many turns are left */
  turnsLeft: number;
  /** the user texts of the model's last request */
  lastRequest: string[];
  /** every message the server sent, with the method of each response */
  sent: Array<{ message: Message; method?: string }>;
}

const text = (t: string) => [{ type: 'text', text: t, text_elements: [] }];

async function converse(target: 'upstream' | 'csm'): Promise<Conversation> {
  const mock = await startMockServer(SCRIPT);
  const run = createRunHome(`edits-${target}`);
  homes.push(run);
  writeWorkspace(run, { git: true, files: {} });
  writeConfig(run, mock.url, '');
  const c = startStdioClient(target, { cwd: run.workspace, env: targetEnv(run, { tty: false }) });
  const methods = new Map<unknown, string>();
  const req = async (method: string, params?: unknown) => {
    const r = await c.request(method, params);
    methods.set(r.id, method);
    return r;
  };
  const refused: Record<string, string> = {};
  const quiet = (ms: Message[]) => ms.filter((m) => !QUIET.has(m.method));
  try {
    await req('initialize', { clientInfo: { name: 'codex-tui', title: null, version: '0.0.1' }, capabilities: { experimentalApi: true } });
    c.notify('initialized', {});
    const threadId = (await req('thread/start', { cwd: run.workspace, sandbox: 'workspace-write' })).result.thread.id as string;
    refused['steer, no turn'] = (await req('turn/steer', { threadId, input: text('x'), expectedTurnId: 'nope' })).error?.message;
    refused['shell, unknown thread'] = (await req('thread/shellCommand', { threadId: '00000000-0000-0000-0000-000000000000', command: 'true' })).error?.message;
    let from = c.received.length;
    await req('turn/start', { threadId, input: text('first prompt') });
    await c.waitFor((m) => m.method === 'turn/completed', 20_000, from);
    refused['revert, unknown turn'] = (await req('thread/revert', { threadId, beforeTurnId: 'nope' })).error?.message;
    refused['shell, empty'] = (await req('thread/shellCommand', { threadId, command: '' })).error?.message;

    from = c.received.length;
    const slow = (await req('turn/start', { threadId, clientUserMessageId: 'client-2', input: text('second prompt') })).result.turn.id as string;
    await c.waitFor((m) => m.method === 'item/agentMessage/delta', 20_000, from);
    refused['steer, wrong turn'] = (await req('turn/steer', { threadId, input: text('x'), expectedTurnId: 'nope' })).error?.message.replace(slow, '<turn>');
    const steerAt = c.received.length;
    const steer = await req('turn/steer', { threadId, clientUserMessageId: 'client-3', input: text('steered prompt'), expectedTurnId: slow });
    expect(steer.result).toEqual({ turnId: slow });
    await c.waitFor((m) => m.method === 'turn/completed', 20_000, from);
    const steered = quiet(c.received.slice(steerAt));

    from = c.received.length;
    await req('thread/shellCommand', { threadId, command: 'echo out; echo err >&2; exit 3' });
    await c.waitFor((m) => m.method === 'turn/completed', 20_000, from);
    const shell = quiet(c.received.slice(from));

    from = c.received.length;
    await req('thread/revert', { threadId, beforeTurnId: slow });
    await c.waitFor((m) => m.method === 'thread/reverted', 20_000, from);
    const revert = quiet(c.received.slice(from));
    const turnsLeft = ((await req('thread/turns/list', { threadId })).result.data as unknown[]).length;

    from = c.received.length;
    await req('turn/start', { threadId, input: text('third prompt') });
    await c.waitFor((m) => m.method === 'turn/completed', 20_000, from);
    const last = mock.requests().filter((r) => r.kind === 'turn').at(-1)!.body as { input: Array<{ role?: string; content?: Array<{ text?: string }> }> };
    const lastRequest = last.input.filter((i) => i.role === 'user').map((i) => (i.content ?? []).map((x) => x.text ?? '').join('')).filter((t) => !t.startsWith('<'));
    return { refused, steered, shell, revert, turnsLeft, lastRequest, sent: c.received.map((message) => ({ message, method: methods.get(message.id) })) };
  } finally {
    await c.close();
    await mock.close();
  }
}

const methodsOf = (ms: Message[]) => ms.map((m) => m.method ?? (m.error ? 'error' : 'response'));
/** Output deltas as one: both send the output as the command writes it, in as many pieces as the pipes happened to give. */
const oneDelta = (methods: string[]) => methods.filter((m, i) => !(m === 'item/commandExecution/outputDelta' && methods[i - 1] === m));
const keys = (v: unknown): unknown => (Array.isArray(v) ? (v.length ? [keys(v[0])] : []) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, keys((v as Record<string, unknown>)[k])])) : '*');
const itemOf = (ms: Message[], method: string, type: string) => ms.find((m) => m.method === method && m.params?.item?.type === type)?.params.item;

describe('turn/steer, thread/shellCommand and thread/revert, as upstream app-server answers them', () => {
  let upstream: Conversation;
  let csm: Conversation;
  beforeAll(async () => {
    upstream = await converse('upstream');
    csm = await converse('csm');
  }, 120_000);

  it('every message csm sent is valid under upstream JSON Schema', () => {
    for (const { message, method } of csm.sent) expect(checkOutgoing(message, method), JSON.stringify(message).slice(0, 300)).toBeNull();
  });

  it('refuses what upstream refuses, in its words: no running turn, a turn not running, an unknown thread or turn, an empty command', () => {
    expect(csm.refused).toEqual(upstream.refused);
    expect(csm.refused['steer, no turn']).toBe('no active turn to steer');
    expect(csm.refused['steer, wrong turn']).toBe('expected active turn id `nope` but found `<turn>`');
  });

  it('a steered prompt joins the running turn: its item (with the client id) before the answer it gets, one turn', () => {
    expect(methodsOf(csm.steered)).toEqual(methodsOf(upstream.steered));
    const user = itemOf(csm.steered, 'item/completed', 'userMessage');
    expect(user.clientId).toBe('client-3');
    expect(keys(user)).toEqual(keys(itemOf(upstream.steered, 'item/completed', 'userMessage')));
    expect(itemOf(csm.steered, 'item/completed', 'agentMessage').text).toBe('Answer to the steered prompt.');
  });

  it("the person's command: a turn of its own with a userShell command item, its output and exit code", () => {
    expect(oneDelta(methodsOf(csm.shell))).toEqual(oneDelta(methodsOf(upstream.shell)));
    const done = itemOf(csm.shell, 'item/completed', 'commandExecution');
    expect(keys(done)).toEqual(keys(itemOf(upstream.shell, 'item/completed', 'commandExecution')));
    expect(done).toMatchObject({ source: 'userShell', status: 'failed', exitCode: 3, aggregatedOutput: 'out\nerr\n', command: "/bin/bash -lc 'echo out; echo err >&2; exit 3'" });
  });

  it('a revert drops that turn and every later one (the command too): the thread comes back with its cursors, the model sees only what is left', () => {
    expect(methodsOf(csm.revert)).toEqual(methodsOf(upstream.revert));
    const answer = (c: Conversation) => c.revert.find((m) => m.result)!.result;
    expect(keys(answer(csm))).toEqual(keys(answer(upstream)));
    expect(answer(csm).thread.turns).toEqual([]);
    expect([csm.turnsLeft, upstream.turnsLeft]).toEqual([1, 1]);
    expect(csm.lastRequest).toEqual(upstream.lastRequest);
    expect(csm.lastRequest).toEqual(['first prompt', 'third prompt']);
  });
});
