// Compares a target's motion timelines (harness/capture/timeline.ts) with the golden's, field by
// field: the status row's states, its static styles, what animates and through which cycle, the
// elapsed-time tick, the title spinner, how text arrives, full clears and lines written twice. Cadence is not here:
// it varies with load and is reported beside the result (lab.ts), never failed on.
import type { Timeline } from '../capture/timeline.ts';
import type { ComponentResult } from './capture.ts';

const FIELDS = ['rows', 'attrs', 'animated', 'elapsed', 'title_spinner', 'text_arrives', 'full_clears', 'lines_written_twice'] as const;

/** The static styles resolved through the legend, so two timelines that lettered them differently compare equal. */
function resolvedAttrs(t: Timeline): string[] {
  return Array.from(t.attrs, (ch) => (ch === '.' || ch === '~' ? ch : (t.legend[ch] ?? `?${ch}`)));
}

function field(t: Timeline, f: (typeof FIELDS)[number]): unknown {
  return f === 'attrs' ? resolvedAttrs(t) : t[f];
}

const show = (v: unknown) => JSON.stringify(v);

/** A program that went this long without writing skipped a shimmer state (~95 ms each) itself. */
export const STALL_MS = 100;

/** Is `sub` what `cycle` shows with some states left out, in the same cyclic order? */
export function cyclicSubsequence(sub: string[], cycle: string[]): boolean {
  if (!sub.length) return !cycle.length;
  return cycle.some((_, r) => {
    const rot = [...cycle.slice(r), ...cycle.slice(0, r)];
    let k = 0;
    for (const s of rot) if (s === sub[k]) k++;
    return k === sub.length;
  });
}

/**
 * The animated cells match, or the target stalled long enough to skip states itself (a loaded
 * machine) and shows the golden's cycle with states left out, nothing added or reordered.
 */
function animatedExcused(g: Timeline, a: Timeline): boolean {
  if ((a.stalled_ms ?? 0) <= STALL_MS || g.animated.length !== a.animated.length) return false;
  return g.animated.every((ga, i) => ga.cols === a.animated[i].cols && cyclicSubsequence(a.animated[i].cycle, ga.cycle));
}

export function compareTimelines(golden: Timeline[], actual: Timeline[]): ComponentResult {
  const lines: string[] = [];
  const notes: string[] = [];
  let same = 0;
  let total = 0;
  for (const g of golden) {
    const a = actual.find((t) => t.name === g.name);
    if (!a) {
      total += FIELDS.length;
      lines.push(`timeline ${g.name}: not sampled by the target`);
      continue;
    }
    for (const f of FIELDS) {
      total++;
      const gv = field(g, f);
      const av = field(a, f);
      if (show(gv) === show(av)) {
        same++;
        continue;
      }
      if (f === 'animated' && animatedExcused(g, a)) {
        same++;
        notes.push(`timeline ${g.name} animated: the target went ${a.stalled_ms} ms without drawing and skipped states of the golden's cycle (accepted: nothing added or reordered)`);
        continue;
      }
      if (f === 'attrs') {
        const cols = (gv as string[]).map((s, x) => (s === (av as string[])[x] ? null : `col ${x}: golden ${s}, target ${(av as string[])[x] ?? 'none'}`)).filter(Boolean);
        const extra = (av as string[]).length > (gv as string[]).length ? [`target row is ${(av as string[]).length - (gv as string[]).length} cell(s) longer`] : [];
        lines.push(`timeline ${g.name} attrs:\n  ${[...cols, ...extra].slice(0, 8).join('\n  ')}`);
      } else lines.push(`timeline ${g.name} ${f}:\n  golden ${show(gv)}\n  target ${show(av)}`);
    }
  }
  for (const a of actual) if (!golden.some((g) => g.name === a.name)) lines.push(`timeline ${a.name}: sampled by the target only`);
  const pass = !lines.length;
  return { component: 'timelines', pass, score: total ? same / total : pass ? 1 : 0, detail: [...lines, ...notes].join('\n') };
}
