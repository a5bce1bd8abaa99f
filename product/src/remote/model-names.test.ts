import { describe, expect, it } from 'vitest';
import { checkParams } from '../app-server/protocol.ts';
import { readModelNames } from './model-names.ts';

const model = (id: string, displayName: string) => ({ id, model: id, displayName });

describe("an app-server's model names", () => {
  it('are read from model/list, hidden models too, page after page', async () => {
    const asked: unknown[] = [];
    const pages: Record<string, { data: unknown[]; nextCursor: string | null }> = {
      first: { data: [model('gpt-5.5', 'GPT-5.5'), model('gpt-6.1-terra', 'GPT-6.1 Terra')], nextCursor: 'p2' },
      p2: { data: [model('codex-auto-review', 'Codex Auto Review')], nextCursor: null },
    };
    const client = { request: async <T>(method: string, params: Record<string, unknown>) => (asked.push([method, params]), pages[(params.cursor as string | null) ?? 'first'] as T) };
    expect(await readModelNames(client)).toEqual({ 'gpt-5.5': 'GPT-5.5', 'gpt-6.1-terra': 'GPT-6.1 Terra', 'codex-auto-review': 'Codex Auto Review' });
    expect(asked).toEqual([
      ['model/list', { cursor: null, includeHidden: true }],
      ['model/list', { cursor: 'p2', includeHidden: true }],
    ]);
    expect(await checkParams('model/list', { cursor: null, includeHidden: true })).toBeNull();
  });

  it('are none when the server will not list its models', async () => {
    expect(await readModelNames({ request: async () => Promise.reject(new Error('model/list is not served')) })).toBeNull();
  });
});
