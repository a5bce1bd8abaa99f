import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadRollout } from './reader.ts';
import { dropLastUserTurns, isContextualMessage, lastTurnContext, reconstructHistory, toModelInput } from './reconstruct.ts';
import { parseRolloutLine, type ResponseItem, type RolloutLine } from './schema.ts';

// ── a tiny rollout builder ──────────────────────────────────────────────────────────────────────

const msg = (role: string, text: string): ResponseItem => ({
  type: 'message',
  role,
  content: [{ type: role === 'assistant' ? 'output_text' : 'input_text', text }],
});
const env = msg('user', '<environment_context>\n  <cwd>/ws</cwd>\n</environment_context>');
const perms = msg('developer', '<permissions instructions>\nsandbox…\n</permissions instructions>');

type Entry = [type: string, payload: unknown];
const rollout = (...entries: Entry[]): RolloutLine[] =>
  entries.map(([type, payload], ordinal) => {
    const r = parseRolloutLine({ timestamp: '2026-11-24T23:03:56.767Z', ordinal, type, payload });
    if (!r.ok) throw new Error(r.error);
    return r.line;
  });
const item = (i: ResponseItem): Entry => ['response_item', i];
const ev = (payload: Record<string, unknown>): Entry => ['event_msg', payload];
const ctx = (model: string): Entry => ['turn_context', { cwd: '/ws', model, approval_policy: 'never', summary: 'none' }];
/** One user turn as upstream 0.169.0 writes it. */
const turn = (id: string, prompt: string, answer: string, ...extra: Entry[]): Entry[] => [
  ev({ type: 'task_started', turn_id: id }),
  ctx(`model-${id}`),
  item(msg('user', prompt)),
  ...extra,
  item(msg('assistant', answer)),
  ev({ type: 'task_complete', turn_id: id }),
];
const meta: Entry = ['session_meta', { id: 't', timestamp: 'x', cwd: '/ws', originator: 'o', cli_version: '1' }];
const texts = (items: ResponseItem[]) => items.map((i) => (i.type === 'message' ? `${i.role}:${(i.content as Array<{ text: string }>)[0].text.split('\n')[0]}` : i.type));

describe('reconstructHistory', () => {
  it('replays every response item in file order, context messages included', () => {
    const lines = rollout(
      meta,
      ev({ type: 'task_started', turn_id: 'a' }),
      item(perms),
      item(env),
      ['world_state', { full: true }],
      ctx('m'),
      item(msg('user', 'run it')),
      item({ type: 'reasoning', summary: [], encrypted_content: 'opaque' }),
      item({ type: 'function_call', name: 'exec_command', arguments: '{}', call_id: 'c1' }),
      ['token_usage_record', { response_id: 'r1' }],
      item({ type: 'function_call_output', call_id: 'c1', output: 'ok' }),
      item(msg('assistant', 'done')),
      ev({ type: 'task_complete', turn_id: 'a' }),
    );
    expect(texts(reconstructHistory(lines))).toEqual([
      'developer:<permissions instructions>',
      'user:<environment_context>',
      'user:run it',
      'reasoning',
      'function_call',
      'function_call_output',
      'assistant:done',
    ]);
  });

  it('leaves out what the model does not take back: system messages, ghost snapshots, unknown kinds', () => {
    const lines = rollout(
      item(msg('system', 'hidden')),
      item({ type: 'ghost_snapshot', ghost_commit: { id: 'abc' } } as ResponseItem),
      item({ type: 'compaction_trigger' } as ResponseItem),
      item({ type: 'web_search_call', status: 'completed' } as ResponseItem),
      item(msg('user', 'kept')),
    );
    expect(texts(reconstructHistory(lines))).toEqual(['web_search_call', 'user:kept']);
  });

  it('starts from the newest compaction that carries replacement_history', () => {
    const lines = rollout(
      meta,
      ...turn('a', 'one', 'ONE'),
      ['compacted', { message: 'old summary', replacement_history: [msg('user', 'stale base')] }],
      ...turn('b', 'two', 'TWO'),
      ['compacted', { message: 'summary', replacement_history: [msg('user', 'one'), msg('user', 'summary of one and two')] }],
      ...turn('c', 'three', 'THREE'),
    );
    expect(texts(reconstructHistory(lines))).toEqual(['user:one', 'user:summary of one and two', 'user:three', 'assistant:THREE']);
  });

  it('rebuilds an old-style compaction (no replacement_history) from the user messages and the summary', () => {
    const lines = rollout(meta, ...turn('a', 'one', 'ONE'), ...turn('b', 'two', 'TWO'), ['compacted', { message: 'SUMMARY' }], ...turn('c', 'three', 'THREE'));
    expect(texts(reconstructHistory(lines))).toEqual(['user:one', 'user:two', 'user:SUMMARY', 'user:three', 'assistant:THREE']);
  });

  it('applies thread_rolled_back by dropping the newest user turns', () => {
    const lines = rollout(meta, ...turn('a', 'one', 'ONE'), ...turn('b', 'two', 'TWO'), ...turn('c', 'three', 'THREE'), ev({ type: 'thread_rolled_back', num_turns: 2 }));
    expect(texts(reconstructHistory(lines))).toEqual(['user:one', 'assistant:ONE']);
  });

  it('keeps turns taken after a rollback', () => {
    const lines = rollout(meta, ...turn('a', 'one', 'ONE'), ...turn('b', 'two', 'TWO'), ev({ type: 'thread_rolled_back', num_turns: 1 }), ...turn('c', 'three', 'THREE'));
    expect(texts(reconstructHistory(lines))).toEqual(['user:one', 'assistant:ONE', 'user:three', 'assistant:THREE']);
  });

  it('rolls back into compacted history', () => {
    const lines = rollout(
      meta,
      ...turn('a', 'one', 'ONE'),
      ...turn('b', 'two', 'TWO'),
      ['compacted', { message: 's', replacement_history: [msg('user', 'one'), msg('assistant', 'ONE'), msg('user', 'two'), msg('user', 'summary')] }],
      ...turn('c', 'three', 'THREE'),
      ev({ type: 'thread_rolled_back', num_turns: 2 }),
    );
    expect(texts(reconstructHistory(lines))).toEqual(['user:one', 'assistant:ONE', 'user:two']);
  });

  it('is empty for a file without response items', () => {
    expect(reconstructHistory(rollout(meta))).toEqual([]);
  });
});

describe('dropLastUserTurns', () => {
  const history = [perms, env, msg('user', 'one'), msg('assistant', 'ONE'), env, msg('user', 'two'), msg('assistant', 'TWO')];

  it('takes the context messages right above a dropped turn with it', () => {
    expect(texts(dropLastUserTurns(history, 1))).toEqual(['developer:<permissions instructions>', 'user:<environment_context>', 'user:one', 'assistant:ONE']);
  });

  it('never drops the context before the first turn', () => {
    expect(texts(dropLastUserTurns(history, 5))).toEqual(['developer:<permissions instructions>', 'user:<environment_context>']);
  });

  it('is a no-op for zero turns or a history without user turns', () => {
    expect(dropLastUserTurns(history, 0)).toEqual(history);
    expect(dropLastUserTurns([perms, env], 1)).toEqual([perms, env]);
  });
});

describe('isContextualMessage', () => {
  it('prefers upstream content_item_kinds labels when present', () => {
    const labelled = (text: string, kinds: string[]): ResponseItem => ({ ...msg('user', text), internal_chat_message_metadata_passthrough: { content_item_kinds: kinds } });
    expect(isContextualMessage(labelled('<environment_context>', ['user.text']))).toBe(false);
    expect(isContextualMessage(labelled('anything', ['environments.environment_context']))).toBe(true);
  });

  it('falls back to the opening tag', () => {
    expect(isContextualMessage(env)).toBe(true);
    expect(isContextualMessage(perms)).toBe(true);
    expect(isContextualMessage(msg('user', 'please read <environment_context>'))).toBe(false);
    expect(isContextualMessage(msg('assistant', '<environment_context>'))).toBe(false);
  });
});

describe('lastTurnContext', () => {
  it('is the newest turn_context', () => {
    expect(lastTurnContext(rollout(meta, ...turn('a', 'one', 'ONE'), ...turn('b', 'two', 'TWO')))?.model).toBe('model-b');
  });

  it('skips turns that were rolled back', () => {
    const lines = rollout(meta, ...turn('a', 'one', 'ONE'), ...turn('b', 'two', 'TWO'), ev({ type: 'thread_rolled_back', num_turns: 1 }));
    expect(lastTurnContext(lines)?.model).toBe('model-a');
  });

  it('is null without one', () => {
    expect(lastTurnContext(rollout(meta))).toBeNull();
  });
});

describe('toModelInput', () => {
  it('drops the persistence-only metadata field and keeps id and status', () => {
    const stored = { type: 'message', id: 'msg_1', status: 'completed', role: 'assistant', content: [], internal_chat_message_metadata_passthrough: { turn_id: 't' } };
    expect(toModelInput([stored as ResponseItem])).toEqual([{ type: 'message', id: 'msg_1', status: 'completed', role: 'assistant', content: [] }]);
  });
});

describe('a legacy rollout (no ordinals, event_msg user_message/agent_message)', () => {
  const fixture = fileURLToPath(new URL('./fixtures/legacy.rollout.jsonl', import.meta.url));

  it('parses without a malformed line', async () => {
    const { lines, stats } = await loadRollout(fixture);
    expect(stats).toEqual({ lines: 19, malformed: 0, truncatedTail: false });
    expect(lines.every((l) => l.ordinal === undefined)).toBe(true);
  });

  it('reconstructs from its response items, not from the duplicate events', async () => {
    const { lines } = await loadRollout(fixture);
    expect(texts(reconstructHistory(lines))).toEqual([
      'user:<environment_context>',
      'user:what does main.rs do?',
      'reasoning',
      'function_call',
      'function_call_output',
      'assistant:It prints "hi".',
      'user:make it print hello',
      'custom_tool_call',
      'custom_tool_call_output',
      'assistant:Done: it now prints "hello".',
    ]);
    expect(lastTurnContext(lines)).toMatchObject({ model: 'gpt-5', effort: 'high' });
  });

  it('rolls back by user turns even without task_started boundaries', async () => {
    const { lines } = await loadRollout(fixture);
    const rolledBack = [...lines, ...rollout(ev({ type: 'thread_rolled_back', num_turns: 1 })).map((l) => ({ ...l, ordinal: undefined }))];
    expect(texts(reconstructHistory(rolledBack)).at(-1)).toBe('assistant:It prints "hi".');
  });
});
