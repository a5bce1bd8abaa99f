import { describe, expect, it } from 'vitest';
import { routeKey } from './input/route.ts';
import { planEffort, planNotice } from './plan-mode.ts';
import { slashOutcome } from './slash-dispatch.ts';
import { parseSlash } from './slash.ts';
import { initialState, reduce } from './state.ts';
import { drawChat } from './view.ts';

const start = () => initialState({ product: 'csm', version: '0.1.0', cwdLabel: '~/ws', model: 'gpt-5.5', effort: null });

describe('Plan mode in the TUI', () => {
  it('/plan asks for Plan mode; its notice names the model and effort as upstream does', () => {
    expect(slashOutcome(parseSlash('/plan')!, { threadId: 't', hasTurns: false })).toEqual({ kind: 'plan' });
    expect(planNotice('gpt-5.5', 'medium')).toBe('Model changed to gpt-5.5 medium for Plan mode.');
  });

  it('runs at medium effort unless plan_mode_reasoning_effort says otherwise', () => {
    expect(planEffort({})).toBe('medium');
    expect(planEffort({ plan_mode_reasoning_effort: 'high' })).toBe('high');
  });

  it('shows at the footer’s right edge while idle', () => {
    const s = reduce(start(), { type: 'plan', plan: { effortBefore: null } });
    expect(drawChat(s, 100, 30, 0).rowText(29)).toMatch(/ {3,}Plan mode \(shift\+tab to cycle\)$/);
    expect(drawChat(start(), 100, 30, 0).rowText(29)).not.toContain('Plan mode');
  });

  it('Shift+Tab cycles the mode when idle, not during a turn', () => {
    expect(routeKey(start(), { kind: 'backtab' }, { page: 10, rows: 30 }).effects).toEqual([{ kind: 'cycle-mode' }]);
    const running = reduce(start(), { type: 'submitted', text: 'x', at: 0 });
    expect(routeKey(running, { kind: 'backtab' }, { page: 10, rows: 30 }).effects).toEqual([]);
  });
});
