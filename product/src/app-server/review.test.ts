// review/start on csm's app-server, in process against the lab's mock: the review runs inline on the
// thread named, its reviewer in a thread of its own, and the clients see upstream's sequence (the
// lab's scenario appserver-review holds it against upstream's, message by message). Every message
// the server sends is checked against upstream's JSON Schema.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '#lab/mock';
import { openTuiHome, type TuiHome } from '#test-support/tui-app';
import { REVIEW_INSTRUCTIONS } from '../core/review/instructions.ts';
import { NO_REVIEW } from '../core/review/output.ts';
import { REVIEW_NOT_FINISHED } from './review.ts';
import { AppServer } from './server.ts';
import { inProcessClient, type Message } from '#test-support/app-server-client';

const FINDINGS = JSON.stringify({
  findings: [{ title: '[P1] add subtracts', body: '`add` returns `a - b`.', confidence_score: 0.9, priority: 1, code_location: { absolute_file_path: 'calc.py', line_range: { start: 2, end: 2 } } }],
  overall_correctness: 'patch is incorrect',
  overall_explanation: 'The change breaks add.',
  overall_confidence_score: 0.8,
});
const REVIEW = 'The change breaks add.\n\nReview comment:\n\n- [P1] add subtracts — calc.py:2-2\n  `add` returns `a - b`.';

let mock: MockServer | null = null;
let home: TuiHome | null = null;
let app: AppServer | null = null;

afterEach(async () => {
  await app?.close();
  home?.close();
  await mock?.close();
  app = home = mock = null;
});

/** A server on a git workspace whose calc.py has an uncommitted change, a client initialized on it, and a thread. */
async function reviewing(script: object) {
  mock = await startMockServer(script as never);
  home = openTuiHome(mock.url);
  const git = (...args: string[]) => execFileSync('git', args, { cwd: home!.cwd, stdio: 'ignore' });
  git('init', '-q');
  writeFileSync(path.join(home.cwd, 'calc.py'), 'def add(a, b):\n    return a + b\n');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'add');
  writeFileSync(path.join(home.cwd, 'calc.py'), 'def add(a, b):\n    return a - b\n');
  app = new AppServer({ codexHome: home.home, config: [] });
  const c = inProcessClient(app);
  await c.request('initialize', { clientInfo: { name: 'review-test', title: null, version: '1' } });
  const threadId = (await c.request('thread/start', { cwd: home.cwd, approvalPolicy: 'never' })).result.thread.id as string;
  return { c, threadId };
}

/** The notifications after `from`, as `method` or `method:itemType`. */
const sequence = (ms: Message[]) => ms.filter((m) => m.method && m.method !== 'remoteControl/status/changed').map((m) => (m.params?.item ? `${m.method}:${m.params.item.type}` : m.method));

/** Each rollout's session_meta, oldest file first. */
function rolloutMetas(codexHome: string): Array<Record<string, unknown>> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.jsonl') && files.push(path.join(dir, e.name));
  };
  walk(path.join(codexHome, 'sessions'));
  return files.sort().map((f) => JSON.parse(readFileSync(f, 'utf8').split('\n')[0]).payload);
}

function rolloutLines(codexHome: string): string[][] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.jsonl') && files.push(path.join(dir, e.name));
  };
  walk(path.join(codexHome, 'sessions'));
  return files.sort().map((f) =>
    readFileSync(f, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .map((l) => (l.type === 'event_msg' ? `${l.payload.type}${l.payload.item ? `:${l.payload.item.type}` : ''}` : l.type === 'response_item' ? `${l.payload.type}:${l.payload.role ?? ''}` : l.type)),
  );
}

describe('review/start', () => {
  it("answers with the review's turn at once, then runs it inline in upstream's order: entered, the reviewer's turn, exited, the review as the answer", async () => {
    const { c, threadId } = await reviewing({ turns: [{ output: [{ text: FINDINGS }], chunks: 3 }] });
    const from = c.received.length;
    const r = await c.request('review/start', { threadId, target: { type: 'uncommittedChanges' } });
    // The answer: the turn not started yet, holding what is reviewed as its one user message.
    expect(r.result.reviewThreadId).toBe(threadId);
    const turn = r.result.turn;
    expect({ ...turn, id: 'T' }).toEqual({ id: 'T', rootTurnId: null, items: [{ type: 'userMessage', id: turn.id, clientId: null, content: [{ type: 'text', text: 'current changes', text_elements: [] }], startedAtMs: null, completedAtMs: null }], itemsView: 'notLoaded', status: 'inProgress', error: null, startedAt: null, completedAt: null, durationMs: null });
    const done = await c.waitFor((m) => m.method === 'turn/completed', from);
    const after = c.received.slice(from);
    expect(sequence(after)).toEqual([
      'item/started:enteredReviewMode',
      'item/completed:enteredReviewMode',
      'thread/status/changed',
      'turn/started',
      'item/started:userMessage',
      'item/completed:userMessage',
      // the reviewer's answer starts; its raw findings never stream to the thread's clients
      'item/started:agentMessage',
      'item/started:exitedReviewMode',
      'item/completed:exitedReviewMode',
      'item/started:agentMessage',
      'item/completed:agentMessage',
      'thread/readState/changed',
      'thread/status/changed',
      'turn/completed',
    ]);
    const items = after.filter((m) => m.method === 'item/completed').map((m) => m.params);
    // Every item belongs to the review's turn; the reviewer's own turn is announced rooted in it.
    expect(new Set(after.filter((m) => m.params?.turnId).map((m) => m.params.turnId))).toEqual(new Set([turn.id]));
    const started = after.find((m) => m.method === 'turn/started')!.params.turn;
    expect(started.rootTurnId).toBe(turn.id);
    expect(started.id).not.toBe(turn.id);
    expect(items[0].item.review).toBe('current changes');
    expect(items[1].item.content[0].text).toMatch(/not committed yet/);
    expect(items[2].item.review).toBe(REVIEW);
    expect(items[3].item.text).toBe(REVIEW);
    expect(after.find((m) => m.method === 'item/started' && m.params.item.type === 'agentMessage')!.params.item.text).toBe('');
    expect(done.params.turn).toMatchObject({ id: turn.id, rootTurnId: turn.id, status: 'completed', itemsView: 'summary', items: [{ type: 'agentMessage', text: REVIEW }] });
    expect(c.problems).toEqual([]);

    // The reviewer asked the model with csm's reviewer instructions and the review's request.
    const [request] = mock!.requests();
    const body = request.body as { input: Array<{ role?: string; content?: Array<{ text?: string }> }>; tools: Array<{ name?: string }> };
    expect(body.input[0].content![0].text).toBe(REVIEW_INSTRUCTIONS);
    expect(body.input.at(-1)!.content![0].text).toMatch(/^Review the changes in this repository that are not committed yet/);
    // The thread recorded the review as upstream's does; the reviewer has a rollout of its own.
    const [parent, reviewer] = rolloutLines(home!.home);
    expect(parent).toEqual([
      'session_meta',
      'item_completed:EnteredReviewMode',
      'task_started',
      'item_completed:UserMessage',
      'thread_settings_applied',
      'message:user',
      'item_completed:ExitedReviewMode',
      'message:assistant',
      'item_completed:AgentMessage',
      'task_complete',
    ]);
    expect(reviewer).toContain('message:assistant');
  });

  it('names a commit by its short sha and title, a base branch by name', async () => {
    const { c, threadId } = await reviewing({ turns: [{ output: [{ text: '{"findings":[],"overall_correctness":"patch is correct","overall_explanation":"Fine."}' }] }] });
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: home!.cwd }).toString().trim();
    const r = await c.request('review/start', { threadId, target: { type: 'commit', sha, title: 'add' }, delivery: 'inline' });
    expect(r.result.turn.items[0].content[0].text).toBe(`commit ${sha.slice(0, 7)}: add`);
    const done = await c.waitFor((m) => m.method === 'turn/completed');
    expect(done.params.turn.items[0].text).toBe('Fine.');
    const from = c.received.length;
    const branch = await c.request('review/start', { threadId, target: { type: 'baseBranch', branch: 'main' } });
    expect(branch.result.turn.items[0].content[0].text).toBe("changes against 'main'");
    await c.waitFor((m) => m.method === 'turn/completed', from);
    expect(c.problems).toEqual([]);
  });

  it('refuses a blank branch, sha or instructions and an unknown thread as upstream does, and a thread whose turn still runs', async () => {
    const { c, threadId } = await reviewing({ turns: [{ output: [{ text: FINDINGS }], chunks: 4, chunk_delay_ms: 200 }] });
    const refused = async (params: object) => (await c.request('review/start', params)).error;
    expect(await refused({ threadId, target: { type: 'baseBranch', branch: '  ' } })).toEqual({ code: -32600, message: 'branch must not be empty' });
    expect(await refused({ threadId, target: { type: 'commit', sha: '\t', title: null } })).toEqual({ code: -32600, message: 'sha must not be empty' });
    expect(await refused({ threadId, target: { type: 'custom', instructions: '\n\n' } })).toEqual({ code: -32600, message: 'instructions must not be empty' });
    expect(await refused({ threadId: '00000000-0000-0000-0000-000000000000', target: { type: 'uncommittedChanges' } })).toEqual({ code: -32600, message: 'thread not found: 00000000-0000-0000-0000-000000000000' });
    await c.request('review/start', { threadId, target: { type: 'custom', instructions: 'look at calc.py' } });
    expect((await refused({ threadId, target: { type: 'uncommittedChanges' } })).message).toBe(`thread ${threadId} already has a turn in progress`);
    await c.waitFor((m) => m.method === 'turn/completed');
    expect(c.problems).toEqual([]);
  });

  it("a reviewer's commands reach the thread's clients as the review's items", async () => {
    const { c, threadId } = await reviewing({ turns: [{ output: [{ exec_command: { cmd: 'git diff --stat' } }] }, { output: [{ text: FINDINGS }] }] });
    const r = await c.request('review/start', { threadId, target: { type: 'uncommittedChanges' } });
    await c.waitFor((m) => m.method === 'turn/completed');
    const command = c.received.find((m) => m.method === 'item/completed' && m.params.item.type === 'commandExecution')!.params;
    expect(command.turnId).toBe(r.result.turn.id);
    expect(command.item).toMatchObject({ status: 'completed', exitCode: 0, commandActions: [{ type: 'unknown', command: 'git diff --stat' }] });
    expect(command.item.aggregatedOutput).toMatch(/calc\.py \| 2 \+-/);
    // The reviewer's token usage is its own: the review's turn announces none.
    expect(c.received.filter((m) => m.method === 'thread/tokenUsage/updated')).toEqual([]);
    expect(c.problems).toEqual([]);
  });

  it("a reviewer that fails: the thread is in error, the review says there is none, and the answer asks to re-run it (upstream's words)", async () => {
    const { c, threadId } = await reviewing({ turns: [{ output: [{ text: 'x' }], fault_always: { status: 400, message: 'bad things' } }] });
    const from = c.received.length;
    await c.request('review/start', { threadId, target: { type: 'uncommittedChanges' } });
    const done = await c.waitFor((m) => m.method === 'turn/completed', from);
    const after = c.received.slice(from + 1);
    expect(sequence(after).slice(-8)).toEqual([
      'thread/status/changed',
      'error',
      'item/started:exitedReviewMode',
      'item/completed:exitedReviewMode',
      'item/started:agentMessage',
      'item/completed:agentMessage',
      'thread/readState/changed',
      'turn/completed',
    ]);
    expect(after.find((m) => m.method === 'thread/status/changed' && m.params.status.type === 'systemError')).toBeTruthy();
    expect(after.find((m) => m.method === 'error')!.params).toMatchObject({ willRetry: false, error: { message: expect.stringContaining('bad things') } });
    const texts = after.filter((m) => m.method === 'item/completed').map((m) => m.params.item.review ?? m.params.item.text);
    expect(texts.slice(-2)).toEqual([NO_REVIEW, REVIEW_NOT_FINISHED]);
    expect(done.params.turn).toMatchObject({ status: 'failed', items: [], itemsView: 'notLoaded', error: { message: expect.stringContaining('bad things') } });
    expect(c.problems).toEqual([]);
  });

  it("turn/interrupt stops a review by the reviewer's turn (the one turn/started named, as upstream's); the turn ends interrupted once the thread recorded its end", async () => {
    const { c, threadId } = await reviewing({ turns: [{ output: [{ text: FINDINGS }], chunks: 8, chunk_delay_ms: 500 }] });
    const r = await c.request('review/start', { threadId, target: { type: 'uncommittedChanges' } });
    const reviewerTurn = (await c.waitFor((m) => m.method === 'turn/started')).params.turn.id;
    await c.waitFor((m) => m.method === 'item/started' && m.params.item.type === 'agentMessage');
    expect((await c.request('turn/interrupt', { threadId, turnId: r.result.turn.id })).error).toEqual({ code: -32600, message: `expected active turn id ${r.result.turn.id} but found ${reviewerTurn}` });
    expect((await c.request('turn/interrupt', { threadId, turnId: reviewerTurn })).result).toEqual({});
    const done = await c.waitFor((m) => m.method === 'turn/completed');
    expect(done.params.turn).toMatchObject({ id: r.result.turn.id, status: 'interrupted', items: [] });
    expect(rolloutLines(home!.home)[0].at(-1)).toBe('task_complete');
    expect(c.problems).toEqual([]);
  });

  it("reads back as upstream's: the review's turn and the reviewer's rooted in it; the reviewer's own session is the thread's review sub-agent, left out of thread/list", async () => {
    const { c, threadId } = await reviewing({ turns: [{ output: [{ text: FINDINGS }] }] });
    const r = await c.request('review/start', { threadId, target: { type: 'custom', instructions: 'Check calc.py.' } });
    const reviewTurn = r.result.turn.id as string;
    await c.waitFor((m) => m.method === 'turn/completed');
    const read = await c.request('thread/read', { threadId, includeTurns: true });
    const turns = read.result.thread.turns as Message[];
    expect(turns.map((t) => [t.rootTurnId === reviewTurn, t.id === reviewTurn, t.status, t.items.map((i: Message) => i.type)])).toEqual([
      [true, false, 'interrupted', ['userMessage']],
      [true, true, 'completed', ['enteredReviewMode', 'exitedReviewMode', 'agentMessage']],
    ]);
    expect(turns[1].items[1].review).toBe(REVIEW);
    expect(read.result.thread.preview).toBe('Check calc.py.');
    const summary = (await c.request('thread/turns/list', { threadId })).result.data as Message[];
    expect(summary.map((t) => t.items.map((i: Message) => i.type))).toEqual([['agentMessage'], ['userMessage']]);
    const items = (await c.request('thread/items/list', { threadId })).result.data as Message[];
    expect(items.map((i) => i.item.type)).toEqual(['enteredReviewMode', 'userMessage', 'exitedReviewMode', 'agentMessage']);
    expect((await c.request('thread/list', {})).result.data.map((t: Message) => t.id)).toEqual([threadId]);
    expect(c.problems).toEqual([]);
    // The reviewer's session: under the thread's session, its review sub-agent.
    const metas = rolloutMetas(home!.home);
    expect(metas[1]).toMatchObject({ session_id: threadId, parent_thread_id: threadId, source: { subagent: 'review' }, thread_source: 'subagent' });
    expect(metas[0]).not.toHaveProperty('thread_source');
  });
});
