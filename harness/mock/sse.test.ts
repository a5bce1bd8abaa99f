import { describe, expect, it } from 'vitest';
import { parseMockScript, type MockTurnInput } from './script.ts';
import { buildTurnEvents, ENCRYPTED_REASONING, frame, splitChunks } from './sse.ts';

const turn = (t: MockTurnInput) => parseMockScript({ turns: [t] }).turns[0];
const names = (events: { event: string }[]) => events.map((e) => e.event);

describe('SSE builders', () => {
  it('streams a text turn as the full sequence the SDK and upstream need', () => {
    const events = buildTurnEvents(turn({ output: [{ text: 'Hello world' }] }), { key: 1, model: 'gpt-5.5' });
    expect(names(events)).toEqual([
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
    expect(events.map((e) => e.data.sequence_number)).toEqual(events.map((_, i) => i));
    expect(events.every((e) => e.data.type === e.event)).toBe(true);
    const deltas = events.filter((e) => e.event === 'response.output_text.delta').map((e) => e.data.delta);
    expect(deltas.join('')).toBe('Hello world');

    const message = { type: 'message', id: 'msg_mock_1_0', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: 'Hello world', annotations: [], logprobs: [] }] };
    expect(events[9].data.item).toEqual(message);
    const completed = events[10].data.response as Record<string, unknown>;
    expect(completed).toMatchObject({ id: 'resp_mock_1', status: 'completed', model: 'gpt-5.5', output: [message] });
    expect(completed.usage).toEqual({
      input_tokens: 120,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: 12,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: 132,
    });
  });

  it('streams reasoning as a summary with encrypted content, split into `chunks` deltas', () => {
    const events = buildTurnEvents(turn({ output: [{ reasoning: '**Thinking** hard' }], chunks: 4 }), { key: 2 });
    expect(names(events).slice(2, -1)).toEqual([
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      ...Array(4).fill('response.reasoning_summary_text.delta'),
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
    ]);
    expect(events.at(-2)!.data.item).toEqual({
      type: 'reasoning',
      id: 'rs_mock_2_0',
      summary: [{ type: 'summary_text', text: '**Thinking** hard' }],
      encrypted_content: ENCRYPTED_REASONING,
    });
  });

  it('turns exec_command, function_call and apply_patch into tool call items with deterministic ids', () => {
    const events = buildTurnEvents(
      turn({
        output: [
          { exec_command: { cmd: 'echo hi', yield_time_ms: 1000 } },
          { function_call: { name: 'update_plan', arguments: { plan: [] } } },
          { apply_patch: '*** Begin Patch\n*** End Patch\n' },
        ],
      }),
      { key: 3 },
    );
    expect(names(events).slice(2, -1)).toEqual([
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.custom_tool_call_input.delta',
      'response.custom_tool_call_input.done',
      'response.output_item.done',
    ]);
    const output = (events.at(-1)!.data.response as { output: unknown[] }).output;
    expect(output).toEqual([
      { type: 'function_call', id: 'fc_mock_3_0', call_id: 'call_mock_3_0', name: 'exec_command', arguments: '{"cmd":"echo hi","yield_time_ms":1000}', status: 'completed' },
      { type: 'function_call', id: 'fc_mock_3_1', call_id: 'call_mock_3_1', name: 'update_plan', arguments: '{"plan":[]}', status: 'completed' },
      { type: 'custom_tool_call', id: 'ctc_mock_3_2', call_id: 'call_mock_3_2', name: 'apply_patch', input: '*** Begin Patch\n*** End Patch\n', status: 'completed' },
    ]);
    // output_item.added announces the call with empty arguments, so SDK delta accumulation starts clean.
    expect(events[2].data.item).toMatchObject({ type: 'function_call', arguments: '', status: 'in_progress' });
  });

  it('is deterministic: the same turn builds the same events', () => {
    const t = turn({ output: [{ reasoning: 'r' }, { text: 't' }] });
    expect(buildTurnEvents(t, { key: 1 })).toEqual(buildTurnEvents(t, { key: 1 }));
  });

  it('splits text into at most n deltas without breaking code points', () => {
    expect(splitChunks('Hello world', 3)).toEqual(['Hell', 'o wo', 'rld']);
    expect(splitChunks('hi', 5)).toEqual(['h', 'i']);
    expect(splitChunks('😀😀', 2)).toEqual(['😀', '😀']);
    expect(splitChunks('', 3)).toEqual([]);
  });

  it('serializes a frame as event and data lines', () => {
    expect(frame({ event: 'response.created', data: { a: 1 } })).toBe('event: response.created\ndata: {"a":1}\n\n');
  });
});
