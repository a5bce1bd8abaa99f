// The Responses API rejects an input where a tool call has no output (or an output has no call),
// so every request's input is paired up first, as upstream does when it builds a prompt:
// - a call without an output (the process died while the tool ran, or a torn last line) gets one,
//   right after it, saying "aborted";
// - an output whose call is gone is dropped.
// Nothing is recorded: the history keeps what happened, and the same synthetic item (same id) is
// added to every request, so prompt caching is not disturbed.
import { createHash } from 'node:crypto';
import type { ResponseItem } from './items.ts';

/** What a call that never finished reports to the model. */
export const ABORTED_OUTPUT = 'aborted';

// Upstream derives a synthetic output's id from its call's item id: a UUIDv5 in this namespace of
// the name `<prefix>:<call item id>`, written `<prefix>_<uuid>`. No call id, no output id.
const SYNTHETIC_OUTPUT_NAMESPACE = '90d38d3e-6a5b-4d52-bfe2-2f1e634bfac4';

/** A name-based UUID (RFC 9562 version 5: SHA-1 of namespace bytes and name). */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function syntheticId(prefix: string, callItemId: unknown): Record<string, string> {
  return typeof callItemId === 'string' && callItemId ? { id: `${prefix}_${uuidV5(SYNTHETIC_OUTPUT_NAMESPACE, `${prefix}:${callItemId}`)}` } : {};
}

const callId = (item: ResponseItem) => (typeof item.call_id === 'string' ? item.call_id : null);

/** The output a call without one gets; null for items that are not calls. */
function abortedOutputFor(call: ResponseItem): ResponseItem | null {
  const id = callId(call);
  if (id === null) return null;
  switch (call.type) {
    case 'function_call':
    case 'local_shell_call':
      return { type: 'function_call_output', ...syntheticId('fco', call.id), call_id: id, output: ABORTED_OUTPUT };
    case 'custom_tool_call':
      return { type: 'custom_tool_call_output', ...syntheticId('ctco', call.id), call_id: id, output: ABORTED_OUTPUT };
    case 'tool_search_call':
      return { type: 'tool_search_output', ...syntheticId('tso', call.id), call_id: id, status: 'completed', execution: 'client', tools: [] };
    default:
      return null;
  }
}

/** Which call types an output answers. */
const ANSWERS: Record<string, string[]> = {
  function_call_output: ['function_call', 'local_shell_call'],
  custom_tool_call_output: ['custom_tool_call'],
  tool_search_output: ['tool_search_call'],
};

const OUTPUT_OF: Record<string, string> = {
  function_call: 'function_call_output',
  local_shell_call: 'function_call_output',
  custom_tool_call: 'custom_tool_call_output',
  tool_search_call: 'tool_search_output',
};

/** The input as the API accepts it: every call answered, every output with its call. */
export function pairToolCalls(items: readonly ResponseItem[]): ResponseItem[] {
  const calls = new Set<string>();
  const outputs = new Set<string>();
  for (const item of items) {
    const id = callId(item);
    if (id === null) continue;
    if (OUTPUT_OF[item.type]) calls.add(`${item.type}:${id}`);
    if (ANSWERS[item.type]) outputs.add(`${item.type}:${id}`);
  }
  const out: ResponseItem[] = [];
  for (const item of items) {
    const id = callId(item);
    const answers = ANSWERS[item.type];
    // Server-run tool searches have no call in the input; outputs without a call_id name nothing.
    const orphan = answers && id !== null && !(item.type === 'tool_search_output' && item.execution === 'server') && !answers.some((c) => calls.has(`${c}:${id}`));
    if (orphan) continue;
    out.push(item);
    const output = OUTPUT_OF[item.type];
    if (output && id !== null && !outputs.has(`${output}:${id}`)) {
      const aborted = abortedOutputFor(item);
      if (aborted) out.push(aborted);
    }
  }
  return out;
}
