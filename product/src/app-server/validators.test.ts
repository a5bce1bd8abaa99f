// The request validators the app-server runs are compiled ahead of time from the schema bundle
// (product/protocol/generate-validators.mjs): they must be what the committed schema compiles to.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without types
import { generateValidators, outDir } from '../../protocol/generate-validators.mjs';
import { checkParams, clientMethods } from './protocol.ts';

describe('precompiled request validators', () => {
  it('are exactly what the committed schema bundle compiles to (regenerate: node product/protocol/generate-validators.mjs)', () => {
    const expected = generateValidators() as Record<string, string>;
    const committed = readdirSync(outDir).filter((f) => f.endsWith('.mjs'));
    expect(committed.sort()).toEqual(Object.keys(expected).sort());
    const stale = committed.filter((f) => readFileSync(path.join(outDir, f), 'utf8') !== expected[f]);
    expect(stale).toEqual([]);
  }, 120_000);

  it("know every method of the schema and check a request's params as the schema says", async () => {
    expect(clientMethods().get('thread/start')).toBe('v2/ThreadStartParams');
    expect(await checkParams('turn/start', { threadId: 't', input: [{ type: 'text', text: 'hi', text_elements: [] }] })).toBeNull();
    expect(await checkParams('turn/start', { threadId: 't' })).toMatchObject({ missingField: 'input' });
    expect((await checkParams('thread/read', { threadId: 5 }))?.message).toMatch(/^\/threadId must be string/);
    expect(await checkParams('initialized', {})).toBeNull();
  });
});
