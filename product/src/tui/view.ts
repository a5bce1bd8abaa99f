// Draws the chat screen: the transcript (session header, then one block per history cell, newest
// at the bottom), and a fixed bottom area (status while a turn runs, composer, footer). Layout and
// colours follow upstream's TUI, so the lab can compare the two frame by frame.
import { mcpCallRows } from './mcp-cell.ts';
import { drawWarningsHint } from './warnings-hint.ts';
import { mcpApprovalRows } from './mcp-approval.ts';
import { drawVimFooter, markVimMatches } from './vim-footer.ts';
import { drawPlanFooter, PLAN_LABEL } from './plan-mode.ts';
import { configRows } from './config-panel.ts';
import { layoutComposer } from './composer.ts';
import { lineStyleOf, renderMarkdown, wrapSpans } from './markdown.ts';
import { Canvas, type Span, type Style } from './screen/canvas.ts';
import { highlightBash } from './highlight.ts';
import { DEFAULT_STATUS_LINE, statusLineSpans } from './status-line.ts';
import { statusIndicatorSpans, statusShown } from './status-indicator.ts';
import { POPUP_ROWS, type SlashCommand } from './slash.ts';
import { APPROVAL_OPTIONS, userCells, type ChatState, type HistoryCell } from './state.ts';
import { SHORTCUTS_HINT, shortcutRows } from './views/shortcuts.ts';
import { mentionsRows } from './views/mentions.ts';
import { listCursor, listRows } from './views/list.ts';
import { drawPager } from './views/pager.ts';
import { rawCellRows, rawHeader } from './raw.ts';
import { multiSelectCursor, multiSelectRows } from './views/multi-select.ts';
import { DEFAULT_TITLE_ITEMS, titleText, type TitleFacts } from './title.ts';
import { drawDialog } from './views/dialog.ts';
import { copyHighlighted, drawCopyFooter } from './copy-mode.ts';
import { browserRows, editRows } from './keymap-browser.ts';
import { syntaxGeneration } from './syntax/highlighter.ts';
import { syntaxThemeOf, themePickerCursor, themePickerRows } from './views/theme-picker.ts';

const BLUE = '#63a8f8';
const USER_FG = '#eeeeee';
const USER_BG = '#444444';
const DIM: Style = { dim: true };
const MAX_OUTPUT_LINES = 5;
const MAX_COMPOSER_ROWS = 8;

/** A command as people typed it: exec's `/bin/bash -lc '…'` wrapper taken off. */
export function shownCommand(display: string): string {
  const m = /^\/bin\/bash -l?c '((?:[^']|'\\'')*)'$/.exec(display) ?? /^\/bin\/bash -l?c (\S+)$/.exec(display);
  return m ? m[1].replace(/'\\''/g, "'") : display;
}

export const PLACEHOLDER = 'Ask Codex to do anything';

/** One screen row of the transcript: spans, and the style of the rest of the row. */
interface Row {
  spans: Span[];
  /** style of the cells the spans leave empty */
  fill?: Style;
  /** style under every span (a block's background) */
  base?: Style;
  /** style of the first cell when the row has no text (upstream's padded blocks) */
  lead?: Style;
}

const blankRow = (): Row => ({ spans: [] });

/** Word-wraps each line of `text` to `width` cells; a line's own indentation is kept on its continuations. */
function wrap(text: string, width: number): string[] {
  return text.split('\n').flatMap((line) => {
    if (!line.trim()) return [''];
    const indent = /^\s*/.exec(line)![0];
    return wrapSpans([{ text: line.slice(indent.length) }], Math.max(1, width - indent.length)).map((spans) => indent + spans.map((x) => x.text).join(''));
  });
}

/** "gpt-5.5" → "GPT-5.5", as the footer shows models. */
export function modelLabel(model: string): string {
  return model.replace(/^gpt/i, 'GPT');
}

/** How the footer names models: by an app-server's catalogue when the thread lives on one (a model it does not list, by its id), else as modelLabel. */
export function footerModelLabel(s: Pick<ChatState, 'modelNames'>): (model: string) => string {
  const names = s.modelNames;
  return names ? (model) => (Object.hasOwn(names, model) ? names[model] : model) : modelLabel;
}

export function workedFor(ms: number): string {
  const s = Math.floor(ms / 1000);
  // Under a second upstream writes <1s (seen where /delete's dialog cuts the row short).
  if (s < 1) return '<1s';
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m ${String(s % 60).padStart(2, '0')}s`;
}

const clock = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;

function cellRows(cell: HistoryCell, cols: number, theme: string): Row[] {
  switch (cell.kind) {
    case 'user': {
      const block: Style = { bg: USER_BG };
      const pad: Row = { spans: [], fill: block, base: block, lead: { fg: USER_FG, bg: USER_BG } };
      // A prompt is Markdown too, as upstream draws it (code spans, emphasis, lists), its colours on
      // the block. Upstream keeps one column free at the right of a prompt's block.
      const md = renderMarkdown(cell.text, cols - 3, theme);
      // The `›` and the indents under it take the prompt's colour only while the prompt is plain
      // text: once its Markdown styles anything, upstream leaves them in the default colour.
      const lead: Style = md.some((line) => line.some((sp) => sp.style && Object.keys(sp.style).length)) ? { bg: USER_BG } : { fg: USER_FG, bg: USER_BG };
      const lines = md.map((line, i): Row => ({
        // Only the first line's `›` is bold and dim; the lines under it are indented plainly, as upstream's.
        spans: [
          { text: i === 0 ? '› ' : '  ', style: i === 0 ? { ...lead, bold: true, dim: true } : lead },
          ...line.map((sp) => ({ text: sp.text, style: { fg: USER_FG, ...sp.style, bg: USER_BG } })),
        ],
        fill: block,
        base: block,
      }));
      return [pad, ...lines, { ...pad }];
    }
    case 'agent':
      // Markdown, laid out two columns in, under a bullet.
      return renderMarkdown(cell.text, cols - 2, theme).map((line, i) => ({ spans: [{ text: i === 0 ? '• ' : '  ', style: { ...lineStyleOf(line), ...(i === 0 ? DIM : {}) } }, ...line] }));
    case 'command': {
      const cmd = shownCommand(cell.command);
      if (cell.running) return [{ spans: [{ text: '•', style: { fg: '#808080', bold: true } }, { text: ' ' }, { text: 'Running', style: { bold: true } }, { text: ' ' }, ...highlightBash(cmd)] }];
      const out = cell.output.trimEnd().split('\n').filter(Boolean);
      const shown = out.slice(0, MAX_OUTPUT_LINES).map((l, i) => ({ spans: [{ text: `${i === 0 ? '  └ ' : '    '}${l}`, style: DIM }] }));
      if (out.length > MAX_OUTPUT_LINES) shown.push({ spans: [{ text: `    … +${out.length - MAX_OUTPUT_LINES} lines`, style: DIM }] });
      // A finished command that printed nothing says so, as upstream's does; one that printed only
      // blank lines shows its └ with nothing after it.
      if (!out.length) shown.push({ spans: [{ text: cell.output ? '  └' : '  └ (no output)', style: DIM }] });
      return [{ spans: [{ text: '•', style: cell.exitCode === null ? { dim: true } : { fg: cell.exitCode === 0 ? 2 : 1, bold: true } }, { text: ' ' }, { text: 'Ran', style: { bold: true } }, { text: ' ' }, ...highlightBash(cmd)] }, ...shown];
    }
    case 'shell': {
      // A command the person ran with `!`: upstream's "You ran" cell, its output under it.
      const out = cell.output.trimEnd().split('\n').filter(Boolean);
      // Upstream dims the output and the └ lead, not the indent of the lines under it.
      const shown: Row[] = out.slice(0, MAX_OUTPUT_LINES).map((l, i) => ({ spans: i === 0 ? [{ text: `  └ ${l}`, style: DIM }] : [{ text: '    ' }, { text: l, style: DIM }] }));
      if (out.length > MAX_OUTPUT_LINES) shown.push({ spans: [{ text: `    … +${out.length - MAX_OUTPUT_LINES} lines`, style: DIM }] });
      const bullet: Style = cell.running || cell.exitCode === null ? { dim: true } : { fg: cell.exitCode === 0 ? 2 : 1, bold: true };
      return [{ spans: [{ text: '•', style: bullet }, { text: ' ' }, { text: cell.running ? 'You are running' : 'You ran', style: { bold: true } }, { text: ' ' }, ...highlightBash(cell.command)] }, ...shown];
    }
    case 'decision': {
      const approved = cell.decision !== 'deny';
      // A saved rule: upstream's line names the prefix it allows from now on.
      if (cell.decision === 'approve-for-session')
        return [{ spans: [{ text: '✔ ', style: { fg: 2 } }, { text: 'You ' }, { text: 'approved', style: { bold: true } }, { text: ` ${cell.product} to always run commands that start with ` }, { text: cell.command }] }];
      const scope = cell.decision === 'approve' ? ' this time' : '';
      return [
        {
          spans: [
            { text: approved ? '✔ ' : '✗ ', style: { fg: approved ? 2 : 1 } },
            { text: 'You ' },
            { text: approved ? 'approved' : 'did not approve', style: { bold: true } },
            { text: ` ${cell.product} to run ` },
            { text: cell.command, style: DIM },
            { text: scope, style: { bold: true } },
          ],
        },
      ];
    }
    case 'worked':
      return [{ spans: [{ text: `  Worked for ${workedFor(cell.ms)} • ${cell.day ? `${cell.day} at ` : ''}${clock(cell.at)}`, style: DIM }], fill: DIM, base: DIM }];
    case 'error':
      return wrap(cell.text, cols - 2).map((line, i) => ({ spans: [{ text: i === 0 ? '■ ' : '  ', style: { fg: 1 } }, { text: line, style: { fg: 1 } }] }));
    case 'reverted':
      return [{ spans: [{ text: '• ', style: DIM }, { text: 'Conversation reverted to this point. File changes are unchanged.' }] }];
    case 'info':
      return wrap(cell.text, cols - 2).map((line) => ({ spans: [{ text: '  ' }, { text: line, style: DIM }] }));
    case 'notice':
      if (cell.flush || cell.detail) {
        const spans: Span[] = [{ text: cell.detail ? `${cell.text} ` : cell.text }, ...(cell.detail ? [{ text: cell.detail, style: { fg: 8 } }] : [])];
        return wrapSpans(spans, cols, [{ text: '• ', style: DIM }], cell.flush ? [] : [{ text: '  ' }]).map((line) => ({ spans: line }));
      }
      return wrap(cell.text, cols - 2).map((line, i) => ({ spans: [{ text: i === 0 ? '• ' : '  ', style: DIM }, { text: line }] }));
    case 'lines':
      return cell.lines.map((spans) => ({ spans }));
    case 'mcp':
      return mcpCallRows(cell);
  }
}

// Cells never change in place (the reducer replaces them), so their rows are laid out once per
// width: a long session costs no more per frame than a short one.
// Laid out again when the width, the syntax theme or the highlighter's readiness changes.
const laidOut = new WeakMap<HistoryCell, { cols: number; syntax: string; rows: Row[] }>();
function rowsOf(cell: HistoryCell, cols: number, theme: string): Row[] {
  const hit = laidOut.get(cell);
  const syntax = `${theme}:${syntaxGeneration()}`;
  if (hit?.cols === cols && hit.syntax === syntax) return hit.rows;
  const rows = [blankRow(), ...cellRows(cell, cols, theme)];
  laidOut.set(cell, { cols, syntax, rows });
  return rows;
}

/** A cell in `/raw` mode (./raw.ts), laid out once per width as rowsOf does. */
const laidOutRaw = new WeakMap<HistoryCell, { cols: number; syntax: string; rows: Row[] }>();
function rawRowsOf(cell: HistoryCell, cols: number, theme: string): Row[] {
  const hit = laidOutRaw.get(cell);
  const syntax = `${theme}:${syntaxGeneration()}`;
  if (hit?.cols === cols && hit.syntax === syntax) return hit.rows;
  const rows = [blankRow(), ...rawCellRows(cell, cols, (c) => cellRows(c, cols, theme))];
  laidOutRaw.set(cell, { cols, syntax, rows });
  return rows;
}

/**
 * The transcript's last `height` rows, `scroll` rows up from its end: the session header, then
 * each cell after a blank row. Only the cells that reach the window are laid out.
 */
function transcriptWindow(s: ChatState, cols: number, height: number, scroll: number, selected?: number): Row[] {
  // An older answer chosen in copy mode is scrolled into view (its top, when it is taller than the window).
  const theme = syntaxThemeOf(s);
  if (s.copy && selected !== undefined) {
    const of = s.raw ? rawRowsOf : rowsOf;
    let after = 0;
    for (let i = s.cells.length - 1; i > selected; i--) after += of(s.cells[i], cols, theme).length;
    scroll = Math.max(scroll, after + of(s.cells[selected], cols, theme).length - height);
  }
  const want = height + scroll;
  const tail: Row[][] = [];
  const owners: number[] = [];
  let n = 0;
  for (let i = s.cells.length - 1; i >= 0 && n < want; i--) {
    const of = s.raw ? rawRowsOf : rowsOf;
    let r = i === selected ? (s.copy ? copyHighlighted : highlighted)(of(s.cells[i], cols, theme)) : of(s.cells[i], cols, theme);
    // A prompt steered in right after another shares its block, as upstream's (no blank row, one pad row between).
    if (!s.raw && s.cells[i].kind === 'user' && s.cells[i - 1]?.kind === 'user') r = r.slice(2);
    tail.push(r);
    owners.push(i);
    n += r.length;
  }
  const header: Row[] = s.raw ? rawHeader(s.product, s.version, modelLabel(s.model), s.cwdLabel) : [
    blankRow(),
    { spans: [{ text: '  ' }, { text: '>_ ', style: { fg: BLUE } }, { text: s.product, style: { bold: true } }, { text: ` (v${s.version})`, style: DIM }] },
    { spans: [{ text: '     ' }, { text: s.cwdLabel, style: DIM }] },
    ...(s.yolo ? [{ spans: [{ text: '  permissions: ', style: DIM }, { text: 'YOLO mode', style: { fg: 5, bold: true } }] }] : []),
  ];
  const top = n < want ? header : [];
  const rows = [...top, ...[...tail].reverse().flat()];
  const end = Math.max(0, rows.length - Math.min(scroll, Math.max(0, rows.length - height)));
  const shown = rows.slice(Math.max(0, end - height), end);
  // Upstream keeps the prompt of the turn at the top of the window in view: once its first line has
  // scrolled off, that line takes the window's top row.
  if (!s.raw && shown.length > 1) {
    let at = top.length;
    const first = Math.max(0, end - height);
    for (let k = tail.length - 1; k >= 0; k--) {
      if (first < at + tail[k].length) {
        const owner = owners[k];
        let u = owner;
        while (u >= 0 && s.cells[u].kind !== 'user') u--;
        // Only once the prompt's whole block is above (rowsOf's rows: the blank row, the pad, its first line).
        if (u >= 0 && u < owner) shown[0] = pinnedPrompt(rowsOf(s.cells[u], cols, theme)[2] ?? shown[0]);
        break;
      }
      at += tail[k].length;
    }
  }
  return shown;
}

/** A prompt's line pinned at the top: upstream draws it word by word, the spaces between in the block's colour only. */
function pinnedPrompt(row: Row): Row {
  const [lead, ...rest] = row.spans;
  const words = rest.flatMap((sp) => sp.text.split(/( +)/).filter(Boolean).map((text) => ({ text, style: text.startsWith(' ') ? { bg: sp.style?.bg } : sp.style })));
  return { ...row, spans: lead ? [lead, ...words] : [] };
}

/** A prompt selected while backtracking: its text in reverse (not its `› ` lead nor the block around it), as upstream's. */
function highlighted(rows: Row[]): Row[] {
  return rows.map((r) => ({ ...r, spans: r.spans.map((sp, k) => (k === 0 ? sp : { ...sp, style: { ...sp.style, reverse: true } })) }));
}

function drawRow(c: Canvas, y: number, row: Row): void {
  if (row.fill) c.fillRow(y, row.fill);
  if (row.lead && !row.spans.length) c.cells[y][0].style = { ...row.lead };
  c.write(0, y, row.spans, row.base ?? {});
}

const OPTION_LABELS: Record<(typeof APPROVAL_OPTIONS)[number]['decision'], (cmd: string) => string> = {
  approve: () => 'Yes, proceed',
  'approve-for-session': (cmd) => `Yes, and don't ask again for commands that start with \`${cmd}\``,
  deny: () => 'No, and tell Codex what to do differently',
};

/** The approval modal, bottom-anchored in place of the composer and footer. */
function approvalRows(approval: NonNullable<ChatState['approval']>, cols: number): Row[] {
  const { request, choice } = approval;
  if (request.mcp) return mcpApprovalRows(request, choice, cols);
  const cmd = request.command;
  const rows: Row[] = [
    { spans: [{ text: '  ' }, { text: 'Would you like to run the following command?', style: { bold: true } }] },
    blankRow(),
    { spans: [{ text: '  Environment: ' }, { text: 'local', style: { bold: true } }] },
    blankRow(),
  ];
  if (request.reason) rows.push({ spans: [{ text: '  Reason: ' }, { text: request.reason, style: { italic: true } }] }, blankRow());
  rows.push({ spans: [{ text: '  $ ' }, ...highlightBash(cmd)] }, blankRow(), blankRow());
  APPROVAL_OPTIONS.forEach((opt, i) => {
    const selected = i === choice;
    const label = `${OPTION_LABELS[opt.decision](request.prefix ? request.prefix.join(' ') : cmd)} (${opt.key})`;
    const lines = wrap(label, cols - 5);
    lines.forEach((line, j) => {
      const lead = j === 0 ? `${selected ? '›' : ' '} ${i + 1}. ` : '     ';
      if (selected) {
        const style: Style = { bold: true, reverse: true };
        rows.push({ spans: [{ text: lead + line, style }], fill: style, base: style });
      } else {
        // The option's key, at the end of its last line, in bold.
        const key = j === lines.length - 1 ? `(${opt.key})` : '';
        const keyed = key !== '' && line.endsWith(key);
        const body = keyed ? line.slice(0, -key.length) : line;
        rows.push({ spans: [{ text: lead + body }, ...(keyed ? [{ text: '(' }, { text: opt.key, style: { bold: true } }, { text: ')' }] : [])] });
      }
    });
  });
  rows.push(blankRow(), {
    fill: DIM,
    spans: [
      { text: '  ', style: {} },
      { text: 'Press ', style: DIM },
      { text: 'enter', style: { bold: true } },
      { text: ' to confirm or ', style: DIM },
      { text: 'esc', style: { bold: true } },
      { text: ' to cancel', style: DIM },
    ],
  });
  return rows;
}

/**
 * The slash-command popup: the window of at most POPUP_ROWS matching commands from `top`, the
 * highlighted one in reverse, the typed part of the others' names in bold; names padded to the
 * longest shown, descriptions cut at the edge.
 */
function slashRows(commands: SlashCommand[], typed: number, choice: number, top: number, cols: number): Row[] {
  const shown = commands.slice(top, top + POPUP_ROWS);
  const w = Math.max(...shown.map((c) => c.name.length + 1)) + 2;
  return shown.map((cmd, k) => {
    const i = top + k;
    const name = `/${cmd.name}`.padEnd(w);
    const description = cmd.description.slice(0, Math.max(0, cols - 2 - w));
    if (i !== choice) return { spans: [{ text: '  /' }, { text: name.slice(1, 1 + typed), style: { bold: true } }, { text: name.slice(1 + typed) }, { text: description, style: DIM }] };
    const style: Style = { bold: true, reverse: true };
    return { spans: [{ text: `› ${name}`, style }, { text: description, style: { reverse: true } }], fill: style };
  });
}

/** A composer row with its paste placeholders in cyan, as upstream shows them. */
function pasteSpans(row: string, pastes: ChatState['composer']['pastes']): Span[] | string {
  if (!pastes.length) return row;
  const names = pastes.map((p) => p.placeholder.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return row.split(new RegExp(`(${names.join('|')})`)).filter(Boolean).map((text) => ({ text, style: pastes.some((p) => p.placeholder === text) ? { fg: 6 } : {} }));
}

/** The whole frame for this state. `now` drives the running timer. */
const TITLE_SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

/**
 * The terminal's window title, as upstream sets it: the `[tui] terminal_title` items (./title.ts;
 * by default the workspace folder, after the thread's title once it has one, behind a spinner while
 * a turn runs). `facts`: what the state does not hold. Control characters never reach the terminal.
 */
export function windowTitle(s: ChatState, now: number, items: readonly string[] = DEFAULT_TITLE_ITEMS, facts: Partial<TitleFacts> = {}): string {
  const running = s.runningSince !== null;
  const spinner = running ? TITLE_SPINNER[Math.floor((now - s.runningSince!) / 100) % TITLE_SPINNER.length] : '';
  return titleText(items, { product: s.product, version: s.version, cwdLabel: s.cwdLabel, title: s.title, threadId: null, model: s.model, effort: s.effort, fast: !!s.fast, context: s.context ?? null, usage: { input: 0, output: 0 }, ...facts, running, spinner });
}

/** The footer hint while backtracking: primed by one Esc, or browsing the earlier prompts. */
function backtrackHint(stage: 'primed' | 'browsing', cols: number): Span[] {
  if (stage === 'primed') return [{ text: '  ' }, { text: 'esc', style: { bold: true } }, { text: ' again to edit previous message' }];
  // Upstream's: the title in blue, keys bold, the rest dim; "transcript" goes when the row is too narrow.
  const key = (text: string): Span => ({ text, style: { bold: true } });
  const dim = (text: string): Span => ({ text, style: DIM });
  const keys = [dim(' · '), key('↑↓/jk'), dim(' scroll · '), key('←→/hl'), dim(' prompts · '), key('^t'), dim(' details · '), key('↵'), dim(' rewind · '), key('esc'), dim(' back')];
  const full = [{ text: '  ' }, { text: 'Browsing transcript', style: { fg: BLUE } }, ...keys];
  return full.reduce((n, sp) => n + sp.text.length, 0) <= cols ? full : [{ text: '  ' }, { text: 'Browsing', style: { fg: BLUE } }, ...keys];
}

export function drawChat(s: ChatState, cols: number, rows: number, now: number): Canvas {
  if (s.pager) return drawPager(s.pager, cols, rows);
  if (s.list?.dialog) return drawDialog((tall) => drawChat({ ...s, list: null }, cols, tall, now), s.list, cols, rows);
  const c = new Canvas(cols, rows);
  if (s.keymapView && !s.approval) {
    // /keymap's browser fills the screen; its edit menu and key capture sit under the chat.
    const k = s.keymapView;
    const pane = k.mode.kind === 'browse' ? browserRows(k, cols, rows) : editRows(k, cols);
    const top = Math.max(0, rows - pane.length);
    // One blank row stays between the chat and the pane (all that is left of the chat on a small screen).
    transcriptWindow(s, cols, Math.max(0, top - 1), 0).forEach((row, y) => drawRow(c, y, row));
    pane.slice(Math.max(0, pane.length - rows)).forEach((row, i) => drawRow(c, top + i, row));
    c.cursor = { x: Math.min(cols, k.cursor?.x ?? cols), y: rows - 1 - (k.cursor?.fromBottom ?? 0), visible: false };
    return c;
  }
  if (s.approval || s.list || s.multi || s.themePicker || s.configPanel) {
    const modal = s.approval ? approvalRows(s.approval, cols) : s.list ? listRows(s.list, cols) : s.multi ? multiSelectRows(s.multi, cols) : s.themePicker ? themePickerRows(s.themePicker, cols) : configRows(s.configPanel!, cols);
    const top = Math.max(0, rows - modal.length);
    transcriptWindow(s, cols, top, 0).forEach((row, y) => drawRow(c, y, row));
    modal.slice(Math.max(0, modal.length - rows)).forEach((row, i) => drawRow(c, top + i, row));
    const at = s.list ? listCursor(s.list, modal) : s.multi ? multiSelectCursor(s.multi, modal) : s.themePicker ? themePickerCursor(s.themePicker, modal) : s.configPanel?.cursor ? { x: s.configPanel.cursor.x, fromBottom: s.configPanel.cursor.y } : null;
    c.cursor = at ? { x: Math.min(cols, at.x), y: rows - 1 - at.fromBottom, visible: false } : { x: cols, y: rows - 1, visible: false };
    return c;
  }
  // The shortcuts hint shows under the footer only while the composer is empty and idle; since
  // upstream 0.171.0 its row stays reserved (blank) while idle with text, so the composer holds still.
  const empty = s.composer.text === '';
  const idle = s.runningSince === null;
  // While a turn runs upstream 0.171.0 keeps the composer where it was and the hint under it.
  const hint = empty;
  // Copy mode's two footer rows take the hint's place and one more.
  const composerBottom = rows - (s.copy ? 5 : 4);
  // The composer grows upward with its text, up to a few rows, scrolled to keep the cursor in view.
  const layout = layoutComposer(s.composer, cols - 3);
  const height = Math.min(layout.rows.length, Math.max(1, Math.min(MAX_COMPOSER_ROWS, rows - 8)));
  const first = Math.min(Math.max(0, layout.cursor.row - height + 1), layout.rows.length - height);
  const composerY = composerBottom - height + 1;
  const popupRows =
    s.popup?.kind === 'slash'
      ? slashRows(s.popup.commands, s.composer.text.length - 1, s.slashChoice, s.slashTop, cols)
      : s.popup?.kind === 'mentions'
        ? mentionsRows(s.popup.query, s.popup.matches, s.mentions?.choice ?? 0, s.mentions?.tab ?? 0, cols)
        : [];
  const panel = s.help && empty && !popupRows.length ? shortcutRows(Math.max(0, composerY - 11)) : [];
  // The Mentions popup covers the transcript where it stands, as upstream's does; the others push it up.
  const covering = s.popup?.kind === 'mentions';
  const above = covering ? 0 : popupRows.length || panel.length;
  // Idle, upstream keeps two blank rows between the transcript and the composer.
  // A running turn's status row sits three rows above the composer, two blank rows under it;
  // upstream takes it away while an answer streams in.
  const working = statusShown(s);
  const statusRows = working ? 3 : above ? above + 1 : 2;
  const transcriptHeight = Math.max(0, composerY - statusRows);
  const selected = s.copy ? s.copy.cell : s.backtrack?.stage === 'browsing' ? userCells(s.cells)[s.backtrack.index] : undefined;
  transcriptWindow(s, cols, transcriptHeight, s.scroll, selected).forEach((row, y) => drawRow(c, y, row));

  popupRows.forEach((row, i) => {
    const y = composerY - 1 - popupRows.length + i;
    const cells = c.cells[y];
    if (covering && cells) for (let x = 0; x < cells.length; x++) cells[x] = { ch: ' ', style: {} };
    drawRow(c, y, row);
  });
  panel.forEach((row, i) => {
    for (const span of row.spans) c.write(span.x, composerY - 1 - panel.length + i, [span]);
  });
  if (working && s.runningSince !== null) {
    c.write(0, composerY - 3, statusIndicatorSpans(s.runningSince, now));
  }

  // Composer: the prompt glyph on its first row (`!` in shell mode), then the text (or the placeholder).
  if (first === 0) c.write(0, composerY, [s.shell ? { text: '!', style: { fg: 9, bold: true } } : { text: '›', style: { bold: true } }]);
  if (empty && !s.shell) c.write(2, composerY, [{ text: PLACEHOLDER, style: DIM }]);
  else layout.rows.slice(first, first + height).forEach((row, k) => c.write(2, composerY + k, pasteSpans(row, s.composer.pastes)));
  c.cursor = { x: 2 + layout.cursor.col, y: composerY + layout.cursor.row - first, visible: true };
  if (s.vim && !empty) markVimMatches(c, s.vim, layout.rows.slice(first, first + height), 2, composerY);

  const footer = statusLineSpans(s.statusLine ?? DEFAULT_STATUS_LINE, s.remoteCwd ? { ...s, cwdLabel: s.remoteCwd } : s, footerModelLabel(s), s.statusLineColors !== false);
  c.write(0, composerBottom + 2, footer);
  if (s.copy) drawCopyFooter(c, s.copy, cols, rows, composerY, composerBottom);
  else if (s.shell && idle) {
    const label = 'Shell mode';
    c.write(cols - 1 - label.length, rows - 1, [{ text: label, style: { fg: 9 } }]);
  } else if (s.backtrack && hint) {
    const end = c.write(0, rows - 1, backtrackHint(s.backtrack.stage, cols));
    if (s.backtrack.stage === 'browsing') {
      // While the transcript is browsed, upstream dims the composer and hides the cursor after this hint.
      for (let y = composerY - 1; y <= composerBottom + 1; y++) for (const cell of c.cells[y] ?? []) cell.style = { ...cell.style, dim: true };
      c.cursor = { x: end, y: rows - 1, visible: false };
    }
  }
  else if (s.help && hint) c.write(0, rows - 1, SHORTCUTS_HINT);
  else if (hint && !s.shell)
    c.write(0, rows - 1, [{ text: '  ' }, { text: '←', style: { bold: true } }, { text: ' for agents · ' }, { text: '?', style: { bold: true } }, { text: ' for shortcuts' }]);
  if (s.vim && idle && !s.shell) drawVimFooter(c, s.vim, cols, rows, s.plan ? PLAN_LABEL : []);
  else if (s.plan && idle && !s.shell) drawPlanFooter(c, cols, rows);
  if (s.warnings?.length && hint && !s.shell && !s.help && !s.backtrack) drawWarningsHint(c, s.warnings.length, cols, rows);
  return c;
}
