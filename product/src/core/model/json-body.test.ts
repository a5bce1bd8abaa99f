import { describe, expect, it } from 'vitest';
import { encodeJsonBody } from './json-body.ts';

const same = (body: Record<string, unknown>) => expect(encodeJsonBody(body).equals(Buffer.from(JSON.stringify(body)))).toBe(true);

describe('encodeJsonBody', () => {
  it('gives the bytes JSON.stringify gives, keys in order, input item by item', () => {
    same({ model: 'gpt-5.5', input: [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'héllo • wörld 🌍 "quoted"\n' }] }, { type: 'reasoning', summary: [] }], stream: true, include: ['x'] });
  });

  it('leaves out undefined keys and writes null for what an array cannot hold', () => {
    same({ a: undefined, input: [undefined, () => 1, { b: undefined, c: 1 }], z: 0 });
    same({ first: undefined, second: 2 });
  });

  it('handles an empty input, no input, and an empty body', () => {
    same({ input: [] });
    same({ model: 'm' });
    same({});
  });

  it('keeps lone surrogates escaped as JSON.stringify does', () => {
    same({ input: [{ text: 'a\ud800b' }] });
  });
});
