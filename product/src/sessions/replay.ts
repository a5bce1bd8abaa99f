// `csm sessions replay`: a recorded session (csm's or upstream's) drawn through the TUI's own
// renderer, as `csm resume` would show it once the session stood at a given turn. Deterministic:
// a fixed clock, a given size, no terminal; the same session gives the same bytes every run.
// Read tail-first: the frame after the last turn reads only the end of the file, however long.
import type { SessionInfo } from '../core/sessions/rows.ts';
import { readTranscriptTail } from '../core/sessions/transcript.ts';
import type { Canvas } from '../tui/screen/canvas.ts';
import { sgr } from '../tui/screen/ansi.ts';
import { initialState } from '../tui/state.ts';
import { tildePath } from '../tui/tilde.ts';
import { SHOWN_TURNS, turnCells } from '../tui/transcript.ts';
import { drawChat } from '../tui/view.ts';
import { VERSION } from '../version.ts';

export interface ReplayOptions {
  /** first and last turn (1-based, inclusive) to draw a frame after; default: the last turn only */
  from?: number;
  to?: number;
  cols: number;
  rows: number;
  codexHome?: string;
  /** the home shown as ~ (default: none, so the frame does not depend on who replays it) */
  home?: string;
}

export interface ReplayFrame {
  /** the turn the session stood at (1-based; 0 for a session with no turn) */
  turn: number;
  canvas: Canvas;
}

/** The screen rows as text, trailing blanks trimmed, one line each. */
export function frameText(c: Canvas): string {
  return Array.from({ length: c.rows }, (_, y) => c.rowText(y)).join('\n') + '\n';
}

/** The screen rows with their styles as SGR sequences, one line each (for `cat` or `less -R`). */
export function frameAnsi(c: Canvas): string {
  let out = '';
  for (const row of c.cells) {
    let last = '';
    for (const cell of row) {
      if (cell.ch === '') continue;
      const code = sgr(cell.style);
      if (code !== last) out += code;
      last = code;
      out += cell.ch;
    }
    out += '\x1b[0m\n';
  }
  return out;
}

/**
 * The frames of `session` after turns from..to. Reads backwards from the end of the file only as
 * far as the earliest frame needs (its turn and the SHOWN_TURNS before it, as a resume shows).
 */
export async function replaySession(session: SessionInfo, o: ReplayOptions): Promise<{ frames: ReplayFrame[]; bytesRead: number }> {
  const total = session.userTurns;
  const to = Math.min(o.to ?? total, total);
  const from = Math.max(1, Math.min(o.from ?? to, to));
  const after = total - to; // turns newer than the last frame, read and dropped
  const page = await readTranscriptTail(session.path, SHOWN_TURNS + (to - from) + after, { codexHome: o.codexHome });
  const turns = page.turns;
  // Turn numbers: exact when the page reached the top of the session, else counted back from the index's total.
  const users = turns.filter((t) => t.user !== null).length;
  const last = page.atStart ? users : total;
  const numbered = turns.map((t, i) => ({ t, n: last - turns.slice(i + 1).filter((u) => u.user !== null).length }));
  const state = initialState({ product: 'csm', version: VERSION, cwdLabel: o.home ? tildePath(session.cwd ?? '', o.home) : (session.cwd ?? ''), model: session.model ?? '', effort: null });
  const frames: ReplayFrame[] = [];
  for (let n = total === 0 ? 0 : from; n <= to; n++) {
    const upTo = numbered.filter((x) => x.n <= n);
    const shown = upTo.slice(-SHOWN_TURNS).map((x) => x.t);
    // The clock stands where the session did: its newest turn's end is today (Worked-for rows of
    // earlier days name their day), so a frame is the same whenever it is replayed.
    const ended = shown.filter((t) => t.worked).at(-1)?.worked;
    const s = { ...state, title: session.name, cells: turnCells(shown, new Date(ended?.completedAtMs ?? 0)) };
    frames.push({ turn: n, canvas: drawChat(s, o.cols, o.rows, 0) });
  }
  return { frames, bytesRead: page.bytesRead };
}
