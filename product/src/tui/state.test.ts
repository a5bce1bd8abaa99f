import { describe, expect, it } from 'vitest';
import { initialState, reduce, type ChatAction, type ChatState } from './state.ts';
import { drawChat } from './view.ts';

const start = () => initialState({ product: 'csm', version: '0.1.0', cwdLabel: '~/ws', model: 'gpt-5.5', effort: null });
const run = (s: ChatState, ...actions: ChatAction[]) => actions.reduce(reduce, s);

describe('the chat state', () => {
  it('shows a finished command as ran, and takes one still running at the end of its turn off the transcript', () => {
    const started = (id: string, command: string) => ({ type: 'thread-event' as const, event: { type: 'item.started' as const, item: { id, type: 'command_execution' as const, command, aggregated_output: '', exit_code: null, status: 'in_progress' as const } } });
    const s = run(
      start(),
      { type: 'submitted', text: 'go', at: 0 },
      started('item_1', 'echo hi'),
      { type: 'thread-event', event: { type: 'item.completed', item: { id: 'item_1', type: 'command_execution', command: 'echo hi', aggregated_output: 'hi\n', exit_code: 0, status: 'completed' } } },
      started('item_2', 'sleep 9'),
      { type: 'turn-ended', at: 1000, now: new Date(2026, 0, 1) },
    );
    expect(s.cells.filter((c) => c.kind === 'command')).toEqual([{ kind: 'command', id: 'item_1', command: 'echo hi', output: 'hi\n', exitCode: 0, running: false }]);
  });

  it('streams an answer into one cell, then keeps the finished message', () => {
    const s = run(
      start(),
      { type: 'submitted', text: 'hi', at: 0 },
      { type: 'agent-delta', delta: 'Hel' },
      { type: 'agent-delta', delta: 'lo' },
    );
    expect(s.cells.at(-1)).toEqual({ kind: 'agent', text: 'Hello', streaming: true });
    const done = reduce(s, { type: 'thread-event', event: { type: 'item.completed', item: { id: 'item_0', type: 'agent_message', text: 'Hello.' } } });
    expect(done.cells.filter((c) => c.kind === 'agent')).toEqual([{ kind: 'agent', text: 'Hello.' }]);
  });

  it('shows a command running, then its result in the same place', () => {
    const started = { id: 'item_1', type: 'command_execution' as const, command: 'ls', aggregated_output: '', exit_code: null, status: 'in_progress' as const };
    let s = run(start(), { type: 'thread-event', event: { type: 'item.started', item: started } });
    expect(s.cells).toEqual([{ kind: 'command', id: 'item_1', command: 'ls', output: '', exitCode: null, running: true }]);
    s = reduce(s, { type: 'thread-event', event: { type: 'item.completed', item: { ...started, aggregated_output: 'a\n', exit_code: 0, status: 'completed' } } });
    expect(s.cells).toEqual([{ kind: 'command', id: 'item_1', command: 'ls', output: 'a\n', exitCode: 0, running: false }]);
  });

  it('asks about a command in a modal and records the answer in the transcript', () => {
    let s = run(start(), { type: 'approval-requested', request: { kind: 'command', command: 'touch ../x', cwd: '/ws', reason: null } });
    expect(s.approval?.choice).toBe(0);
    s = run(s, { type: 'approval-move', delta: -1 });
    expect(s.approval?.choice).toBe(2);
    s = reduce(s, { type: 'approval-answered', decision: 'approve', product: 'csm' });
    expect(s.approval).toBeNull();
    expect(s.cells).toEqual([{ kind: 'decision', product: 'csm', command: 'touch ../x', decision: 'approve' }]);
    expect(drawChat(s, 80, 24, 0).rowText(4)).toBe('✔ You approved csm to run touch ../x this time');
  });

  it('edits the composer and clears it on submit', () => {
    const s = run(start(), { type: 'type', text: 'héllo' }, { type: 'backspace' });
    expect(s.composer.text).toBe('héll');
    const after = reduce(s, { type: 'submitted', text: 'héll', at: 5 });
    expect(after).toMatchObject({ composer: { text: '', sent: ['héll'] }, runningSince: 5 });
    expect(reduce(after, { type: 'recall', dir: -1 }).composer.text).toBe('héll');
  });
});
