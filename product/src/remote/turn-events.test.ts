import { describe, expect, it } from 'vitest';
import { RemoteTurnEvents, threadItem, unwrapShell } from './turn-events.ts';

const T = 'thread-1';
const breakdown = (input: number, output: number) => ({ totalTokens: input + output, inputTokens: input, cachedInputTokens: 0, cacheWriteInputTokens: 0, outputTokens: output, reasoningOutputTokens: 0 });
const usage = (total: [number, number], last: [number, number]) => ({ threadId: T, turnId: 'turn-1', tokenUsage: { total: breakdown(...total), last: breakdown(...last), modelContextWindow: 258400 } });
const turn = (status: string, error: { message: string } | null = null) => ({ threadId: T, turn: { id: 'turn-1', items: [], itemsView: 'summary', status, error, startedAt: 1, completedAt: 2, durationMs: 5 } });
const command = (status: string, extra: Record<string, unknown> = {}) => ({
  type: 'commandExecution', id: 'call_1', pluginId: null, scriptPath: null, command: "/bin/bash -lc 'echo hi && ls'", cwd: '/ws', processId: null, source: 'agent',
  status, commandActions: [{ type: 'unknown', command: 'echo hi && ls' }], aggregatedOutput: null, exitCode: null, durationMs: null, ...extra,
});

describe('an app-server shell command, as the model wrote it', () => {
  it('loses the bash -lc wrapper and its single quotes', () => {
    expect(unwrapShell("/bin/bash -lc 'echo hi && ls'")).toBe('echo hi && ls');
    expect(unwrapShell(`/bin/bash -lc 'echo '\\''quoted'\\'''`)).toBe("echo 'quoted'");
    expect(unwrapShell('bash -lc ls')).toBe('ls');
  });

  it('stays as it is when it is not one wrapped word', () => {
    expect(unwrapShell('git status')).toBe('git status');
    expect(unwrapShell("/bin/bash -lc 'a' 'b'")).toBe("/bin/bash -lc 'a' 'b'");
  });
});

describe('protocol items as thread items', () => {
  it('map commands, file changes and answers; the user message is the TUI’s own to draw', () => {
    expect(threadItem(command('completed', { aggregatedOutput: 'hi\n', exitCode: 0 }) as never)).toEqual({ id: 'call_1', type: 'command_execution', command: 'echo hi && ls', aggregated_output: 'hi\n', exit_code: 0, status: 'completed' });
    expect(threadItem({ type: 'fileChange', id: 'p1', changes: [{ path: 'a.txt', kind: { type: 'add' }, diff: '' }], status: 'declined' } as never)).toEqual({ id: 'p1', type: 'file_change', changes: [{ path: 'a.txt', kind: 'add' }], status: 'failed' });
    expect(threadItem({ type: 'agentMessage', id: 'msg_1', text: 'done', phase: null } as never)).toEqual({ id: 'msg_1', type: 'agent_message', text: 'done' });
    expect(threadItem({ type: 'userMessage', id: 'u1', clientId: null, content: [] } as never)).toBeNull();
  });
});

describe("one thread's notifications as thread events", () => {
  it('a turn: started, a command started and completed, the answer once complete, then completed with what the turn used', () => {
    const m = new RemoteTurnEvents(T);
    m.onNotification('thread/tokenUsage/updated', usage([100, 10], [100, 10]));
    m.startTurn();
    expect(m.onNotification('turn/started', turn('inProgress')).events).toEqual([{ type: 'turn.started' }]);
    expect(m.onNotification('item/started', { threadId: T, turnId: 'turn-1', item: command('inProgress') }).events).toEqual([
      { type: 'item.started', item: { id: 'call_1', type: 'command_execution', command: 'echo hi && ls', aggregated_output: '', exit_code: null, status: 'in_progress' } },
    ]);
    expect(m.onNotification('item/completed', { threadId: T, turnId: 'turn-1', item: command('completed', { aggregatedOutput: 'hi', exitCode: 0 }) }).events[0]).toMatchObject({ type: 'item.completed', item: { status: 'completed', exit_code: 0 } });
    // The answer streams as deltas (not events); only its completion is one.
    expect(m.onNotification('item/started', { threadId: T, turnId: 'turn-1', item: { type: 'agentMessage', id: 'msg_1', text: '' } }).events).toEqual([]);
    expect(m.onNotification('item/completed', { threadId: T, turnId: 'turn-1', item: { type: 'agentMessage', id: 'msg_1', text: 'Done.' } }).events).toEqual([{ type: 'item.completed', item: { id: 'msg_1', type: 'agent_message', text: 'Done.' } }]);
    m.onNotification('thread/tokenUsage/updated', usage([250, 30], [150, 20]));
    expect(m.contextUsed).toBe(170);
    const done = m.onNotification('turn/completed', turn('completed'));
    const turnUsage = { input_tokens: 150, cached_input_tokens: 0, cache_write_input_tokens: 0, output_tokens: 20, reasoning_output_tokens: 0 };
    expect(done.events).toEqual([{ type: 'turn.completed', usage: turnUsage }]);
    expect(done.end).toEqual({ ok: true, lastAgentMessage: 'Done.', usage: turnUsage });
    expect(m.total.input_tokens).toBe(250);
  });

  it('a failed turn ends with its error; an interrupted one ends quietly; a retried error is news', () => {
    const m = new RemoteTurnEvents(T);
    expect(m.onNotification('error', { threadId: T, turnId: 't', willRetry: true, error: { message: 'Reconnecting... 1/5' } }).events).toEqual([{ type: 'error', message: 'Reconnecting... 1/5' }]);
    expect(m.onNotification('error', { threadId: T, turnId: 't', willRetry: false, error: { message: 'boom' } }).events).toEqual([]);
    const failed = m.onNotification('turn/completed', turn('failed', { message: 'stream disconnected' }));
    expect(failed.events).toEqual([{ type: 'turn.failed', error: { message: 'stream disconnected' } }]);
    expect(failed.end).toMatchObject({ ok: false, error: 'stream disconnected' });
    const stopped = m.onNotification('turn/completed', turn('interrupted'));
    expect(stopped.events).toEqual([]);
    expect(stopped.end).toMatchObject({ ok: false, error: 'interrupted' });
  });

  it("ignore another thread's notifications (the title thread's answer is not this thread's)", () => {
    const m = new RemoteTurnEvents(T);
    expect(m.onNotification('item/completed', { threadId: 'title-thread', turnId: 'x', item: { type: 'agentMessage', id: 'm', text: '{"title":"x"}' } })).toEqual({ events: [] });
    expect(m.onNotification('turn/completed', { ...turn('completed'), threadId: 'title-thread' }).end).toBeUndefined();
  });
});
