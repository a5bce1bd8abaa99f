import { describe, expect, it } from 'vitest';
import { containsPartial, interleave, resolveRefs, type RpcEntry } from './jsonrpc-driver.ts';

describe('the jsonrpc driver', () => {
  const saved = { started: { result: { thread: { id: 't-1' }, data: [{ id: 'first' }] } }, workspace: '/w' };

  it('resolves {{name.path}} references; a whole-string reference keeps the value type', () => {
    expect(resolveRefs({ threadId: '{{started.result.thread.id}}', cwd: '{{workspace}}/sub', first: '{{started.result.data.0.id}}', obj: '{{started.result.thread}}' }, saved)).toEqual({
      threadId: 't-1',
      cwd: '/w/sub',
      first: 'first',
      obj: { id: 't-1' },
    });
  });

  it('names a reference that does not resolve', () => {
    expect(() => resolveRefs('{{nope.id}}', saved)).toThrow('unknown reference {{nope.id}}: nothing was saved as nope');
    expect(() => resolveRefs('{{started.result.data.3.id}}', saved)).toThrow('{{started.result.data.3.id}}: started has no result.data.3.id');
  });

  it('matches a partial value', () => {
    expect(containsPartial({ item: { type: 'commandExecution', id: 1 } }, { item: { type: 'commandExecution' } })).toBe(true);
    expect(containsPartial({ item: { type: 'agentMessage' } }, { item: { type: 'commandExecution' } })).toBe(false);
  });

  it("puts each client message right after the server message it waited for, whatever the wall clock said", () => {
    const got = (n: number): RpcEntry => ({ dir: 'in', msg: { n } });
    const sent = (n: number): RpcEntry => ({ dir: 'out', msg: { s: n } });
    expect(interleave([got(0), got(1), got(2)], [{ after: -1, entry: sent(0) }, { after: 0, entry: sent(1) }, { after: 0, entry: sent(2) }, { after: 2, entry: sent(3) }])).toEqual([
      sent(0),
      got(0),
      sent(1),
      sent(2),
      got(1),
      got(2),
      sent(3),
    ]);
  });
});
