// Compares two JSON-RPC transcripts message by message: the sequences are aligned by what each
// message is (direction and method, or the method a response answers), then every aligned pair is
// compared field by field. Methods a scenario declares unordered are compared as a multiset.
import { diffArrays } from 'diff';
import type { RpcEntry } from '../drivers/jsonrpc-driver.ts';
import type { ComponentResult } from './capture.ts';

const MAX_FIELDS = 12;

/** What a transcript line is, without its content: `>> turn/start`, `<< turn/start (response)`, `<< item/started`, `ws connect 401`. */
export function labelOf(e: RpcEntry): string {
  if (e.dir === 'connect') return `ws connect ${e.status}`;
  const m = e.msg;
  const arrow = e.dir === 'out' ? '>>' : '<<';
  if (typeof m.method === 'string') return `${arrow} ${m.method}${'id' in m && e.dir === 'in' ? ' (server request)' : ''}`;
  const kind = 'error' in m ? 'error' : 'response';
  return `${arrow} ${e.dir === 'in' ? (e.re ?? '?') : 'reply'} (${kind})`;
}

const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s === undefined ? 'undefined' : s.length > 120 ? s.slice(0, 117) + '...' : s;
};

/** Where two JSON values differ, as `path: golden X, target Y` lines. */
export function fieldDiffs(golden: unknown, actual: unknown, at = '', out: string[] = []): string[] {
  if (out.length >= MAX_FIELDS) return out;
  const where = at || '(whole message)';
  if (Array.isArray(golden) && Array.isArray(actual)) {
    if (golden.length !== actual.length) out.push(`${where}: golden has ${golden.length} element(s), target ${actual.length}`);
    for (let i = 0; i < Math.min(golden.length, actual.length); i++) fieldDiffs(golden[i], actual[i], `${at}[${i}]`, out);
    return out;
  }
  const isObj = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
  if (isObj(golden) && isObj(actual)) {
    for (const k of Object.keys(golden)) {
      const p = at ? `${at}.${k}` : k;
      if (!(k in actual)) out.push(`${p}: missing in target (golden ${show(golden[k])})`);
      else fieldDiffs(golden[k], actual[k], p, out);
    }
    for (const k of Object.keys(actual)) if (!(k in golden)) out.push(`${at ? `${at}.${k}` : k}: only in target (${show(actual[k])})`);
    return out;
  }
  if (typeof golden === 'string' && typeof actual === 'string' && golden !== actual && Math.max(golden.length, actual.length) > 120) {
    // Long strings (error messages, instructions): show where they part, not their common start.
    let i = 0;
    while (golden[i] === actual[i]) i++;
    const from = Math.max(0, i - 40);
    const cut = (t: string) => `${from ? '...' : ''}${JSON.stringify(t.slice(from, i + 60)).slice(1, -1)}${t.length > i + 60 ? '...' : ''}`;
    out.push(`${where}: differs from character ${i}: golden "${cut(golden)}", target "${cut(actual)}"`);
  } else if (JSON.stringify(golden) !== JSON.stringify(actual)) out.push(`${where}: golden ${show(golden)}, target ${show(actual)}`);
  return out.slice(0, MAX_FIELDS);
}

const body = (e: RpcEntry) => (e.dir === 'connect' ? { status: e.status, body: e.body } : e.msg);
const methodOf = (e: RpcEntry) => (e.dir !== 'connect' && typeof e.msg.method === 'string' ? e.msg.method : undefined);
const isUnordered = (e: RpcEntry, unordered: Set<string>) => e.dir === 'in' && unordered.has(methodOf(e) ?? '');

export interface MessageComparison extends ComponentResult {
  /** Per-message problems, `#<golden index> <label>: …`. */
  problems: string[];
}

export function compareMessages(golden: RpcEntry[], actual: RpcEntry[], unorderedMethods: string[] = []): MessageComparison {
  const unordered = new Set(unorderedMethods);
  const index = (list: RpcEntry[]) => list.map((e, i) => ({ e, i, label: labelOf(e) }));
  const g = index(golden).filter((x) => !isUnordered(x.e, unordered));
  const a = index(actual).filter((x) => !isUnordered(x.e, unordered));
  const problems: string[] = [];
  let same = 0;

  // Ordered part: align by label, then compare the aligned pairs' fields.
  let gi = 0;
  let ai = 0;
  for (const part of diffArrays(g.map((x) => x.label), a.map((x) => x.label))) {
    const n = part.count ?? part.value.length;
    if (part.removed) for (let k = 0; k < n; k++, gi++) problems.push(`#${g[gi].i} ${g[gi].label}: missing in target`);
    else if (part.added) for (let k = 0; k < n; k++, ai++) problems.push(`target #${a[ai].i} ${a[ai].label}: not in golden`);
    else
      for (let k = 0; k < n; k++, gi++, ai++) {
        const d = fieldDiffs(body(g[gi].e), body(a[ai].e));
        if (d.length) problems.push(`#${g[gi].i} ${g[gi].label} (target #${a[ai].i}):\n${d.map((l) => `    ${l}`).join('\n')}`);
        else same++;
      }
  }

  // Unordered part: a multiset per method; leftovers are paired in order to show their differences.
  for (const method of [...unordered].sort()) {
    const gs = golden.map((e, i) => ({ e, i })).filter((x) => isUnordered(x.e, unordered) && methodOf(x.e) === method);
    const as = actual.map((e, i) => ({ e, i })).filter((x) => isUnordered(x.e, unordered) && methodOf(x.e) === method);
    const left = [...as];
    const unmatched: typeof gs = [];
    for (const x of gs) {
      const k = left.findIndex((y) => JSON.stringify(body(y.e)) === JSON.stringify(body(x.e)));
      if (k >= 0) left.splice(k, 1), same++;
      else unmatched.push(x);
    }
    unmatched.forEach((x, k) => {
      const y = left[k];
      if (!y) problems.push(`#${x.i} << ${method} (unordered): missing in target`);
      else problems.push(`#${x.i} << ${method} (unordered, target #${y.i}):\n${fieldDiffs(body(x.e), body(y.e)).map((l) => `    ${l}`).join('\n')}`);
    });
    for (const y of left.slice(unmatched.length)) problems.push(`target #${y.i} << ${method} (unordered): not in golden`);
  }

  const total = Math.max(golden.length, actual.length);
  const sequence = (list: RpcEntry[]) => list.map((e, i) => `  ${String(i).padStart(3)} ${labelOf(e)}`).join('\n');
  const detail = problems.length
    ? `${problems.length} message problem(s):\n${problems.join('\n')}\n\ngolden sequence:\n${sequence(golden)}\ntarget sequence:\n${sequence(actual)}\n`
    : '';
  return { component: 'messages', pass: !problems.length, score: total ? same / total : 1, detail, problems };
}
