// The request validators the app-server runs are compiled ahead of time from the schema bundle
// (product/protocol/generate-validators.mjs): they must be what the committed schema compiles to.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without types
import { generateValidators } from '../../protocol/generate-validators.mjs';
import { checkParams, clientMethods } from './protocol.ts';

describe('precompiled request validators', () => {
  it('are exactly what the committed schema bundle compiles to (regenerate: node product/protocol/generate-validators.mjs)', () => {
    const committed = readFileSync(new URL('../../protocol/app-server/validators.mjs', import.meta.url), 'utf8');
    expect(committed === generateValidators()).toBe(true);
  }, 60_000);

  it("know every method of the schema and check a request's params as the schema says", () => {
    expect(clientMethods().get('thread/start')).toBe('v2/ThreadStartParams');
    expect(checkParams('turn/start', { threadId: 't', input: [{ type: 'text', text: 'hi', text_elements: [] }] })).toBeNull();
    expect(checkParams('turn/start', { threadId: 't' })).toMatchObject({ missingField: 'input' });
    expect(checkParams('thread/read', { threadId: 5 })?.message).toMatch(/^\/threadId must be string/);
  });
});
