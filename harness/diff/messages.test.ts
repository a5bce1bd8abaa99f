import { describe, expect, it } from 'vitest';
import type { RpcEntry } from '../drivers/jsonrpc-driver.ts';
import { compareMessages, fieldDiffs, labelOf } from './messages.ts';

const out = (method: string, params: unknown = {}): RpcEntry => ({ dir: 'out', msg: { jsonrpc: '2.0', id: '<id>', method, params } });
const res = (re: string, result: unknown): RpcEntry => ({ dir: 'in', msg: { id: '<id>', result }, re });
const note = (method: string, params: unknown = {}): RpcEntry => ({ dir: 'in', msg: { method, params } });

describe('JSON-RPC transcripts compared structurally', () => {
  it('labels say what each line is', () => {
    expect(labelOf(out('turn/start'))).toBe('>> turn/start');
    expect(labelOf(res('turn/start', {}))).toBe('<< turn/start (response)');
    expect(labelOf({ dir: 'in', msg: { id: 0, method: 'item/commandExecution/requestApproval' } })).toBe('<< item/commandExecution/requestApproval (server request)');
    expect(labelOf({ dir: 'in', msg: { id: 1, error: { code: -32600 } }, re: 'no/such' })).toBe('<< no/such (error)');
    expect(labelOf({ dir: 'connect', status: 401, body: 'no' })).toBe('ws connect 401');
  });

  it('identical transcripts pass with full score', () => {
    const t = [out('initialize'), res('initialize', { a: 1 }), note('turn/started')];
    expect(compareMessages(t, structuredClone(t))).toMatchObject({ pass: true, score: 1, detail: '' });
  });

  it('names each field that differs, a missing message and an extra one, by golden index', () => {
    const golden = [out('initialize'), res('initialize', { ua: 'x', nested: { keep: 1, gone: 2 } }), note('remoteControl/status/changed'), note('turn/started')];
    const target = [out('initialize'), res('initialize', { ua: 'y', nested: { keep: 1, added: 3 } }), note('turn/started'), note('warning')];
    const c = compareMessages(golden, target);
    expect(c.pass).toBe(false);
    expect(c.problems).toEqual([
      '#1 << initialize (response) (target #1):\n    result.ua: golden "x", target "y"\n    result.nested.gone: missing in target (golden 2)\n    result.nested.added: only in target (3)',
      '#2 << remoteControl/status/changed: missing in target',
      'target #3 << warning: not in golden',
    ]);
    expect(c.score).toBe(2 / 4);
  });

  it('compares unordered methods as a multiset, whatever their place', () => {
    const golden = [note('a', { n: 1 }), note('thread/started', { t: 1 }), note('b')];
    const target = [note('thread/started', { t: 1 }), note('a', { n: 1 }), note('b')];
    expect(compareMessages(golden, target).pass).toBe(false);
    expect(compareMessages(golden, target, ['thread/started']).pass).toBe(true);
    const changed = [note('thread/started', { t: 2 }), note('a', { n: 1 }), note('b')];
    expect(compareMessages(golden, changed, ['thread/started']).problems).toEqual(['#1 << thread/started (unordered, target #0):\n    params.t: golden 1, target 2']);
  });

  it('shows where two long strings part rather than their common start', () => {
    const base = 'expected one of '.repeat(12);
    const [line] = fieldDiffs({ m: base + 'alpha' }, { m: base + 'beta' });
    expect(line).toMatch(/^m: differs from character 192: golden "\.\.\..*alpha", target "\.\.\..*beta"$/);
  });
});
