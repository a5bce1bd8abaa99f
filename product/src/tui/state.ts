// The chat screen's state and the pure reducer that moves it: keys from the person, events from
// the thread. Rendering (./view.ts) and effects (./app.ts) read it; nothing here does I/O.
import { mcpCallText, type McpCallCell } from './mcp-cell.ts';
import type { SessionWarning } from './warnings-list.ts';
import { MCP_APPROVAL_OPTIONS } from './mcp-approval.ts';
import type { ApprovalDecision, ApprovalRequest } from '../core/agent/tools.ts';
import type { ThreadEvent } from '../core/protocol/thread-events.ts';
import { backspace, deleteForward, emptyComposer, insert, insertPaste, killToLineStart, moveBy, moveToLineEdge, recall, sent, setText, type Composer } from './composer.ts';
import type { Span } from './screen/canvas.ts';
import { popupTop, slashMatches, type SlashCommand } from './slash.ts';
import { initialMentions, mentionAt, searchFiles, type MentionMatch, type MentionsState } from './mentions.ts';
import type { ListView } from './views/list.ts';
import type { Pager } from './views/pager.ts';
import type { MultiSelect } from './views/multi-select.ts';
import type { ThemePicker } from './views/theme-picker.ts';
import type { CopyMode } from './copy-mode.ts';
import type { VimState } from './vim.ts';
import type { ConfigPanel } from './config-panel.ts';
import type { KeymapBrowser } from './keymap-browser.ts';

export type HistoryCell =
  | { kind: 'user'; text: string }
  | { kind: 'agent'; text: string; streaming?: boolean }
  | { kind: 'command'; id: string; command: string; output: string; exitCode: number | null; running: boolean }
  /** `day`: the day it ended, shown before the time when that was not today (an earlier turn of a resumed thread) */
  | { kind: 'worked'; ms: number; at: Date; day?: string }
  | { kind: 'error'; text: string }
  | { kind: 'info'; text: string }
  /** a one-line notice upstream shows under a bullet (`• …`): what a slash command said */
  /** `detail`: a grey sentence after it; `flush`: its wrapped lines start at the edge, not under the text */
  | { kind: 'notice'; text: string; detail?: string; flush?: boolean }
  /** lines already styled, shown as they are (the `/status` card) */
  | { kind: 'lines'; lines: Span[][] }
  | McpCallCell
  /** where Esc-Esc backtrack rewound the conversation to */
  | { kind: 'reverted' }
  | { kind: 'decision'; product: string; command: string; decision: ApprovalDecision }
  /** a `!command` the person ran themselves */
  | { kind: 'shell'; command: string; output: string; exitCode: number | null; running: boolean };

/** The popup over the composer, derived from its text in one place (`popupFor`). */
export type Popup = { kind: 'slash'; commands: SlashCommand[] } | { kind: 'mentions'; query: string; matches: MentionMatch[] } | null;

/** Esc-Esc backtrack: primed by one Esc, then browsing earlier prompts (`index` counts user cells). */
export type Backtrack = { stage: 'primed' } | { stage: 'browsing'; index: number } | null;

export interface ChatState {
  product: string;
  version: string;
  /** the directory, as shown (~ for home) */
  cwdLabel: string;
  /** a remote thread's folder as its app-server names it: upstream's footer shows it whole (--remote) */
  remoteCwd?: string;
  /** the thread runs with no approvals and no sandbox: the header says `permissions: YOLO mode` */
  yolo?: boolean;
  /** an app-server's model catalogue (--remote): the footer names a model by its display name there, one it does not list by its id */
  modelNames?: Readonly<Record<string, string>> | null;
  model: string;
  effort: string | null;
  title: string | null;
  /** the footer's status line items (`[tui] status_line`; upstream's default when absent) */
  statusLine?: readonly string[];
  /** `[tui] status_line_use_colors`: false draws the status line without colours */
  statusLineColors?: boolean;
  /** /config's panel, open in place of the composer */
  configPanel?: ConfigPanel | null;
  /** /keymap's browser (its edit menu and key capture drawn under the chat) */
  keymapView?: KeymapBrowser | null;
  /** how full the context is, for the status line's context meter */
  context?: { used: number; window: number } | null;
  cells: HistoryCell[];
  composer: Composer;
  /** set while a turn runs: when it started */
  runningSince: number | null;
  /** the keyboard shortcuts overlay is open (`?` on an empty composer) */
  help: boolean;
  /** how many rows the transcript is scrolled up from its end (PageUp/PageDown) */
  scroll: number;
  /** the slash-command popup for the composer's text, and its highlighted entry */
  popup: Popup;
  slashChoice: number;
  /** the first popup entry in view (the popup shows at most POPUP_ROWS) */
  slashTop: number;
  /** the composer is in shell mode (`!` typed first): Enter runs the text as a local command */
  shell: boolean;
  backtrack: Backtrack;
  /** the workspace's files for `@` mentions, once listed; the Mentions popup's highlight, tab, and whether Esc closed it */
  files?: readonly string[];
  mentions?: MentionsState;
  /** a tool call waiting for the person's answer, and the option under the cursor */
  approval: { request: ApprovalRequest; choice: number } | null;
  /** a list to choose from in place of the composer (/model, /permissions) */
  list: ListView | null;
  /** a full-screen pager over everything (/diff) */
  pager: Pager | null;
  /** /fast: requests ask for the priority service tier */
  fast?: boolean;
  /** /raw: the transcript drawn as plain text for terminal selection (./raw.ts) */
  raw?: boolean;
  /** a picker of items to switch on and order in place of the composer (/title) */
  multi?: MultiSelect | null;
  /** the syntax theme code is coloured in (`[tui] theme`, `/theme`); unset: upstream's default */
  syntaxTheme?: string;
  /** the terminal's default background, once it answered: a light one takes the light default theme */
  terminalBackground?: [number, number, number];
  /** `/theme`'s picker, previewing the highlighted theme while open */
  themePicker?: ThemePicker | null;
  /** /copy's copy mode: the answer chosen to copy (./copy-mode.ts) */
  copy?: CopyMode | null;
  /** Vim mode (`/vim`, `[tui] vim_mode_default`): its mode and pending keys; absent when off */
  vim?: VimState | null;
  /** the warnings the session raised (an MCP server that failed to start): counted in the footer, read with F2 */
  warnings?: SessionWarning[];
  /** Plan mode (`/plan`, Shift+Tab): the effort to return to when it ends */
  plan?: { effortBefore: string | null } | null;
}

/** The placeholder command cell shown while its approval is asked. */
const PENDING_ID = 'pending-approval';

/** The approval modal's options, in order, with the key shown for each and the letters that pick it. */
export const APPROVAL_OPTIONS: ReadonlyArray<{ decision: ApprovalDecision; key: string; letters: string }> = [
  { decision: 'approve', key: 'y', letters: 'y' },
  { decision: 'approve-for-session', key: 'p', letters: 'p' },
  { decision: 'deny', key: 'esc', letters: 'n' },
];

export type ChatAction =
  | { type: 'type'; text: string }
  | { type: 'paste'; text: string }
  | { type: 'shell-mode'; on: boolean }
  | { type: 'backtrack'; to: Backtrack }
  | { type: 'rewound'; cells: HistoryCell[]; prompt: string }
  /** a prompt steered into the running turn: what streamed so far goes, the prompt shows */
  | { type: 'steered'; text: string }
  | { type: 'shell-started'; command: string; at: number }
  /** /compact: a turn with no prompt starts */
  | { type: 'compact-started'; at: number }
  | { type: 'shell-ended'; output: string; exitCode: number | null; at: number; now: Date }
  | { type: 'backspace' }
  | { type: 'clear-composer' }
  | { type: 'delete' }
  | { type: 'move'; delta: number }
  | { type: 'line-edge'; edge: 'start' | 'end' }
  | { type: 'kill-line' }
  | { type: 'recall'; dir: -1 | 1 }
  | { type: 'set-composer'; text: string }
  /** the composer as a whole (an `@` mention put in place, the cursor after it) */
  | { type: 'set-composer-state'; composer: Composer }
  | { type: 'files'; files: readonly string[] }
  | { type: 'mentions'; change: Partial<MentionsState> }
  | { type: 'slash-move'; delta: number }
  | { type: 'scroll'; delta: number }
  | { type: 'help'; open: boolean }
  | { type: 'info'; text: string }
  | { type: 'add-cell'; cell: HistoryCell }
  | { type: 'reset'; history: HistoryCell[] }
  | { type: 'submitted'; text: string; at: number }
  | { type: 'thread-event'; event: ThreadEvent }
  | { type: 'turn-ended'; at: number; now: Date }
  | { type: 'agent-delta'; delta: string }
  | { type: 'title'; title: string }
  | { type: 'approval-requested'; request: ApprovalRequest }
  | { type: 'approval-move'; delta: number }
  | { type: 'approval-answered'; decision: ApprovalDecision; product: string }
  | { type: 'list'; list: ListView | null }
  | { type: 'pager'; pager: Pager | null }
  /** the model or reasoning effort the footer shows, after /model */
  | { type: 'model'; model: string; effort: string | null }
  | { type: 'fast'; on: boolean }
  | { type: 'multi'; multi: MultiSelect | null }
  | { type: 'theme-picker'; picker: ThemePicker | null }
  | { type: 'syntax-theme'; name: string }
  | { type: 'terminal-background'; rgb: [number, number, number] }
  | { type: 'copy'; copy: CopyMode | null }
  /** Vim mode's state (null: off), and the composer a Vim command left */
  | { type: 'vim'; vim: VimState | null; composer?: Composer }
  | { type: 'warnings'; warnings: SessionWarning[] }
  | { type: 'plan'; plan: { effortBefore: string | null } | null }
  | { type: 'config-panel'; panel: ConfigPanel | null }
  | { type: 'keymap-view'; view: KeymapBrowser | null };

export function initialState(o: { product: string; version: string; cwdLabel: string; model: string; effort: string | null; history?: HistoryCell[] }): ChatState {
  return { ...o, title: null, cells: o.history ?? [], composer: emptyComposer(), runningSince: null, approval: null, popup: null, slashChoice: 0, slashTop: 0, shell: false, backtrack: null, scroll: 0, help: false, list: null, pager: null };
}

/** Which popup the composer's text opens: `/name` (nothing after it yet) lists the matching commands. */
export function popupFor(s: Pick<ChatState, 'composer' | 'shell' | 'runningSince' | 'files' | 'mentions'>): Popup {
  if (s.shell) return null;
  const at = s.files ? mentionAt(s.composer) : null;
  // `@word`: the workspace files matching it (until Esc closes the popup for that word).
  if (at && s.files && s.mentions?.closedFor !== at.query) return { kind: 'mentions', query: at.query, matches: searchFiles(s.files, at.query, s.mentions?.tab) };
  if (s.runningSince !== null) return null;
  const commands = slashMatches(s.composer.text);
  return commands?.length ? { kind: 'slash', commands } : null;
}

/** The reducer, with the popup kept in step with the composer. */
export function reduce(s: ChatState, a: ChatAction): ChatState {
  const next = step(s, a);
  if (next.composer === s.composer && next.runningSince === s.runningSince && next.shell === s.shell && next.files === s.files && next.mentions === s.mentions) return next;
  const popup = popupFor(next);
  // Another `@` word (or none): the highlight starts over and Esc's closing is forgotten.
  const query = popup?.kind === 'mentions' ? popup.query : null;
  const mentions = next.mentions && query !== (s.popup?.kind === 'mentions' ? s.popup.query : null) && next.mentions === s.mentions ? { ...next.mentions, choice: 0, closedFor: next.mentions.closedFor === (mentionAt(next.composer)?.query ?? null) ? next.mentions.closedFor : null } : next.mentions;
  return { ...next, popup, mentions, slashTop: next.slashChoice === 0 ? 0 : next.slashTop };
}

/** The user prompts in the transcript, oldest first, with their cell indexes. */
export function userCells(cells: readonly HistoryCell[]): number[] {
  const out: number[] = [];
  cells.forEach((c, i) => c.kind === 'user' && out.push(i));
  return out;
}

function step(s: ChatState, a: ChatAction): ChatState {
  switch (a.type) {
    case 'type':
      return { ...s, composer: insert(s.composer, a.text), slashChoice: 0 };
    case 'paste':
      return { ...s, composer: insertPaste(s.composer, a.text), slashChoice: 0 };
    case 'shell-mode':
      return { ...s, shell: a.on };
    case 'backtrack':
      return { ...s, backtrack: a.to };
    case 'rewound':
      return { ...s, cells: a.cells, backtrack: null, composer: setText(s.composer, a.prompt), scroll: 0 };
    case 'steered':
      return { ...s, composer: sent(s.composer, a.text), cells: [...s.cells.filter((c) => !(c.kind === 'agent' && c.streaming)), { kind: 'user', text: a.text }], scroll: 0, vim: s.vim && { ...s.vim, mode: 'insert', pending: '', search: null } };
    case 'compact-started':
      return { ...s, runningSince: a.at, scroll: 0 };
    case 'shell-started':
      return { ...s, shell: false, composer: sent(s.composer, `!${a.command}`), runningSince: a.at, cells: [...s.cells, { kind: 'shell', command: a.command, output: '', exitCode: null, running: true }], scroll: 0 };
    case 'shell-ended': {
      let i = s.cells.length - 1;
      while (i >= 0 && !(s.cells[i].kind === 'shell' && (s.cells[i] as { running: boolean }).running)) i--;
      const cells = s.cells.map((c, j) => (j === i && c.kind === 'shell' ? { ...c, output: a.output, exitCode: a.exitCode, running: false } : c));
      const started = s.runningSince ?? a.at;
      return { ...s, cells: [...cells, { kind: 'worked', ms: a.at - started, at: a.now }], runningSince: null };
    }
    case 'backspace':
      return { ...s, composer: backspace(s.composer), slashChoice: 0 };
    case 'delete':
      return { ...s, composer: deleteForward(s.composer), slashChoice: 0 };
    case 'move':
      return { ...s, composer: moveBy(s.composer, a.delta) };
    case 'line-edge':
      return { ...s, composer: moveToLineEdge(s.composer, a.edge) };
    case 'kill-line':
      return { ...s, composer: killToLineStart(s.composer), slashChoice: 0 };
    case 'recall': {
      const next = recall(s.composer, a.dir);
      return next ? { ...s, composer: next, slashChoice: 0 } : s;
    }
    case 'clear-composer':
      return { ...s, composer: setText(s.composer, '') };
    case 'set-composer':
      return { ...s, composer: setText(s.composer, a.text), slashChoice: 0 };
    case 'set-composer-state':
      return { ...s, composer: a.composer, slashChoice: 0 };
    case 'files':
      return { ...s, files: a.files };
    case 'mentions':
      return { ...s, mentions: { ...(s.mentions ?? initialMentions()), ...a.change } };
    case 'slash-move': {
      const n = s.popup?.kind === 'slash' ? s.popup.commands.length : 0;
      if (!n) return s;
      const choice = (s.slashChoice + a.delta + n) % n;
      return { ...s, slashChoice: choice, slashTop: popupTop(choice, s.slashTop, n) };
    }
    case 'help':
      return { ...s, help: a.open };
    case 'scroll':
      // The view clamps at the top; here only the bottom bound is known.
      return { ...s, scroll: Math.max(0, s.scroll + a.delta) };
    case 'info':
      return { ...s, cells: [...s.cells, { kind: 'info', text: a.text }], scroll: 0 };
    case 'add-cell':
      return { ...s, cells: [...s.cells, a.cell], scroll: 0 };
    case 'reset':
      return { ...s, cells: a.history, title: null, composer: emptyComposer(s.composer.sent), runningSince: null, approval: null, slashChoice: 0, slashTop: 0, shell: false, backtrack: null, scroll: 0 };
    case 'submitted':
      // A sent prompt leaves Vim mode typing (Insert) in the fresh composer, as upstream's does.
      return { ...s, composer: sent(s.composer, a.text), runningSince: a.at, cells: [...s.cells, { kind: 'user', text: a.text }], scroll: 0, backtrack: null, vim: s.vim && { ...s.vim, mode: 'insert', pending: '', search: null } };
    case 'thread-event':
      return onThreadEvent(s, a.event);
    case 'turn-ended': {
      if (s.runningSince === null) return s;
      // A command still running when its turn ends (it yielded and was never waited for) leaves the
      // transcript, as upstream's does: it runs on as a background terminal.
      const cells = s.cells.filter((c) => !(c.kind === 'command' && c.running));
      return { ...s, runningSince: null, cells: [...cells, { kind: 'worked', ms: a.at - s.runningSince, at: a.now }] };
    }
    case 'agent-delta': {
      const last = s.cells[s.cells.length - 1];
      if (last?.kind === 'agent' && last.streaming) return { ...s, cells: [...s.cells.slice(0, -1), { ...last, text: last.text + a.delta }] };
      return { ...s, cells: [...s.cells, { kind: 'agent', text: a.delta, streaming: true }] };
    }
    case 'title':
      return { ...s, title: a.title };
    case 'list':
      return { ...s, list: a.list };
    case 'pager':
      return { ...s, pager: a.pager };
    case 'multi':
      return { ...s, multi: a.multi };
    case 'theme-picker':
      return { ...s, themePicker: a.picker };
    case 'syntax-theme':
      return { ...s, syntaxTheme: a.name };
    case 'terminal-background':
      return { ...s, terminalBackground: a.rgb };
    case 'copy':
      return { ...s, copy: a.copy };
    case 'model':
      return { ...s, model: a.model, effort: a.effort };
    case 'fast':
      return { ...s, fast: a.on };
    case 'plan':
      return { ...s, plan: a.plan };
    case 'config-panel':
      return { ...s, configPanel: a.panel };
    case 'keymap-view':
      return { ...s, keymapView: a.view };
    case 'warnings':
      return { ...s, warnings: a.warnings };
    case 'vim':
      return { ...s, vim: a.vim, composer: a.composer ?? s.composer, slashChoice: a.composer && a.composer !== s.composer ? 0 : s.slashChoice };
    case 'approval-requested':
      // The command shows as about to run while the question is open, as upstream's does.
      return {
        ...s,
        approval: { request: a.request, choice: 0 },
        // An MCP call already shows as being called.
        cells: a.request.mcp ? s.cells : [...s.cells, { kind: 'command', id: PENDING_ID, command: a.request.command, output: '', exitCode: null, running: true }],
      };
    case 'approval-move': {
      if (!s.approval) return s;
      const n = s.approval.request.mcp ? MCP_APPROVAL_OPTIONS.length : APPROVAL_OPTIONS.length;
      return { ...s, approval: { ...s.approval, choice: (s.approval.choice + a.delta + n) % n } };
    }
    case 'approval-answered': {
      if (!s.approval) return s;
      // Upstream notes no answer to an MCP tool's question in the transcript.
      if (s.approval.request.mcp) return { ...s, approval: null };
      const cells = s.cells.filter((c) => !(c.kind === 'command' && c.id === PENDING_ID));
      // "Don't ask again" is reported with the prefix it saved.
      const { command, prefix } = s.approval.request;
      const shown = a.decision === 'approve-for-session' && prefix ? prefix.join(' ') : command;
      return { ...s, approval: null, cells: [...cells, { kind: 'decision', product: a.product, command: shown, decision: a.decision }] };
    }
  }
}

/** A command cell replaces the running one of the same item, or is added. */
function upsertCommand(s: ChatState, cell: Extract<HistoryCell, { kind: 'command' }>): ChatState {
  const i = s.cells.findIndex((c) => c.kind === 'command' && c.id === cell.id);
  return { ...s, cells: i < 0 ? [...s.cells, cell] : s.cells.map((c, j) => (j === i ? cell : c)) };
}

function onThreadEvent(s: ChatState, e: ThreadEvent): ChatState {
  if ((e.type === 'item.started' || e.type === 'item.completed') && e.item.type === 'mcp_tool_call') {
    const { id, server, tool, status } = e.item;
    const cell: McpCallCell = { kind: 'mcp', id, server, tool, status, text: mcpCallText(e.item) };
    const i = s.cells.findIndex((c) => c.kind === 'mcp' && c.id === id);
    return { ...s, cells: i < 0 ? [...s.cells, cell] : s.cells.map((c, j) => (j === i ? cell : c)) };
  }
  if (e.type === 'item.started' && e.item.type === 'command_execution')
    return upsertCommand(s, { kind: 'command', id: e.item.id, command: e.item.command, output: '', exitCode: null, running: true });
  if (e.type === 'item.completed') {
    const item = e.item;
    if (item.type === 'agent_message') {
      // The finished message replaces its streamed text.
      const cells = s.cells.filter((c) => !(c.kind === 'agent' && c.streaming));
      return { ...s, cells: [...cells, { kind: 'agent', text: item.text }] };
    }
    if (item.type === 'command_execution')
      return upsertCommand(s, { kind: 'command', id: item.id, command: item.command, output: item.aggregated_output, exitCode: item.exit_code ?? null, running: false });
    if (item.type === 'error') return { ...s, cells: [...s.cells, { kind: 'error', text: item.message }] };
    return s;
  }
  if (e.type === 'turn.failed') {
    // What streamed before the failure stays on screen, as it was.
    const cells = s.cells.map((c) => (c.kind === 'agent' && c.streaming ? { kind: 'agent' as const, text: c.text } : c));
    return { ...s, cells: [...cells, { kind: 'error', text: e.error.message }] };
  }
  return s;
}
