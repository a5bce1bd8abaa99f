// The status row while a turn runs, as upstream 0.171.0 draws it in the lab's truecolour terminal
// (which answers no default-colour query): a spinner dot pulsing in grey as a shimmer band sweeps
// past it, then `Working` dim (it stays so there), and `(Ns • esc to interrupt)` dim with `esc`
// bold. The lab's tui-motion-working scenario samples it every 50 ms against upstream's.
import type { Span, Style } from './screen/canvas.ts';

/** While a turn runs the screen is drawn this often, as upstream's frame scheduler does (about 30 frames/s). */
export const STATUS_FRAME_MS = 32;

// The shimmer: a band five cells wide on either side with a cosine falloff sweeps over the text
// plus ten cells of padding on each side once every two seconds, blending grey toward white.
const SWEEP_MS = 2000;
const PADDING = 10;
const BAND_HALF_WIDTH = 5;
const BASE = 128;
const HIGHLIGHT = 255;
/** The blend never reaches the highlight: at the band's centre a cell is 90% of the way there. */
const MAX_BLEND = 0.9;

// Upstream clocks every shimmer from the first moment one is drawn in the process, so all of them
// move in phase, and the phase of a run's first turn is the same from run to run.
let epoch: number | null = null;

/** Forgets the shimmer clock (tests start each case at phase 0). */
export function resetShimmerClock(): void {
  epoch = null;
}

const hex = (n: number) => n.toString(16).padStart(2, '0');

/** The grey of each character of a `length`-long text at `now` (ms), '#rrggbb'. */
export function shimmerColours(length: number, now: number): string[] {
  epoch ??= now;
  const period = length + PADDING * 2;
  // Whole cells: the band moves a cell at a time, ~95 ms per cell for a one-character text.
  const pos = Math.floor((((now - epoch) % SWEEP_MS) / SWEEP_MS) * period);
  return Array.from({ length }, (_, i) => {
    const distance = Math.abs(i + PADDING - pos);
    const intensity = distance <= BAND_HALF_WIDTH ? 0.5 * (1 + Math.cos(Math.PI * (distance / BAND_HALF_WIDTH))) : 0;
    const alpha = intensity * MAX_BLEND;
    const v = Math.trunc(HIGHLIGHT * alpha + BASE * (1 - alpha));
    return `#${hex(v)}${hex(v)}${hex(v)}`;
  });
}

/** `12s`, `1m 05s`, `1h 02m 03s`. */
export function elapsedLabel(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m ${String(s % 60).padStart(2, '0')}s`;
}

const DIM: Style = { dim: true };

/** The status row for a turn running since `since`, at `now` (both ms). */
export function statusIndicatorSpans(since: number, now: number): Span[] {
  const [dot] = shimmerColours(1, now);
  return [
    { text: '•', style: { fg: dot, bold: true } },
    { text: ' ' },
    { text: 'Working', style: DIM },
    { text: ' ' },
    { text: `(${elapsedLabel(now - since)} • `, style: DIM },
    { text: 'esc', style: { bold: true } },
    { text: ' to interrupt)', style: DIM },
  ];
}

/** Whether the status row shows: a turn runs and no answer is streaming in (upstream takes the row away meanwhile). */
export function statusShown(s: { runningSince: number | null; cells: readonly { kind: string; streaming?: boolean }[] }): boolean {
  const last = s.cells.at(-1);
  return s.runningSince !== null && !(last?.kind === 'agent' && last.streaming);
}
