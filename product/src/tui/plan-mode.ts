// Plan mode in the TUI (`/plan`, Shift+Tab to cycle back and forth), as upstream 0.171.0 shows it:
// a notice naming the model and the effort Plan mode runs at (`plan_mode_reasoning_effort`,
// medium unless configured), that effort in the footer's status line, and "Plan mode (shift+tab to
// cycle)" at the footer's right edge. The thread is told through core/agent/collaboration.ts.
import type { Canvas, Span } from './screen/canvas.ts';
import { widthOf } from './screen/canvas.ts';

/** The effort Plan mode turns run at. */
export const planEffort = (toml: Record<string, unknown> | undefined): string => {
  const v = toml?.plan_mode_reasoning_effort;
  return typeof v === 'string' && v ? v : 'medium';
};

export const planNotice = (model: string, effort: string): string => `Model changed to ${model} ${effort} for Plan mode.`;

/** The footer's Plan mode label (after the Vim mode, when that is on too). */
export const PLAN_LABEL: Span[] = [{ text: 'Plan mode', style: { fg: 5 } }, { text: ' (' }, { text: 'shift+tab', style: { bold: true } }, { text: ' to cycle)' }];

/** The footer's right edge while Plan mode is on. */
export function drawPlanFooter(c: Canvas, cols: number, rows: number): void {
  const width = PLAN_LABEL.reduce((n, s) => n + widthOf(s.text), 0);
  c.write(cols - 1 - width, rows - 1, PLAN_LABEL);
}
