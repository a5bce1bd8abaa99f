// The footer's status line: upstream's items in the configured order, and its context meter.
import { describe, expect, it } from 'vitest';
import { contextPercentLeft, DEFAULT_STATUS_LINE, statusLineItems, statusLineSpans } from './status-line.ts';

const text = (spans: { text: string }[]) => spans.map((s) => s.text).join('');
const label = (m: string) => m.toUpperCase();
const fields = { model: 'gpt-5.5', effort: null, cwdLabel: '~/ws', title: 'Greeting', context: { used: 97_000, window: 258_400 } };

describe('status line', () => {
  it.each([
    [0, 258_400, 100],
    [12_000, 258_400, 100],
    // 85,000 of the 246,400 tokens past the baseline: 65.5% left, rounded as upstream rounds
    [97_000, 258_400, 66],
    [258_400, 258_400, 0],
    [900_000, 258_400, 0],
    [5_000, 10_000, 0],
  ])('%i tokens used of a %i window leave %i%%', (used, window, left) => {
    expect(contextPercentLeft(used, window)).toBe(left);
  });

  it('by default shows the model with its effort, the directory and the title', () => {
    expect(statusLineItems(undefined)).toEqual(DEFAULT_STATUS_LINE);
    expect(text(statusLineSpans(DEFAULT_STATUS_LINE, fields, label))).toBe('  GPT-5.5 default · ~/ws · Greeting');
    expect(text(statusLineSpans(DEFAULT_STATUS_LINE, { ...fields, title: null }, label))).toBe('  GPT-5.5 default · ~/ws');
    // /fast on: the model's item says so.
    expect(text(statusLineSpans(DEFAULT_STATUS_LINE, { ...fields, title: null, fast: true }, label))).toBe('  GPT-5.5 default fast · ~/ws');
  });

  it('shows the configured items in their order, the context meter among them, and leaves out unknown ones', () => {
    const items = statusLineItems({ status_line: ['model-with-reasoning', 'context-remaining', 'context-used', 'no-such-item', 'current-dir'] });
    expect(text(statusLineSpans(items, fields, label))).toBe('  GPT-5.5 default · Context 66% left · Context 34% used · ~/ws');
    expect(statusLineSpans(items, fields, label)[3].style).toEqual({ fg: '#f2b590' });
  });
});
