// Scores a target's Capture against the golden one, component by component.
import { createTwoFilesPatch } from 'diff';
import type { Capture, CapturedFrame } from '../capture/capture.ts';
import { parseSerialized } from '../frames/serialize.ts';
import { diffFrames } from './frames.ts';
import { compareMessages } from './messages.ts';
import { compareTimelines } from './timeline.ts';

export interface ComponentResult {
  component: string;
  pass: boolean;
  /** 0..1 where a share makes sense (frames), else 1 or 0. */
  score: number;
  detail: string;
}

export interface FrameResult {
  name: string;
  textMatch: number;
  attrMatch: number;
  diff: string;
  /** The target's normalized frame, kept only when it differs from the golden (for the HTML dashboard). */
  actual?: { text: string; attrs: string; meta: CapturedFrame['meta']; timedOut?: string };
}

export interface Comparison {
  pass: boolean;
  components: ComponentResult[];
  frames: FrameResult[];
}

const pretty = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

function textDiff(label: string, expected: string, actual: string): string {
  if (expected === actual) return '';
  return createTwoFilesPatch(`golden/${label}`, `target/${label}`, expected, actual, '', '', { context: 2 });
}

function exact(component: string, expected: string, actual: string): ComponentResult {
  const detail = textDiff(component, expected, actual);
  return { component, pass: !detail, score: detail ? 0 : 1, detail };
}

/** `thread.started`, `item.completed:agent_message`, …: the order of what a --json consumer sees. */
export function eventSequence(events: unknown[] | null): string {
  if (!events) return '(not JSONL)\n';
  return (
    events
      .map((e) => {
        const ev = e as { type?: string; item?: { type?: string } };
        return ev.item?.type ? `${ev.type}:${ev.item.type}` : String(ev.type);
      })
      .join('\n') + '\n'
  );
}

/** Up to `limit` cells whose style differs, as "row R cols A-B: golden S, target T" runs. */
export function attrDiff(golden: CapturedFrame, actual: CapturedFrame, limit = 8): string {
  const g = parseSerialized(golden);
  const a = parseSerialized(actual);
  const out: string[] = [];
  for (let y = 0; y < Math.max(g.rows, a.rows) && out.length < limit; y++) {
    let x = 0;
    const cols = Math.max(g.cols, a.cols);
    while (x < cols && out.length < limit) {
      const gs = g.styles[y]?.[x] ?? 'none';
      const as = a.styles[y]?.[x] ?? 'none';
      if (gs === as) {
        x++;
        continue;
      }
      const start = x;
      while (x < cols && (g.styles[y]?.[x] ?? 'none') === gs && (a.styles[y]?.[x] ?? 'none') === as) x++;
      out.push(`row ${y} cols ${start}-${x - 1}: golden ${gs}, target ${as}`);
    }
  }
  return out.join('\n');
}

export function compareCaptures(golden: Capture, actual: Capture): Comparison {
  const components: ComponentResult[] = [];
  const n = Math.max(golden.invocations.length, actual.invocations.length);
  for (let i = 0; i < n; i++) {
    const g = golden.invocations[i];
    const a = actual.invocations[i];
    const tag = n > 1 ? `#${i}` : '';
    if (!g || !a) {
      components.push({ component: `invocation${tag}`, pass: false, score: 0, detail: g ? 'target did not run this invocation' : 'target ran an extra invocation' });
      continue;
    }
    const codeOk = g.exit_code === a.exit_code && g.signal === a.signal;
    components.push({ component: `exit_code${tag}`, pass: codeOk, score: codeOk ? 1 : 0, detail: codeOk ? '' : `golden ${g.exit_code}${g.signal ? ` (${g.signal})` : ''}, target ${a.exit_code}${a.signal ? ` (${a.signal})` : ''}` });
    components.push(exact(`stdout${tag}`, g.stdout, a.stdout));
    components.push(exact(`stderr${tag}`, g.stderr, a.stderr));
    if (g.events) components.push(exact(`events${tag}`, eventSequence(g.events), eventSequence(a.events)));
  }

  const frames: FrameResult[] = golden.frames.map((gf) => {
    const af = actual.frames.find((f) => f.name === gf.name);
    if (!af) return { name: gf.name, textMatch: 0, attrMatch: 0, diff: `frame ${gf.name} was not captured` };
    const d = diffFrames(gf, af);
    const metaDiff = textDiff(`frames/${gf.name}.json`, pretty(gf.meta), pretty(af.meta));
    const attrs = d.attrMatch < 1 ? `attributes of ${gf.name}:\n${attrDiff(gf, af)}\n` : '';
    const timedOut = af.timedOut ? `frame ${gf.name} is the screen when ${af.timedOut}\n` : '';
    const diff = timedOut + d.textDiff + attrs + metaDiff;
    const same = d.textMatch === 1 && d.attrMatch === 1 && !diff;
    const kept = { text: af.text, attrs: af.attrs, meta: af.meta, ...(af.timedOut ? { timedOut: af.timedOut } : {}) };
    return { name: gf.name, textMatch: d.textMatch, attrMatch: d.attrMatch, diff, ...(same ? {} : { actual: kept }) };
  });
  if (frames.length) {
    const text = frames.reduce((s, f) => s + f.textMatch, 0) / frames.length;
    const attr = frames.reduce((s, f) => s + f.attrMatch, 0) / frames.length;
    const pass = frames.every((f) => f.textMatch === 1 && f.attrMatch === 1 && !f.diff);
    components.push({ component: 'frames.text', pass: frames.every((f) => f.textMatch === 1), score: text, detail: frames.filter((f) => f.diff).map((f) => f.diff).join('\n') });
    components.push({ component: 'frames.attrs', pass: frames.every((f) => f.attrMatch === 1), score: attr, detail: '' });
    if (!pass && frames.every((f) => f.textMatch === 1 && f.attrMatch === 1)) components.push({ component: 'frames.meta', pass: false, score: 0, detail: frames.map((f) => f.diff).join('\n') });
  }

  if (golden.rpc || actual.rpc) {
    const { problems: _, ...messages } = compareMessages(golden.rpc?.messages ?? [], actual.rpc?.messages ?? [], actual.rpc?.unordered ?? golden.rpc?.unordered);
    components.push(messages);
  }
  if (golden.timelines || actual.timelines) components.push(compareTimelines(golden.timelines ?? [], actual.timelines ?? []));
  components.push(exact('requests', pretty(golden.requests.turns), pretty(actual.requests.turns)));
  const titleCount = (c: Capture) => `${c.requests.titles.length} title request(s)\n`;
  components.push(exact('title_requests', titleCount(golden), titleCount(actual)));
  if (Object.keys(golden.files).length) components.push(exact('files', pretty(golden.files), pretty(actual.files)));
  components.push(exact('rollouts', pretty(golden.rollouts), pretty(actual.rollouts)));
  const problems = actual.problems.length ? actual.problems.join('\n') : '';
  components.push({ component: 'problems', pass: !problems, score: problems ? 0 : 1, detail: problems });

  return { pass: components.every((c) => c.pass), components, frames };
}
