// What a request's input looks like when the history holds a call nobody answered (the process
// died while the tool ran) or an output whose call is gone: upstream's pairing, item for item.
import { describe, expect, it } from 'vitest';
import { ABORTED_OUTPUT, pairToolCalls, uuidV5 } from './call-pairing.ts';
import { userMessage, type ResponseItem } from './items.ts';

const call = (call_id: string, id?: string): ResponseItem => ({ type: 'function_call', ...(id ? { id } : {}), name: 'exec_command', arguments: '{"cmd":"sleep 30"}', call_id });
const output = (call_id: string): ResponseItem => ({ type: 'function_call_output', call_id, output: 'ok' });

describe('pairToolCalls', () => {
  it('leaves a well-paired history as it is', () => {
    const items = [userMessage('go'), call('c1', 'fc_1'), output('c1'), userMessage('next')];
    expect(pairToolCalls(items)).toEqual(items);
  });

  it('answers a call without output right after it, as aborted, with the id upstream derives from the call id', () => {
    const items = [userMessage('run the sleep'), call('call_mock_1_0', 'fc_mock_1_0'), userMessage('continue')];
    expect(pairToolCalls(items)).toEqual([
      items[0],
      items[1],
      // Upstream 0.169.0 sent exactly this item after a kill during `sleep 30` (lab run, same ids).
      { type: 'function_call_output', id: 'fco_1748734e-e7a9-51f4-853f-4c6c4ad8ffd6', call_id: 'call_mock_1_0', output: ABORTED_OUTPUT },
      items[2],
    ]);
    expect(ABORTED_OUTPUT).toBe('aborted');
  });

  it('gives the synthetic output no id when the call has none (older histories)', () => {
    expect(pairToolCalls([call('c1')])[1]).toEqual({ type: 'function_call_output', call_id: 'c1', output: 'aborted' });
  });

  it('answers custom tool calls (apply_patch) and client tool searches in their own output types', () => {
    const patch: ResponseItem = { type: 'custom_tool_call', id: 'ctc_1', call_id: 'p1', name: 'apply_patch', input: '*** Begin Patch' };
    const search: ResponseItem = { type: 'tool_search_call', id: 'ts_1', call_id: 's1', execution: 'client', arguments: {} };
    const paired = pairToolCalls([patch, search]);
    expect(paired[1]).toEqual({ type: 'custom_tool_call_output', id: `ctco_${uuidV5('90d38d3e-6a5b-4d52-bfe2-2f1e634bfac4', 'ctco:ctc_1')}`, call_id: 'p1', output: 'aborted' });
    expect(paired[3]).toMatchObject({ type: 'tool_search_output', call_id: 's1', status: 'completed', execution: 'client', tools: [] });
  });

  it('drops outputs whose call is not in the history, keeps server tool search results', () => {
    const server: ResponseItem = { type: 'tool_search_output', call_id: 'x', execution: 'server', status: 'completed', tools: [] };
    expect(pairToolCalls([output('gone'), userMessage('hi'), server])).toEqual([userMessage('hi'), server]);
  });

  it('pairs every one of several unanswered parallel calls', () => {
    const paired = pairToolCalls([call('a', 'fc_a'), call('b', 'fc_b'), output('b')]);
    expect(paired.map((i) => `${i.type}:${i.call_id}`)).toEqual(['function_call:a', 'function_call_output:a', 'function_call:b', 'function_call_output:b']);
    expect(paired[3]).toEqual(output('b'));
  });

  it('computes RFC 9562 version-5 UUIDs (the DNS-namespace example of the RFC)', () => {
    expect(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.example.com')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
});
