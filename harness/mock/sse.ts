// Pure builders: one scripted turn -> the ordered Responses API SSE events the real API would send.
// The full sequence matters: upstream only creates an item on output_item.done, and the openai SDK's
// stream helper hangs unless every added/done pair is present.
import { outputKind, type MockOutputItem, type MockTurn, type MockUsage } from './script.ts';

export interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

export interface BuildOptions {
  /** Goes into ids (`resp_mock_<key>`, `msg_mock_<key>_<item>`): the 1-based turn number, or "title". */
  key: number | string;
  /** Echoed in the response object (normally the request's model). */
  model?: string;
}

/** Fixed so recordings are repeatable; upstream only passes it back on later requests. */
export const ENCRYPTED_REASONING = 'gAAAAmock-encrypted-reasoning';
/** Fixed timestamp for the same reason. */
const CREATED_AT = 1_764_000_000;
/** The non-JSON line a `malformed` stream fault sends. */
export const MALFORMED_FRAME = 'event: response.output_text.delta\ndata: {not json\n\n';

export function frame(e: SseEvent): string {
  return `event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`;
}

/** Splits text into at most n non-empty deltas of near-equal length, never inside a code point. */
export function splitChunks(text: string, n: number): string[] {
  const chars = Array.from(text);
  const size = Math.max(1, Math.ceil(chars.length / n));
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

export function responseUsage(u: MockUsage) {
  return {
    input_tokens: u.input_tokens,
    input_tokens_details: { cached_tokens: u.cached_input_tokens },
    output_tokens: u.output_tokens,
    output_tokens_details: { reasoning_tokens: u.reasoning_output_tokens },
    total_tokens: u.input_tokens + u.output_tokens,
  };
}

/** The complete output item (as in output_item.done and response.completed). */
export function outputItem(item: MockOutputItem, key: number | string, index: number): Record<string, unknown> {
  const suffix = `${key}_${index}`;
  switch (outputKind(item)) {
    case 'text':
      return {
        type: 'message',
        id: `msg_mock_${suffix}`,
        status: 'completed',
        role: 'assistant',
        content: [{ type: 'output_text', text: item.text, annotations: [], logprobs: [] }],
      };
    case 'reasoning':
      return {
        type: 'reasoning',
        id: `rs_mock_${suffix}`,
        summary: [{ type: 'summary_text', text: item.reasoning }],
        encrypted_content: ENCRYPTED_REASONING,
      };
    case 'exec_command':
      return functionCall(suffix, 'exec_command', JSON.stringify(item.exec_command));
    case 'function_call': {
      const args = item.function_call!.arguments;
      const call = functionCall(suffix, item.function_call!.name, typeof args === 'string' ? args : JSON.stringify(args));
      return item.function_call!.namespace ? { ...call, namespace: item.function_call!.namespace } : call;
    }
    case 'tool_search':
      return { type: 'tool_search_call', id: `tsc_mock_${suffix}`, call_id: `call_mock_${suffix}`, execution: 'client', status: 'completed', arguments: item.tool_search };
    case 'apply_patch':
      return { type: 'custom_tool_call', id: `ctc_mock_${suffix}`, call_id: `call_mock_${suffix}`, name: 'apply_patch', input: item.apply_patch, status: 'completed' };
  }
}

function functionCall(suffix: string, name: string, args: string): Record<string, unknown> {
  return { type: 'function_call', id: `fc_mock_${suffix}`, call_id: `call_mock_${suffix}`, name, arguments: args, status: 'completed' };
}

/** The item as first announced by output_item.added: same identity, empty payload. */
function addedItem(done: Record<string, unknown>): Record<string, unknown> {
  switch (done.type) {
    case 'message':
      return { ...done, status: 'in_progress', content: [] };
    case 'reasoning':
      return { ...done, summary: [] };
    case 'function_call':
      return { ...done, status: 'in_progress', arguments: '' };
    case 'tool_search_call':
      return { ...done, status: 'in_progress' };
    default:
      return { ...done, status: 'in_progress', input: '' };
  }
}

/** Events between output_item.added and output_item.done for one item. */
function itemBodyEvents(done: Record<string, unknown>, output_index: number, chunks: number): SseEvent[] {
  const item_id = done.id as string;
  const at = { item_id, output_index };
  switch (done.type) {
    case 'message': {
      const text = (done.content as { text: string }[])[0].text;
      const part = { type: 'output_text', annotations: [], logprobs: [] };
      return [
        { event: 'response.content_part.added', data: { ...at, content_index: 0, part: { ...part, text: '' } } },
        ...splitChunks(text, chunks).map((delta) => ({ event: 'response.output_text.delta', data: { ...at, content_index: 0, delta, logprobs: [] } })),
        { event: 'response.output_text.done', data: { ...at, content_index: 0, text, logprobs: [] } },
        { event: 'response.content_part.done', data: { ...at, content_index: 0, part: { ...part, text } } },
      ];
    }
    case 'reasoning': {
      const text = (done.summary as { text: string }[])[0].text;
      return [
        { event: 'response.reasoning_summary_part.added', data: { ...at, summary_index: 0, part: { type: 'summary_text', text: '' } } },
        ...splitChunks(text, chunks).map((delta) => ({ event: 'response.reasoning_summary_text.delta', data: { ...at, summary_index: 0, delta } })),
        { event: 'response.reasoning_summary_text.done', data: { ...at, summary_index: 0, text } },
        { event: 'response.reasoning_summary_part.done', data: { ...at, summary_index: 0, part: { type: 'summary_text', text } } },
      ];
    }
    case 'function_call': {
      const args = done.arguments as string;
      return [
        { event: 'response.function_call_arguments.delta', data: { ...at, delta: args } },
        { event: 'response.function_call_arguments.done', data: { ...at, name: done.name, arguments: args } },
      ];
    }
    case 'tool_search_call':
      return [];
    default: {
      const input = done.input as string;
      return [
        { event: 'response.custom_tool_call_input.delta', data: { ...at, delta: input } },
        { event: 'response.custom_tool_call_input.done', data: { ...at, input } },
      ];
    }
  }
}

/** Every event of one successful response, in order, with `type` and `sequence_number` filled in. */
export function buildTurnEvents(turn: MockTurn, opts: BuildOptions): SseEvent[] {
  const output = turn.output.map((item, i) => outputItem(item, opts.key, i));
  const response = (status: string, extra: Record<string, unknown>) => ({
    id: `resp_mock_${opts.key}`,
    object: 'response',
    created_at: CREATED_AT,
    status,
    model: opts.model ?? 'mock-model',
    ...extra,
  });
  const events: SseEvent[] = [
    { event: 'response.created', data: { response: response('in_progress', { output: [], usage: null }) } },
    { event: 'response.in_progress', data: { response: response('in_progress', { output: [], usage: null }) } },
  ];
  output.forEach((done, output_index) => {
    events.push({ event: 'response.output_item.added', data: { output_index, item: addedItem(done) } });
    events.push(...itemBodyEvents(done, output_index, turn.chunks));
    events.push({ event: 'response.output_item.done', data: { output_index, item: done } });
  });
  events.push({ event: 'response.completed', data: { response: response('completed', { output, usage: responseUsage(turn.usage) }) } });
  // The real API repeats the event name as `type` inside data and numbers every event.
  return events.map((e, sequence_number) => ({ event: e.event, data: { type: e.event, sequence_number, ...e.data } }));
}
