// Tail-first resume: the session's last turns are on the screen before its model history is built.
// The turns come from the end of the rollout (the session manager's tail-first transcript), which
// costs the same for a 1 MB session as for a 100 MB one; building the history means reading every
// line since the newest compaction, which for a session with none is the whole file. So the
// terminal is taken and this frame drawn first; the chat then opens the thread (history, tools,
// opening context) behind it and takes over the same terminal, with the keys typed meanwhile, before
// anything is sent to the model.
import path from 'node:path';
import { resolveCodexHome, type ResolvedConfig } from '../core/config/index.ts';
import { loadFrontEndConfig, type FrontEndArgs } from '../runtime/front-end.ts';
import { findSessionFile, type SessionTarget } from '../runtime/session.ts';
import { VERSION } from '../version.ts';
import { Terminal, type TerminalEvent, type TerminalStreams } from './screen/terminal.ts';
import type { Composer } from './composer.ts';
import { initialState, reduce, type ChatState, type HistoryCell } from './state.ts';
import { statusLineItems } from './status-line.ts';
import { tildePath } from './tilde.ts';
import { earlierCells } from './transcript.ts';
import { drawChat } from './view.ts';

/** A history cell's height at least (its text's lines at this width); others count as one line. */
function minHeight(c: HistoryCell, cols: number): number {
  const text = c.kind === 'user' || c.kind === 'agent' || c.kind === 'info' ? c.text : c.kind === 'command' ? `${c.command}\n${c.output}` : '';
  return text.split('\n').reduce((n, line) => n + Math.max(1, Math.ceil(line.length / Math.max(20, cols))), 0);
}

/**
 * The newest cells that fill the screen twice over: the frame is the bottom of the transcript, and
 * laying out (Markdown) turns nobody sees yet is most of the frame's cost. The chat gets them all.
 */
export function visibleCells(cells: readonly HistoryCell[], size: { cols: number; rows: number }): HistoryCell[] {
  let lines = 0;
  let from = cells.length;
  while (from > 0 && lines < size.rows * 2) lines += minHeight(cells[--from], size.cols) + 1;
  return cells.slice(from);
}

export interface ResumePreview {
  /** the terminal, taken over and showing the session's last turns */
  terminal: Terminal;
  /** those turns as history cells (what the chat starts with) */
  cells: HistoryCell[];
  /**
   * Stops buffering: the composer as typed into so far, and the events that arrived since the frame
   * was drawn that it did not take, oldest first.
   */
  handOver(): { composer: Composer; events: TerminalEvent[] };
}

/**
 * Whether the preview types `k` into its composer itself. Plain text only, and only while nothing is
 * waiting for the chat: what opens a popup or a mode (`/`, `@`, a first `!` or `?`), every other key
 * and everything after it wait for the chat, in order.
 */
export function previewTakes(composerText: string, k: TerminalEvent): k is { kind: 'text'; text: string } {
  if (k.kind !== 'text' || /[/@]/.test(k.text)) return false;
  return !(composerText === '' && (k.text.startsWith('!') || k.text === '?'));
}

/**
 * Draws the last turns of the session `target` opens (for a new session, the empty chat) at once.
 * null for a session that cannot be found: the chat then opens as before (and openSession says
 * what is wrong).
 */
export async function startResumePreview(io: TerminalStreams, o: { codexHome: string; cfg: ResolvedConfig; target: SessionTarget }): Promise<ResumePreview | null> {
  // A new session's first frame (header, empty composer, footer) needs no file at all.
  const file = o.target.kind === 'new' ? null : await findSessionFile(o.codexHome, o.cfg.cwd, o.target);
  if (!file && o.target.kind !== 'new') return null;
  const cells = file ? await earlierCells({ transcriptFile: file, history: [] }, o.codexHome) : [];
  const terminal = Terminal.open(io, { signals: io.input === process.stdin });
  let state: ChatState = {
    ...initialState({ product: 'csm', version: VERSION, cwdLabel: tildePath(o.cfg.cwd), model: o.cfg.model, effort: o.cfg.modelReasoningEffort ?? null, history: visibleCells(cells, terminal.size()) }),
    statusLine: statusLineItems(o.cfg.tui),
  };
  const draw = () => {
    const { cols, rows } = terminal.size();
    terminal.draw(drawChat(state, cols, rows, Date.now()));
  };
  // What is typed while the thread opens shows at once (a long session's history takes seconds to
  // build); in Vim mode keys are commands, so they all wait for the chat.
  const echo = o.cfg.tui?.vim_mode_default !== true;
  const pending: TerminalEvent[] = [];
  const release = terminal.handle((e) => {
    if (e.kind === 'resize') return draw();
    if (echo && !pending.length && previewTakes(state.composer.text, e)) {
      state = reduce(state, { type: 'type', text: e.text });
      return draw();
    }
    pending.push(e);
  });
  draw();
  return {
    terminal,
    cells,
    handOver: () => {
      release();
      return { composer: state.composer, events: pending.splice(0) };
    },
  };
}

/**
 * The preview started by `csm resume|fork` before the chat's modules are even loaded (they take
 * longer to load than the preview takes to draw). null when there is nothing to preview or the
 * config cannot be read: the chat then reports it as usual.
 */
export async function previewBeforeChat(args: Omit<FrontEndArgs, 'target'>, target: SessionTarget): Promise<ResumePreview | null> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return null;
  const codexHome = resolveCodexHome();
  let cfg: ResolvedConfig;
  try {
    cfg = loadFrontEndConfig({ ...args, target }, path.resolve(args.cd ?? process.cwd()), codexHome);
  } catch {
    return null;
  }
  return startResumePreview({ input: process.stdin, output: process.stdout }, { codexHome, cfg, target });
}
