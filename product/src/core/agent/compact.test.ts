// Compaction as upstream 0.171.0 does it with a custom provider (lab: exec-compact-*, tui-compact):
// what is sent, which lines are recorded in which order, and what the history becomes.
import { describe, expect, it } from 'vitest';
import type { ModelClient, ResponseEvent } from '../model/client.ts';
import type { RolloutLine } from '../rollout/schema.ts';
import { reconstructHistory } from '../rollout/reconstruct.ts';
import { autoCompactLimit, COMPACT_PROMPT, replacementHistory, SUMMARY_PREFIX, summaryText } from './compact.ts';
import { developerMessage, userMessage, type ResponseItem } from './items.ts';
import { Thread, type ThreadOptions } from './thread.ts';
import { contextState } from './world-state.ts';
import type { ThreadEvent } from '../protocol/thread-events.ts';

type Answer = { text?: string; call?: string; usage?: number };

/** A model answering each request with the next scripted answer, keeping every request body. */
function scripted(answers: Answer[]) {
  const bodies: Record<string, unknown>[] = [];
  const client: ModelClient = {
    async stream(body) {
      bodies.push(JSON.parse(JSON.stringify(body)));
      const a = answers[bodies.length - 1] ?? { text: 'unscripted' };
      const n = bodies.length;
      const item = a.call
        ? { type: 'function_call', id: `fc_${n}`, call_id: `call_${n}`, name: 'exec_command', arguments: JSON.stringify({ cmd: a.call }) }
        : { type: 'message', role: 'assistant', id: `msg_${n}`, status: 'completed', content: [{ type: 'output_text', text: a.text ?? '' }] };
      const events: ResponseEvent[] = [
        { type: 'response.output_item.done', item },
        { type: 'response.completed', response: { id: `resp_${n}`, usage: { input_tokens: a.usage ?? 100, output_tokens: 10 } } },
      ];
      return (async function* () {
        yield* events;
      })();
    },
  };
  return { client, bodies };
}

interface Line {
  type: string;
  payload: Record<string, unknown>;
  metadata?: Record<string, unknown>;
}

const initial = () => [developerMessage('<permissions instructions>'), userMessage('<environment_context>')];

function thread(client: ModelClient, lines: Line[], opts: Partial<ThreadOptions> = {}): Thread {
  let n = 0;
  return new Thread({
    id: 'thread-1',
    client,
    tools: { specs: () => [{ type: 'function', name: 'exec_command' }], handle: async (call) => ({ type: 'function_call_output', call_id: call.call_id, output: '2' }) },
    retry: { requestMaxRetries: 0, streamMaxRetries: 0 },
    settings: { model: 'gpt-5.5', provider: 'mock', cwd: '/ws', approvalPolicy: 'never', sandboxMode: 'workspace-write', contextWindow: 258_400 },
    baseInstructions: 'base',
    history: [],
    pendingContext: initial(),
    rollout: { append: (type, payload, metadata) => lines.push({ type, payload, ...(metadata ? { metadata } : {}) }) },
    newId: () => `id-${n++}`,
    autoCompactTokenLimit: 1000,
    initialContext: initial,
    ...opts,
  });
}

async function drain(run: AsyncGenerator<ThreadEvent, unknown>): Promise<ThreadEvent[]> {
  const events: ThreadEvent[] = [];
  for (let next = await run.next(); !next.done; next = await run.next()) events.push(next.value);
  return events;
}

function kind(l: Line): string {
  if (l.type === 'event_msg') return `event/${l.payload.type}`;
  if (l.type === 'response_item') return `${l.payload.type}:${l.payload.role ?? ''}`;
  return l.type;
}

const texts = (body: Record<string, unknown>) =>
  (body.input as ResponseItem[]).map((i) => (Array.isArray(i.content) ? (i.content as { text: string }[]).map((c) => c.text).join('') : i.type));

// What upstream records for a compaction, whatever started it.
const COMPACTION_LINES = [
  'event/token_count',
  'message:assistant',
  'token_usage_record',
  'event/token_count',
  'compacted',
  'world_state',
  'turn_context',
  'event/thread_settings_applied',
  'event/token_count',
  'event/item_completed',
];

describe('automatic compaction in a turn', () => {
  it('compacts before the follow-up when a response reports usage over the limit with a tool call pending, and continues from the summary', async () => {
    const { client, bodies } = scripted([{ call: 'ls | wc -l', usage: 5000 }, { text: 'Summary: counted files.' }, { text: 'There are 2 files.' }]);
    const lines: Line[] = [];
    const events = await drain(thread(client, lines).runTurn('count the files'));

    expect(bodies).toHaveLength(3);
    // The summary request: the history and our prompt, no tools offered, calls not in parallel.
    expect(bodies[1].tools).toEqual([]);
    expect(bodies[1].parallel_tool_calls).toBe(false);
    expect(texts(bodies[1])).toEqual(['base', '<permissions instructions>', '<environment_context>', 'count the files', 'function_call', 'function_call_output', COMPACT_PROMPT]);
    // The turn goes on from the replacement: fresh context, what the person typed, the summary.
    expect(texts(bodies[2])).toEqual(['base', '<permissions instructions>', '<environment_context>', 'count the files', summaryText('Summary: counted files.')]);
    expect(bodies[2].tools).toHaveLength(1);

    const order = lines.map(kind);
    const at = order.indexOf('function_call_output:');
    expect(order.slice(at + 1, at + 2 + COMPACTION_LINES.length)).toEqual(['event/token_count', ...COMPACTION_LINES]);
    expect(order.slice(-4)).toEqual(['message:assistant', 'token_usage_record', 'event/token_count', 'event/task_complete']);

    const compacted = lines.find((l) => l.type === 'compacted')!.payload;
    expect(compacted.message).toBe(summaryText('Summary: counted files.'));
    expect((compacted.replacement_history as ResponseItem[]).map((i) => texts({ input: [i] })[0])).toEqual(['<permissions instructions>', '<environment_context>', 'count the files', summaryText('Summary: counted files.')]);
    // The world state after it describes the fresh context the replacement starts with, in full.
    expect(lines.filter((l) => l.type === 'world_state').at(-1)!.payload).toEqual({ full: true, state: contextState(initial(), { model: 'gpt-5.5', full: true }) });
    // The summary's own line is marked, so a resume never reads it as an answer.
    expect(lines.find((l) => l.type === 'response_item' && l.metadata)?.metadata).toEqual({ compaction_output: true });
    // exec shows "context compacted" between the command and the answer; the turn's usage includes the summary request's.
    expect(events.map((e) => e.type)).toContain('context.compacted');
    expect(events.at(-1)).toEqual({ type: 'turn.completed', usage: expect.objectContaining({ input_tokens: 5200, output_tokens: 30 }) });
  });

  it('does not compact when the usage stays under the limit, or when no follow-up is pending', async () => {
    for (const answers of [[{ call: 'ls', usage: 500 }, { text: 'done' }], [{ text: 'done', usage: 5000 }]]) {
      const { client, bodies } = scripted(answers);
      const lines: Line[] = [];
      await drain(thread(client, lines).runTurn('go'));
      expect(bodies.every((b) => (b.tools as unknown[]).length === 1)).toBe(true);
      expect(lines.some((l) => l.type === 'compacted')).toBe(false);
    }
  });

  it('compacts a resumed thread already over the limit before its prompt is sent; the prompt follows the summary', async () => {
    const { client, bodies } = scripted([{ text: 'Summary: remember kiwi.' }, { text: 'Kiwi.' }]);
    const lines: Line[] = [];
    const history = [...initial(), userMessage('remember kiwi'), { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Noted.' }] }];
    const t = thread(client, lines, { history, pendingContext: [userMessage('<environment_context> changed')], priorContextTokens: 5040, resume: { context: 'update', settingsChanged: false, firstSettings: false } });
    await drain(t.runTurn('which word?'));
    expect(texts(bodies[0]).at(-1)).toBe(COMPACT_PROMPT);
    expect(texts(bodies[1]).slice(1)).toEqual(['<permissions instructions>', '<environment_context>', 'remember kiwi', summaryText('Summary: remember kiwi.'), 'which word?']);
    expect(lines.map(kind).slice(0, 2 + COMPACTION_LINES.length + 1)).toEqual(['event/thread_settings_applied', 'event/task_started', ...COMPACTION_LINES, 'message:user']);
  });
});

describe('/compact', () => {
  it('is a turn of its own: task_started, the compaction lines, task_complete; events turn.started, context.compacted, turn.completed', async () => {
    const { client, bodies } = scripted([{ text: 'Noted.' }, { text: 'Summary: kiwi.' }]);
    const lines: Line[] = [];
    const t = thread(client, lines, { autoCompactTokenLimit: undefined });
    await drain(t.runTurn('remember kiwi'));
    const from = lines.length;
    const events = await drain(t.compact());
    expect(lines.slice(from).map(kind)).toEqual(['event/task_started', ...COMPACTION_LINES, 'event/task_complete']);
    expect(events.map((e) => e.type)).toEqual(['turn.started', 'context.compacted', 'turn.completed']);
    expect(texts(bodies[1]).slice(1)).toEqual(['<permissions instructions>', '<environment_context>', 'remember kiwi', 'Noted.', COMPACT_PROMPT]);
  });
});

describe('the replacement history', () => {
  const isTyped = (i: ResponseItem) => i.type === 'message' && i.role === 'user' && !String(texts({ input: [i] })[0]).startsWith('<');

  it('keeps the newest typed messages that fit about 20k tokens, oldest first, and no earlier summary', () => {
    const big = 'x'.repeat(50_000);
    const history = [userMessage('first'), userMessage(big), userMessage(summaryText('old summary')), userMessage(big), userMessage('last')];
    const out = replacementHistory(initial(), history, 'new summary', isTyped).map((i) => texts({ input: [i] })[0]);
    expect(out).toEqual(['<permissions instructions>', '<environment_context>', big, 'last', summaryText('new summary')]);
  });

  it('limit: the configured one, capped at 90% of the window; 90% when none is set', () => {
    expect(autoCompactLimit(1000, 258_400)).toBe(1000);
    expect(autoCompactLimit(1_000_000, 258_400)).toBe(232_560);
    expect(autoCompactLimit(undefined, 258_400)).toBe(232_560);
  });

  it('our summary prefix and prompt are our own words', () => {
    expect(SUMMARY_PREFIX).not.toMatch(/another language model/i);
    expect(COMPACT_PROMPT).not.toMatch(/CONTEXT CHECKPOINT/);
  });
});

describe('resume after a compaction was cut short', () => {
  const line = (type: string, payload: Record<string, unknown>, metadata?: Record<string, unknown>) => ({ timestamp: 't', type, payload, ...(metadata ? { metadata } : {}) }) as unknown as RolloutLine;
  const answer = (text: string) => ({ type: 'message', role: 'assistant', content: [{ type: 'output_text', text }] });

  it('a summary with no compacted line after it (the process died in between) is not part of the history', () => {
    const lines = [line('response_item', userMessage('remember kiwi')), line('response_item', answer('Noted.')), line('response_item', answer('Summary: kiwi.'), { compaction_output: true })];
    expect(reconstructHistory(lines)).toEqual([userMessage('remember kiwi'), answer('Noted.')]);
  });
});
