import { describe, expect, it } from 'vitest';
import { hasType, parseRolloutLine, type RolloutLine } from './schema.ts';

const ok = (value: unknown): RolloutLine => {
  const r = parseRolloutLine(value);
  if (!r.ok) throw new Error(r.error);
  return r.line;
};

const at = '2026-11-24T23:03:56.767Z';

describe('a rollout line', () => {
  it('parses the paginated shape: ordinal, and metadata on response items', () => {
    const line = ok({
      timestamp: at,
      ordinal: 7,
      type: 'response_item',
      payload: { type: 'message', id: 'msg_1', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
      metadata: { history_sequence: 3, sampled_through_sequence: 0, client_authored: false },
    });
    expect(line.ordinal).toBe(7);
    expect(line.metadata).toEqual({ history_sequence: 3, sampled_through_sequence: 0, client_authored: false });
    expect(hasType(line, 'response_item') && hasType(line.payload, 'message') && line.payload.role).toBe('user');
  });

  it('parses the legacy shape: no ordinal, session_meta with instructions: null', () => {
    const line = ok({
      timestamp: at,
      type: 'session_meta',
      payload: { id: 'a', timestamp: at, cwd: '/p', originator: 'codex_cli_rs', cli_version: '0.30.0', instructions: null, source: 'cli', model_provider: 'openai' },
    });
    expect(line.ordinal).toBeUndefined();
    expect(hasType(line, 'session_meta') && line.payload.instructions).toBeNull();
  });

  it('keeps fields it does not type, so nothing is lost on a round trip', () => {
    const payload = { id: 'a', timestamp: at, cwd: '/p', originator: 'o', cli_version: '1', history_mode: 'paginated', context_window: { window_id: 'w' } };
    const line = ok({ timestamp: at, ordinal: 0, type: 'session_meta', payload });
    expect(line.payload).toEqual(payload);
  });

  it.each([
    ['world_state', { full: true, state: { model: 'gpt-5.5' } }],
    ['token_usage_record', { response_id: 'resp_1', usage: { input_tokens: 1 } }],
    ['some_future_kind', 42],
  ])('passes %s lines through uninterpreted', (type, payload) => {
    const line = ok({ timestamp: at, ordinal: 4, type, payload });
    expect(line.type).toBe(type);
    expect(line.payload).toEqual(payload);
  });

  it('passes unknown event types and response item types through', () => {
    const ev = ok({ timestamp: at, type: 'event_msg', payload: { type: 'thread_settings_applied', thread_settings: { model: 'm' } } });
    expect(ev.payload).toEqual({ type: 'thread_settings_applied', thread_settings: { model: 'm' } });
    const item = ok({ timestamp: at, type: 'response_item', payload: { type: 'web_search_call', status: 'completed', action: { type: 'search' } } });
    expect(hasType(item, 'response_item') && item.payload.type).toBe('web_search_call');
  });

  it('types the events csm acts on', () => {
    const line = ok({ timestamp: at, type: 'event_msg', payload: { type: 'thread_rolled_back', num_turns: 2 } });
    expect(hasType(line, 'event_msg') && hasType(line.payload, 'thread_rolled_back') && line.payload.num_turns).toBe(2);
  });

  it('parses compacted with and without replacement_history', () => {
    const withHistory = ok({
      timestamp: at,
      type: 'compacted',
      payload: { message: 'summary', replacement_history: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'x' }] }] },
    });
    expect(hasType(withHistory, 'compacted') && withHistory.payload.replacement_history).toHaveLength(1);
    expect(ok({ timestamp: at, type: 'compacted', payload: { message: 'summary' } }).type).toBe('compacted');
  });

  it('rejects a known kind with a broken payload, naming the kind and the path', () => {
    const r = parseRolloutLine({ timestamp: at, type: 'response_item', payload: { type: 'function_call', name: 'shell', arguments: '{}' } });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^response_item .*payload/);
  });

  it('rejects values that are not lines', () => {
    expect(parseRolloutLine(null).ok).toBe(false);
    expect(parseRolloutLine({ type: 'event_msg', payload: { type: 'x' } }).ok).toBe(false); // no timestamp
    expect(parseRolloutLine({ timestamp: at, ordinal: -1, type: 'x', payload: {} }).ok).toBe(false);
  });
});
