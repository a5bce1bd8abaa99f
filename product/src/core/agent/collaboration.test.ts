// Plan mode on a thread: the model is told in the opening developer message (or a message of its
// own once the conversation is under way), and the rollout records the mode with each turn.
import { describe, expect, it } from 'vitest';
import type { ModelClient, ResponseEvent } from '../model/client.ts';
import { PLAN_MODE_INSTRUCTIONS, DEFAULT_MODE_INSTRUCTIONS } from './collaboration.ts';
import { developerMessage, userMessage } from './items.ts';
import { Thread } from './thread.ts';

function setup() {
  const requests: Array<Record<string, unknown>> = [];
  const lines: Array<{ type: string; payload: Record<string, unknown> }> = [];
  const client: ModelClient = {
    async stream(body: Record<string, unknown>) {
      requests.push(structuredClone(body));
      const events: ResponseEvent[] = [
        { type: 'response.output_item.done', item: { type: 'message', role: 'assistant', id: 'm', status: 'completed', content: [{ type: 'output_text', text: 'ok' }] } },
        { type: 'response.completed', response: { id: 'r', usage: { input_tokens: 1, output_tokens: 1 } } },
      ];
      return (async function* () {
        yield* events;
      })();
    },
  } as ModelClient;
  let n = 0;
  const thread = new Thread({
    id: 't',
    client,
    tools: { specs: () => [], handle: async () => ({ type: 'function_call_output', call_id: 'x', output: '' }) },
    retry: { requestMaxRetries: 0, streamMaxRetries: 0 },
    settings: { model: 'gpt-5.5', provider: 'mock', cwd: '/ws', approvalPolicy: 'never', sandboxMode: 'workspace-write', contextWindow: 1000 },
    baseInstructions: 'base',
    history: [],
    pendingContext: [developerMessage('<permissions instructions>'), userMessage('<environment_context>')],
    rollout: { append: (type, payload) => lines.push({ type, payload }) },
    newId: () => `id-${n++}`,
  });
  const run = async (prompt: string) => {
    const it = thread.runTurn(prompt);
    while (!(await it.next()).done);
  };
  return { thread, requests, lines, run };
}

const texts = (item: unknown): string[] => ((item as { content: Array<{ text: string }> }).content ?? []).map((c) => c.text);

describe('Plan mode', () => {
  it('joins the opening developer message when chosen before the first turn, with its effort', async () => {
    const { thread, requests, lines, run } = setup();
    thread.setCollaborationMode('plan', 'medium');
    await run('hi');
    const input = requests[0].input as unknown[];
    expect(input.filter((i) => (i as { role?: string }).role === 'developer')).toHaveLength(2);
    expect(texts(input[1])).toEqual(['<permissions instructions>', PLAN_MODE_INSTRUCTIONS]);
    expect(requests[0].reasoning).toEqual({ effort: 'medium' });
    expect(lines.find((l) => l.payload.type === 'task_started')?.payload.collaboration_mode_kind).toBe('plan');
    const settings = lines.find((l) => l.payload.type === 'thread_settings_applied')?.payload.thread_settings as { collaboration_mode: { mode: string } };
    expect(settings.collaboration_mode.mode).toBe('plan');
  });

  it('is announced in a developer message of its own later, and its end too; choosing it twice says it once', async () => {
    const { thread, requests, run } = setup();
    await run('one');
    thread.setCollaborationMode('plan', 'medium');
    thread.setCollaborationMode('plan', 'medium');
    await run('two');
    thread.setCollaborationMode('default', undefined);
    await run('three');
    const said = (r: Record<string, unknown>) => (r.input as unknown[]).flatMap(texts).filter((t) => t.startsWith('<collaboration_mode>'));
    expect(said(requests[1])).toEqual([PLAN_MODE_INSTRUCTIONS]);
    expect(said(requests[2])).toEqual([PLAN_MODE_INSTRUCTIONS, DEFAULT_MODE_INSTRUCTIONS]);
  });

  it('records the new settings at once once the thread is on disk, not before its first turn', async () => {
    const { thread, lines, run } = setup();
    thread.setCollaborationMode('plan', 'medium');
    expect(lines).toEqual([]);
    await run('one');
    const before = lines.length;
    thread.setCollaborationMode('default', undefined);
    expect(lines.slice(before).map((l) => l.payload.type)).toEqual(['thread_settings_applied']);
  });
});
