// The footer's status line, as upstream 0.171.0 draws it: the items of `[tui] status_line` in their
// order, joined by ' · ' (by default the model with its reasoning effort, the directory and the
// thread's title). Items csm does not know are left out. The context meter (`context-remaining`,
// `context-used`) counts as upstream does: the first 12,000 tokens (instructions and tools) are
// outside the window it reports on, and the used part is the last response's total tokens.
import type { Span } from './screen/canvas.ts';

export const DEFAULT_STATUS_LINE: readonly string[] = ['model-with-reasoning', 'current-dir', 'thread-name'];

const MODEL = '#f6e2b7';
const PATH = '#abdfa7';
const TITLE = '#c0a8f0';
const CONTEXT = '#f2b590';
/** tokens upstream keeps out of the meter: what every request carries before any conversation */
const BASELINE_TOKENS = 12_000;

/** The configured items (`[tui] status_line`), or upstream's default. */
export function statusLineItems(tui: Record<string, unknown> | undefined): readonly string[] {
  const v = tui?.status_line;
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : DEFAULT_STATUS_LINE;
}

/** How much of the window is left, in whole percent, as upstream rounds it. */
export function contextPercentLeft(used: number, window: number): number {
  if (window <= BASELINE_TOKENS) return 0;
  const effective = window - BASELINE_TOKENS;
  const remaining = Math.max(0, effective - Math.max(0, used - BASELINE_TOKENS));
  return Math.round(Math.min(100, Math.max(0, (remaining / effective) * 100)));
}

export interface StatusFields {
  model: string;
  effort: string | null;
  cwdLabel: string;
  title: string | null;
  /** /fast is on: the model's item says so */
  fast?: boolean;
  /** tokens in the context now and the model's window; null before anything is known (shown as empty) */
  context?: { used: number; window: number } | null;
}

/** The status line's spans, two columns in; without colors when `[tui] status_line_use_colors` is false. */
export function statusLineSpans(items: readonly string[], f: StatusFields, modelLabel: (m: string) => string, colors = true): Span[] {
  const left = contextPercentLeft(f.context?.used ?? 0, f.context?.window ?? 0);
  const parts: Span[] = [];
  for (const item of items) {
    if (item === 'model-with-reasoning') parts.push({ text: `${modelLabel(f.model)} ${f.effort ?? 'default'}${f.fast ? ' fast' : ''}`, style: { fg: MODEL } });
    else if (item === 'model') parts.push({ text: modelLabel(f.model), style: { fg: MODEL } });
    else if (item === 'reasoning') parts.push({ text: f.effort ?? 'default', style: { fg: MODEL } });
    else if (item === 'current-dir') parts.push({ text: f.cwdLabel, style: { fg: PATH } });
    else if (item === 'project-name') parts.push({ text: f.cwdLabel.split('/').filter(Boolean).at(-1) ?? f.cwdLabel, style: { fg: PATH } });
    else if ((item === 'thread-title' || item === 'thread-name') && f.title) parts.push({ text: f.title, style: { fg: TITLE } });
    else if (item === 'context-remaining' && f.context) parts.push({ text: `Context ${left}% left`, style: { fg: CONTEXT } });
    else if (item === 'context-used' && f.context) parts.push({ text: `Context ${100 - left}% used`, style: { fg: CONTEXT } });
  }
  const shown = colors ? parts : parts.map((p) => ({ text: p.text }));
  return [{ text: '  ' }, ...shown.flatMap((p, i) => (i ? [{ text: ' · ' }, p] : [p]))];
}
