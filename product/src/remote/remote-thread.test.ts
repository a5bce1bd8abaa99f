import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateHistory } from '#lab/history';
import type { ApprovalRequest } from '../core/agent/tools.ts';
import type { ThreadEvent } from '../core/protocol/thread-events.ts';
import { checkParams } from '../app-server/protocol.ts';
import type { RemoteConnection, ThreadListener } from './connection.ts';
import { readTurns } from '../app-server/turns.ts';
import { earlierCells, turnCells } from '../tui/transcript.ts';
import { isYolo, protocolDecision, RemoteThread, transcriptTurns, turnsAsHistory } from './remote-thread.ts';

/** A connection that records what the thread asks (each request checked against upstream's schema) and lets the test play the server. */
function fakeServer() {
  const sent: Array<{ method: string; params: Record<string, unknown> }> = [];
  let listener: ThreadListener | null = null;
  const conn = {
    address: 'ws://127.0.0.1:1',
    lost: null,
    client: {
      request: async (method: string, params: Record<string, unknown>) => {
        sent.push({ method, params });
        // checked once recorded: a method's validator loads on its first check
        const bad = await checkParams(method, params);
        if (bad) throw new Error(`${method} does not follow the protocol: ${bad.message}`);
        return method === 'turn/start' ? { turn: { id: 'turn-1' } } : {};
      },
    },
    listen: (_id: string, l: ThreadListener) => ((listener = l), () => (listener = null)),
  } as unknown as RemoteConnection;
  return { conn, sent, server: () => listener! };
}

const commandItem = (status: string) => ({ type: 'commandExecution', id: 'call_1', pluginId: null, scriptPath: null, command: "/bin/bash -lc 'rm -rf build'", cwd: '/ws', processId: null, source: 'agent', status, commandActions: [], aggregatedOutput: status === 'completed' ? '' : null, exitCode: status === 'completed' ? 0 : null, durationMs: null });

async function collect(gen: AsyncGenerator<ThreadEvent, unknown>): Promise<{ events: ThreadEvent[]; result: unknown }> {
  const events: ThreadEvent[] = [];
  for (;;) {
    const n = await gen.next();
    if (n.done) return { events, result: n.value };
    events.push(n.value);
  }
}

describe('a thread on an app-server', () => {
  it('runs a turn with turn/start in the protocol’s shape and ends it at turn/completed', async () => {
    const { conn, sent, server } = fakeServer();
    const thread = new RemoteThread(conn, 'thread-1', 'gpt-5.5', { requestApproval: async () => 'approve' });
    thread.changeModel('gpt-5.4', undefined);
    const turn = collect(thread.runTurn('fix it'));
    for (let i = 0; i < 100 && !sent.length; i++) await new Promise((r) => setTimeout(r, 10));
    expect(sent).toEqual([{ method: 'turn/start', params: { threadId: 'thread-1', input: [{ type: 'text', text: 'fix it', text_elements: [] }], model: 'gpt-5.4', effort: null } }]);
    server().notification('item/completed', { threadId: 'thread-1', turnId: 'turn-1', item: { type: 'agentMessage', id: 'm', text: 'fixed' } });
    server().notification('turn/completed', { threadId: 'thread-1', turn: { id: 'turn-1', items: [], status: 'completed', error: null } });
    const { events, result } = await turn;
    expect(events.map((e) => e.type)).toEqual(['item.completed', 'turn.completed']);
    expect(result).toMatchObject({ ok: true, lastAgentMessage: 'fixed' });
  });

  it('a command that needs approval: its start gives way to the question, the answer goes back as the server offered it', async () => {
    const { conn, server } = fakeServer();
    const asked: ApprovalRequest[] = [];
    const thread = new RemoteThread(conn, 'thread-1', 'gpt-5.5', { requestApproval: async (r) => (asked.push(r), 'approve-for-session') });
    const turn = collect(thread.runTurn('clean'));
    await new Promise((r) => setTimeout(r, 0));
    server().notification('item/started', { threadId: 'thread-1', turnId: 'turn-1', item: commandItem('inProgress') });
    const amendment = { acceptWithExecpolicyAmendment: { execpolicy_amendment: ['/bin/bash', '-lc', 'rm -rf build'] } };
    const answer = await server().request!('item/commandExecution/requestApproval', {
      threadId: 'thread-1', turnId: 'turn-1', itemId: 'call_1', command: "/bin/bash -lc 'rm -rf build'", cwd: '/ws', reason: 'cleanup',
      proposedExecpolicyAmendment: ['/bin/bash', '-lc', 'rm -rf build'], availableDecisions: ['accept', amendment, 'cancel'],
    });
    // The modal names the command and the prefix as the model wrote them; the server gets its own amendment back.
    expect(asked).toEqual([{ kind: 'command', command: 'rm -rf build', cwd: '/ws', reason: 'cleanup', prefix: ['rm -rf build'] }]);
    expect(answer).toEqual({ decision: amendment });
    server().notification('item/completed', { threadId: 'thread-1', turnId: 'turn-1', item: commandItem('completed') });
    server().notification('turn/completed', { threadId: 'thread-1', turn: { id: 'turn-1', items: [], status: 'completed', error: null } });
    const { events } = await turn;
    // No "started" for the asked-about command: the TUI shows it as about to run while it asks.
    expect(events.map((e) => `${e.type}${'item' in e ? ':' + e.item.type : ''}`)).toEqual(['item.completed:command_execution', 'turn.completed']);
  });

  it('a command that needs no approval shows as started', async () => {
    const { conn, server } = fakeServer();
    const thread = new RemoteThread(conn, 'thread-1', 'gpt-5.5', { requestApproval: async () => 'deny' });
    const turn = collect(thread.runTurn('list'));
    await new Promise((r) => setTimeout(r, 0));
    server().notification('item/started', { threadId: 'thread-1', turnId: 'turn-1', item: commandItem('inProgress') });
    await new Promise((r) => setTimeout(r, 80));
    server().notification('turn/completed', { threadId: 'thread-1', turn: { id: 'turn-1', items: [], status: 'completed', error: null } });
    expect((await turn).events.map((e) => e.type)).toEqual(['item.started', 'turn.completed']);
  });

  it('Ctrl-C asks the server to interrupt the turn; the connection lost mid-turn ends it with the reason', async () => {
    const { conn, sent, server } = fakeServer();
    const thread = new RemoteThread(conn, 'thread-1', 'gpt-5.5', { requestApproval: async () => 'deny' });
    const abort = new AbortController();
    const turn = collect(thread.runTurn('go', abort.signal));
    await new Promise((r) => setTimeout(r, 0));
    abort.abort();
    await new Promise((r) => setTimeout(r, 0));
    expect(sent.at(-1)).toEqual({ method: 'turn/interrupt', params: { threadId: 'thread-1', turnId: 'turn-1' } });
    server().lost('the app-server closed the connection (code 1006)');
    const { events, result } = await turn;
    expect(events).toEqual([{ type: 'turn.failed', error: { message: 'Lost the connection to the app-server at ws://127.0.0.1:1: the app-server closed the connection (code 1006)' } }]);
    expect(result).toMatchObject({ ok: false });
  });
});

describe('a patch the server asks about', () => {
  it('is named by the files its item announced, and the answer goes back in the protocol', async () => {
    const { conn, server } = fakeServer();
    const asked: ApprovalRequest[] = [];
    new RemoteThread(conn, 'thread-1', 'gpt-5.5', { requestApproval: async (r) => (asked.push(r), 'deny') });
    server().notification('item/started', { threadId: 'thread-1', turnId: 'turn-1', item: { type: 'fileChange', id: 'p1', changes: [{ path: '/ws/a.txt', kind: { type: 'add' }, diff: '' }], status: 'inProgress' } });
    const answer = await server().request!('item/fileChange/requestApproval', { threadId: 'thread-1', turnId: 'turn-1', itemId: 'p1', startedAtMs: 1, reason: 'outside the workspace' });
    expect(asked).toEqual([{ kind: 'command', command: 'apply_patch /ws/a.txt', cwd: '', reason: 'outside the workspace' }]);
    expect(answer).toEqual({ decision: 'decline' });
  });
});

describe('decisions in the protocol', () => {
  it('deny is decline, approve is accept, and "don’t ask again" is what the server offered for it', () => {
    expect(protocolDecision('deny', ['accept', 'cancel'], undefined)).toBe('decline');
    expect(protocolDecision('approve', null, undefined)).toBe('accept');
    expect(protocolDecision('approve-for-session', ['accept', 'acceptForSession', 'cancel'], undefined)).toBe('acceptForSession');
    expect(protocolDecision('approve-for-session', null, ['git', 'push'])).toEqual({ acceptWithExecpolicyAmendment: { execpolicy_amendment: ['git', 'push'] } });
    // Nothing of the kind offered: this once.
    expect(protocolDecision('approve-for-session', ['accept', 'cancel'], undefined)).toBe('accept');
  });
});

describe("a resumed thread's turns", () => {
  it('become the user and assistant messages the TUI draws earlier turns from', () => {
    const turns = [{ id: 't', items: [{ type: 'userMessage', id: 'u', clientId: null, content: [{ type: 'text', text: 'hi', text_elements: [] }] }, { type: 'agentMessage', id: 'a', text: 'hello' }] }];
    expect(turnsAsHistory(turns as never)).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'hello' }] },
    ]);
  });

  // One turn as upstream's app-server 0.171.0 answers thread/resume with it (ids shortened).
  const upstreamTurn = {
    id: 'turn-1',
    rootTurnId: 'turn-1',
    items: [
      { type: 'userMessage', id: 'u', clientId: null, content: [{ type: 'text', text: 'Can you speed up `cellNamespace`?', text_elements: [] }] },
      { type: 'commandExecution', id: 'call_1', pluginId: null, scriptPath: null, command: "/bin/bash -lc 'cat pkg/quiet.md'", cwd: '/ws', processId: '36300', source: 'unifiedExecStartup', status: 'completed', commandActions: [], aggregatedOutput: '\n', exitCode: 0, durationMs: 11254 },
      { type: 'reasoning', id: 'r', summary: ['**Planning**'], content: [] },
      { type: 'fileChange', id: 'p', changes: [{ path: 'src/a.ts', kind: { type: 'update', move_path: null }, diff: '' }], status: 'completed' },
      { type: 'agentMessage', id: 'a', text: 'Done.\n\n- `a.rs`: one', phase: null, memoryCitation: null, delivery: null, questions: null, moderation: null },
    ],
    itemsView: 'full',
    status: 'completed',
    error: null,
    startedAt: 1794957777,
    completedAt: 1794957813,
    durationMs: 36338,
  };

  it('become the transcript turns a local resume reads from a rollout: prompt, command with its exit code, edited files, answer, how long the turn ran', () => {
    expect(transcriptTurns([upstreamTurn] as never)).toEqual([
      {
        user: 'Can you speed up `cellNamespace`?',
        byteOffset: 0,
        file: '',
        items: [
          { kind: 'command', text: 'cat pkg/quiet.md', output: '\n', exitCode: 0, callId: 'call_1' },
          { kind: 'reasoning', text: '**Planning**' },
          { kind: 'patch', text: '', name: 'apply_patch', callId: 'p', files: ['src/a.ts'] },
          { kind: 'agent', text: 'Done.\n\n- `a.rs`: one' },
        ],
        worked: { ms: 36338, completedAtMs: 1794957813000 },
      },
    ]);
  });

  it('give a steered prompt a turn of its own, as a rollout does, the Worked-for row after the last; an unfinished turn has none', () => {
    const prompt = (id: string, text: string) => ({ type: 'userMessage', id, clientId: null, content: [{ type: 'text', text, text_elements: [] }] });
    const answer = (id: string, text: string) => ({ type: 'agentMessage', id, text });
    const turns = [
      { ...upstreamTurn, items: [prompt('u1', 'first'), answer('a1', 'one'), prompt('u2', 'steered'), answer('a2', 'two')] },
      { ...upstreamTurn, id: 'turn-2', items: [prompt('u3', 'stopped')], status: 'interrupted', completedAt: null, durationMs: null },
    ];
    expect(transcriptTurns(turns as never).map((t) => [t.user, t.items.map((i) => i.text), t.worked?.ms])).toEqual([
      ['first', ['one'], undefined],
      ['steered', ['two'], 36338],
      ['stopped', [], undefined],
    ]);
  });

  it("say YOLO mode when the thread runs with approvals never and no sandbox", () => {
    expect(isYolo({ approvalPolicy: 'never', sandbox: { type: 'dangerFullAccess' } })).toBe(true);
    expect(isYolo({ approvalPolicy: 'on-request', sandbox: { type: 'dangerFullAccess' } })).toBe(false);
    expect(isYolo({ approvalPolicy: 'never', sandbox: { type: 'workspaceWrite' } })).toBe(false);
    expect(isYolo({})).toBe(false);
  });

  describe('drawn as a local resume draws the same rollout', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'csm-remote-resume-'));
    afterAll(() => rmSync(home, { recursive: true, force: true }));
    const history = generateHistory(home, { sessions: 3, bytesPerSession: 12 * 1024, seed: 11, shapes: ['paginated'], cwd: '/ws' });

    it('every prompt, command, answer and Worked-for row, from the turns an app-server reads from it', async () => {
      for (const s of history.sessions) {
        const file = path.join(home, s.relPath);
        const local = await earlierCells({ transcriptFile: file, history: [] }, home);
        const remote = await earlierCells({ transcriptFile: null, history: [], turns: transcriptTurns(await readTurns(home, file)) }, home);
        expect(local.some((c) => c.kind === 'command') && local.some((c) => c.kind === 'worked'), s.relPath).toBe(true);
        expect(remote, s.relPath).toEqual(local);
      }
    });
  });

  it('draw through the same cells as a local resume', () => {
    const cells = turnCells(transcriptTurns([upstreamTurn] as never), new Date(1794957813000));
    expect(cells.map((c) => c.kind)).toEqual(['user', 'command', 'info', 'agent', 'worked']);
    expect(cells[1]).toEqual({ kind: 'command', id: 'call_1', command: 'cat pkg/quiet.md', output: '\n', exitCode: 0, running: false });
  });
});
