// /review over --remote: the review is review/start on the server's thread (the server runs the
// reviewer), and the TUI frames and renders it as it does a local review. First the thread against a
// scripted server, then csm's TUI against csm's own app-server on loopback with the lab's mock.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '#lab/mock';
import { openTuiHome, startTui, type TuiHome } from '#test-support/tui-app';
import { checkParams } from '../app-server/protocol.ts';
import { AppServer } from '../app-server/server.ts';
import { serveWebSocket, type Listening } from '../app-server/transport.ts';
import type { ThreadEvent } from '../core/protocol/thread-events.ts';
import { parseReviewOutput } from '../core/review/output.ts';
import type { RemoteConnection, ThreadListener } from './connection.ts';
import { RemoteThread } from './remote-thread.ts';

const REVIEW = 'The change breaks add.\n\nReview comment:\n\n- [P1] add subtracts instead of adding — calc.py:2-2\n  `add` now returns `a - b`, so every caller gets the wrong sum.';

/** A connection that records what the thread asks (checked against upstream's schema) and lets the test play the server. */
function fakeServer() {
  const sent: Array<{ method: string; params: Record<string, unknown> }> = [];
  let listener: ThreadListener | null = null;
  const conn = {
    address: 'ws://127.0.0.1:1',
    lost: null,
    client: {
      request: async (method: string, params: Record<string, unknown>) => {
        sent.push({ method, params });
        const bad = await checkParams(method, params);
        if (bad) throw new Error(`${method} does not follow the protocol: ${bad.message}`);
        return method === 'review/start' ? { turn: { id: 'review-turn' }, reviewThreadId: params.threadId } : {};
      },
    },
    listen: (_id: string, l: ThreadListener) => ((listener = l), () => (listener = null)),
  } as unknown as RemoteConnection;
  return { conn, sent, server: () => listener! };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

async function collect(gen: AsyncGenerator<ThreadEvent, unknown>): Promise<{ events: ThreadEvent[]; result: any }> {
  const events: ThreadEvent[] = [];
  for (;;) {
    const n = await gen.next();
    if (n.done) return { events, result: n.value };
    events.push(n.value);
  }
}

describe('a review of a thread on an app-server', () => {
  it('is review/start with the target /review chose; the review the server sends comes back as the reviewer’s findings', async () => {
    const { conn, sent, server } = fakeServer();
    const thread = new RemoteThread(conn, 'thread-1', 'gpt-5.5', { requestApproval: async () => 'deny' });
    expect(thread.enterReview({ type: 'commit', sha: 'abc1234', title: 'Fix it' }, 'commit abc1234: Fix it')).toMatchObject({ turnId: '', itemId: '' });
    expect(thread.reviewPending).toBe(true);
    const reviewer = thread.reviewer();
    const run = collect(reviewer.thread.runTurn('csm builds its own request; the server words the review', undefined));
    await tick();
    expect(sent).toEqual([{ method: 'review/start', params: { threadId: 'thread-1', target: { type: 'commit', sha: 'abc1234', title: 'Fix it' } } }]);
    expect(thread.reviewPending).toBe(false);
    const s = server();
    s.notification('turn/started', { threadId: 'thread-1', turn: { id: 'reviewer-turn', items: [], status: 'inProgress' } });
    s.notification('item/completed', { threadId: 'thread-1', turnId: 'review-turn', item: { type: 'exitedReviewMode', id: 'x', review: REVIEW } });
    s.notification('item/completed', { threadId: 'thread-1', turnId: 'review-turn', item: { type: 'agentMessage', id: 'm', text: REVIEW } });
    s.notification('turn/completed', { threadId: 'thread-1', turn: { id: 'review-turn', items: [], status: 'completed', error: null } });
    const { result } = await run;
    expect(result.ok).toBe(true);
    const output = parseReviewOutput(result.lastAgentMessage);
    expect(output.overall_explanation).toBe('The change breaks add.');
    expect(output.findings.map((f) => [f.title, f.body, f.code_location])).toEqual([
      ['[P1] add subtracts instead of adding', '`add` now returns `a - b`, so every caller gets the wrong sum.', { absolute_file_path: 'calc.py', line_range: { start: 2, end: 2 } }],
    ]);
  });

  it('Ctrl-C interrupts the turn turn/started named (the reviewer’s, as upstream’s server wants); a prompt meanwhile is not steered into it', async () => {
    const { conn, sent, server } = fakeServer();
    const thread = new RemoteThread(conn, 'thread-1', 'gpt-5.5', { requestApproval: async () => 'deny' });
    thread.enterReview({ type: 'uncommittedChanges' }, 'current changes');
    const abort = new AbortController();
    const run = collect(thread.reviewer().thread.runTurn('', abort.signal));
    await tick();
    server().notification('turn/started', { threadId: 'thread-1', turn: { id: 'reviewer-turn', items: [], status: 'inProgress' } });
    // The TUI stops a review for a prompt and runs the prompt after it.
    expect(thread.steer('and also this')).toBe(false);
    abort.abort();
    await tick();
    expect(sent.at(-1)).toEqual({ method: 'turn/interrupt', params: { threadId: 'thread-1', turnId: 'reviewer-turn' } });
    server().notification('turn/completed', { threadId: 'thread-1', turn: { id: 'review-turn', items: [], status: 'interrupted', error: null } });
    const { result } = await run;
    expect(result).toMatchObject({ ok: false, lastAgentMessage: null });
  });
});

let mock: MockServer | null = null;
let home: TuiHome | null = null;
let served: { app: AppServer; listening: Listening } | null = null;

afterEach(async () => {
  await served?.listening.close();
  await served?.app.close();
  home?.close();
  await mock?.close();
  served = home = mock = null;
});

describe('/review in csm --remote against csm app-server', () => {
  it("runs the review on the server's thread and shows it as a local review: framed, the findings rendered", async () => {
    const findings = {
      findings: [{ title: '[P1] add subtracts instead of adding', body: '`add` now returns `a - b`, so every caller gets the wrong sum.', confidence_score: 0.9, priority: 1, code_location: { absolute_file_path: 'calc.py', line_range: { start: 2, end: 2 } } }],
      overall_correctness: 'patch is incorrect',
      overall_explanation: 'The change breaks add.',
      overall_confidence_score: 0.85,
    };
    mock = await startMockServer({ title: 'Review calc', turns: [{ output: [{ text: JSON.stringify(findings) }] }] } as never);
    home = openTuiHome(mock.url);
    const git = (...args: string[]) => execFileSync('git', args, { cwd: home!.cwd, stdio: 'ignore' });
    git('init', '-q');
    writeFileSync(path.join(home.cwd, 'calc.py'), 'def add(a, b):\n    return a + b\n');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-qm', 'add');
    writeFileSync(path.join(home.cwd, 'calc.py'), 'def add(a, b):\n    return a - b\n');
    const app = new AppServer({ codexHome: home.home, config: [] });
    served = { app, listening: await serveWebSocket(app, { kind: 'ws', host: '127.0.0.1', port: 0 }, { token: null }) };

    const tui = startTui({ remote: served.listening.address }, home.cwd, { cols: 100, rows: 30 });
    await tui.waitFor('Ask Codex to do anything');
    tui.send('/review');
    await tui.waitFor('› /review');
    tui.send('\r');
    await tui.waitFor('Review uncommitted changes');
    tui.send('\x1b[B');
    await new Promise((r) => setTimeout(r, 200));
    tui.send('\r');
    const shown = await tui.waitFor(/<< Code review finished >>[\s\S]*wrong sum\./);
    expect(shown).toContain('>> Code review started: current changes <<');
    expect(shown).not.toContain('not available with --remote');
    // As a local review renders them: the explanation under a bullet, the finding with its place, its body below.
    expect(shown).toMatch(/• The change breaks add\.\n\n {2}Review comment:\n\n {2}• \[P1\] add subtracts instead of adding — calc\.py:2-2\n {4}add now returns a - b, so every caller gets the wrong sum\./);
    // The server ran the reviewer: one request, csm's reviewer request for the uncommitted changes.
    const turns = mock.requests().filter((r) => r.kind === 'turn');
    expect(turns).toHaveLength(1);
    expect(JSON.stringify(turns[0].body)).toContain('not committed yet');
    tui.send('\x03');
    expect(await tui.exit).toBe(0);
  });
});
