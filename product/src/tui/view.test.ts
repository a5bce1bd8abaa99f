import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialState, reduce, type ChatState, type HistoryCell } from './state.ts';
import { drawChat, modelLabel, windowTitle, workedFor } from './view.ts';

const GOLDENS = path.join(import.meta.dirname, '..', '..', '..', 'goldens');
const golden = (scenario: string, frame: string) => readFileSync(path.join(GOLDENS, scenario, 'frames', `${frame}.txt`), 'utf8').split('\n');

/** The lab's masks for what legitimately differs: product name, version, durations, clock times. */
const normalize = (row: string) =>
  row
    .replace(/\bcsm\b/g, '<product>')
    .replace(/v\d+\.\d+\.\d+/g, '<version>')
    .replace(/Worked for \d+s/g, 'Worked for <dur>')
    .replace(/\b\d\d:\d\d\b/g, '<time>');

function screen(s: ChatState, cols: number, rows: number): string[] {
  const c = drawChat(s, cols, rows, 0);
  return Array.from({ length: rows }, (_, y) => normalize(c.rowText(y)));
}

const start = () => initialState({ product: 'csm', version: '0.1.0', cwdLabel: '~/ws', model: 'gpt-5.5', effort: null });

describe('the chat screen', () => {
  it('starts as upstream does: header, empty composer with its placeholder, model and directory in the footer', () => {
    expect(screen(start(), 80, 24)).toEqual(golden('tui-startup-80x24', 'idle').slice(0, 24));
    expect(screen(start(), 100, 30)).toEqual(golden('tui-startup-100x30', 'idle').slice(0, 30));
  });

  it("shows typed text in the composer and hides the shortcuts hint, keeping its row", () => {
    const s = reduce(start(), { type: 'type', text: 'say hi' });
    expect(screen(s, 100, 30)).toEqual(golden('tui-prompt-answer-100x30', 'typed').slice(0, 30));
    const c = drawChat(s, 100, 30, 0);
    expect(c.cursor).toEqual({ x: 8, y: 26, visible: true });
    expect(c.rowText(29).trim()).toBe('');
  });

  it('lays out a finished turn: the prompt block, the answer wrapped under its bullet, and the Worked-for row', () => {
    let s = start();
    s = reduce(s, { type: 'submitted', text: 'say hi', at: 0 });
    s = reduce(s, {
      type: 'thread-event',
      event: { type: 'item.completed', item: { id: 'item_0', type: 'agent_message', text: 'This is a streamed answer from the mock server, chunk by chunk, long enough to wrap at eighty columns.' } },
    });
    s = reduce(s, { type: 'turn-ended', at: 1500, now: new Date(2026, 0, 1, 9, 5) });
    s = reduce(s, { type: 'title', title: 'Greeting' });
    const rows = screen(s, 80, 24);
    expect(rows.slice(0, 12)).toEqual(golden('tui-prompt-answer-80x24', 'answered').slice(0, 12));
    expect(rows[22]).toBe('  GPT-5.5 default · ~/ws · Greeting');
  });

  it('paints the prompt block with upstream’s colours', () => {
    const s = reduce(start(), { type: 'submitted', text: 'say hi', at: 0 });
    const c = drawChat(s, 100, 30, 0);
    expect(c.cells[5][0]).toEqual({ ch: '›', style: { fg: '#eeeeee', bg: '#444444', bold: true, dim: true } });
    expect(c.cells[5][2].style).toEqual({ fg: '#eeeeee', bg: '#444444' });
    expect(c.cells[4][50].style).toEqual({ bg: '#444444' });
  });

  it("draws a resumed thread's earlier turn as upstream does: a command that printed a blank line, the day before the time", () => {
    const at = new Date(2026, 10, 17, 23, 23);
    const history: HistoryCell[] = [
      { kind: 'user', text: 'go' },
      { kind: 'command', id: 'c1', command: 'cat pkg/quiet.md', output: '\n', exitCode: 0, running: false },
      { kind: 'command', id: 'c2', command: 'true', output: '', exitCode: 0, running: false },
      { kind: 'worked', ms: 36338, at, day: 'Nov 17' },
    ];
    const c = drawChat(initialState({ product: 'csm', version: '0.1.0', cwdLabel: '~/ws', model: 'gpt-5.5', effort: null, history }), 100, 30, 0);
    const rows = Array.from({ length: 15 }, (_, y) => c.rowText(y).trimEnd());
    expect(rows).toEqual(['', '  >_ csm (v0.1.0)', '     ~/ws', '', '', '› go', '', '', '• Ran cat pkg/quiet.md', '  └', '', '• Ran true', '  └ (no output)', '', '  Worked for 36s • Nov 17 at 23:23']);
  });

  it('says YOLO mode in the header when the thread runs with no approvals and no sandbox', () => {
    const c = drawChat({ ...start(), yolo: true }, 100, 30, 0);
    expect([1, 2, 3].map((y) => c.rowText(y).trimEnd())).toEqual(['  >_ csm (v0.1.0)', '     ~/ws', '  permissions: YOLO mode']);
    expect(c.cells[3][2].style).toEqual({ dim: true });
    expect(c.cells[3][15].style).toEqual({ fg: 5, bold: true });
  });

  it("names the model in the footer by an app-server's catalogue when the thread lives on one, one it does not list by its id", () => {
    const footer = (s: ChatState) => drawChat(s, 100, 30, 0).rowText(28).trim();
    expect(footer(start())).toBe('GPT-5.5 default · ~/ws');
    expect(footer({ ...start(), modelNames: { 'gpt-5.5': 'GPT-5.5 Turbo' } })).toBe('GPT-5.5 Turbo default · ~/ws');
    expect(footer({ ...start(), model: 'gpt-5.4', modelNames: { 'gpt-5.5': 'GPT-5.5' } })).toBe('gpt-5.4 default · ~/ws');
  });

  it("draws a prompt's Markdown on its block as upstream does: code spans and emphasis in their colours, lists laid out", () => {
    const s = reduce(start(), { type: 'submitted', text: 'speed up `cellNamespace` **now**\n- one\n- two', at: 0 });
    const c = drawChat(s, 100, 30, 0);
    expect([5, 6, 7, 8].map((y) => c.rowText(y).trimEnd())).toEqual(['› speed up cellNamespace now', '', '  • one', '  • two']);
    expect(c.cells[5][11].style).toEqual({ fg: '#a6e3a1', bg: '#444444' });
    expect(c.cells[5][25].style).toEqual({ fg: '#f38ba8', bold: true, bg: '#444444' });
    expect(c.cells[5][2].style).toEqual({ fg: '#eeeeee', bg: '#444444' });
    // Once the Markdown styles anything, the `›` and the indents keep the default colour.
    expect(c.cells[5][0].style).toEqual({ bg: '#444444', bold: true, dim: true });
    expect(c.cells[7][0].style).toEqual({ bg: '#444444' });
    // The block's background runs under the blank row between the paragraph and the list.
    expect(c.cells[6][10].style).toEqual({ bg: '#444444' });
  });

  it('shows a running turn with its timer three rows above the composer, which stays put with its hint under it (upstream 0.171.0)', () => {
    const s = reduce(start(), { type: 'submitted', text: 'go', at: 0 });
    const c = drawChat(s, 80, 24, 3200);
    expect(c.rowText(17)).toBe('• Working (3s • esc to interrupt)');
    expect([18, 19].map((y) => c.rowText(y))).toEqual(['', '']);
    expect(c.rowText(20)).toBe('› Ask Codex to do anything');
    expect(c.rowText(23)).toBe('  ← for agents · ? for shortcuts');
  });

  it('takes the status row away while the answer streams in', () => {
    const running = reduce(start(), { type: 'submitted', text: 'go', at: 0 });
    const streaming = reduce(running, { type: 'agent-delta', delta: 'Hel' });
    const rows = (c: ReturnType<typeof drawChat>) => Array.from({ length: 24 }, (_, y) => c.rowText(y));
    expect(rows(drawChat(streaming, 80, 24, 3200)).join('\n')).not.toContain('esc to interrupt');
    expect(rows(drawChat(streaming, 80, 24, 3200)).join('\n')).toContain('• Hel');
  });
});

describe('labels', () => {
  it('spell models and durations as upstream does', () => {
    expect(modelLabel('gpt-5.5')).toBe('GPT-5.5');
    expect(modelLabel('o3')).toBe('o3');
    expect(workedFor(999)).toBe('<1s');
    expect(workedFor(61_000)).toBe('1m 01s');
    expect(workedFor(3_723_000)).toBe('1h 02m 03s');
  });
});

describe('the slash-command popup', () => {
  const rowsOf = (s: ChatState, cols: number, rows: number) => {
    const c = drawChat(s, cols, rows, 0);
    return Array.from({ length: rows }, (_, y) => c.rowText(y));
  };

  it("opens on / with upstream's first eight commands, descriptions and highlight", () => {
    const s = reduce(start(), { type: 'type', text: '/' });
    expect(screen(s, 100, 30)).toEqual(golden('tui-slash-popup', 'popup').slice(0, 30));
    expect(drawChat(s, 100, 30, 0).cells[17][0].style).toEqual({ bold: true, reverse: true });
  });

  it('keeps the commands whose name starts with the typed text, padded to the longest shown', () => {
    const s = reduce(start(), { type: 'type', text: '/st' });
    const rows = rowsOf(s, 100, 30);
    expect(rows.slice(22, 25)).toEqual(['› /status      show current session configuration and token usage', '  /statusline  configure which items appear in the status line', '  /stop        stop all background terminals']);
  });

  it('scrolls to keep the highlight in view, and wraps from the first entry to the last', () => {
    let s = reduce(start(), { type: 'type', text: '/' });
    for (let i = 0; i < 8; i++) s = reduce(s, { type: 'slash-move', delta: 1 });
    let rows = rowsOf(s, 100, 30);
    expect(rows[17]).toMatch(/^ {2}\/fast /);
    expect(rows[24]).toMatch(/^› \/approve /);
    s = reduce(reduce(start(), { type: 'type', text: '/' }), { type: 'slash-move', delta: -1 });
    rows = rowsOf(s, 100, 30);
    expect(rows[17]).toMatch(/^ {2}\/plugins /);
    expect(rows[24]).toMatch(/^› \/subagents /);
  });

  it('narrows as the name is typed, and moves its highlight', () => {
    let s = reduce(start(), { type: 'type', text: '/re' });
    expect(rowsOf(s, 80, 24).join('\n')).toMatch(/› \/review\s+review my current changes/);
    s = reduce(s, { type: 'slash-move', delta: 1 });
    expect(rowsOf(s, 80, 24).join('\n')).toMatch(/› \/rename\s+rename the current thread/);
  });
});

describe('a long transcript', () => {
  const long = () => {
    let s = start();
    for (let i = 1; i <= 40; i++) {
      s = reduce(s, { type: 'submitted', text: `question ${i}`, at: 0 });
      s = reduce(s, { type: 'thread-event', event: { type: 'item.completed', item: { id: `item_${i}`, type: 'agent_message', text: `answer ${i}` } } });
      s = reduce(s, { type: 'turn-ended', at: 1000, now: new Date(2026, 0, 1, 9, 0) });
    }
    return s;
  };

  it('shows its end, and scrolls back a page at a time', () => {
    const s = long();
    const end = drawChat(s, 80, 24, 0);
    const text = (c: ReturnType<typeof drawChat>) => Array.from({ length: 24 }, (_, y) => c.rowText(y)).join('\n');
    expect(text(end)).toMatch(/answer 40/);
    expect(text(end)).not.toMatch(/answer 38\b/);
    // The turn at the top keeps its prompt in view, over the top row (as upstream's).
    expect(end.rowText(0)).toBe('› question 38');
    const up = drawChat(reduce(s, { type: 'scroll', delta: 16 }), 80, 24, 0);
    expect(text(up)).toMatch(/question 38\b/);
    expect(text(up)).not.toMatch(/answer 40/);
  });

  it('stops scrolling at the session header', () => {
    const top = drawChat(reduce(long(), { type: 'scroll', delta: 10_000 }), 80, 24, 0);
    expect(top.rowText(1)).toBe('  >_ csm (v0.1.0)');
  });
});

describe('the shortcuts panel', () => {
  it('is upstream’s three-column panel above the composer, cut to what fits, with its close hint', () => {
    const s = reduce(start(), { type: 'help', open: true });
    expect(screen(s, 100, 30)).toEqual(golden('tui-shortcuts-panel', 'panel').slice(0, 30));
  });

  it('is gone once something is typed', () => {
    const typing = reduce(reduce(start(), { type: 'help', open: true }), { type: 'type', text: 'h' });
    expect(screen(typing, 100, 30)).toEqual(golden('tui-shortcuts-panel', 'hidden').slice(0, 30));
  });
});

describe('a large paste', () => {
  const pasted = Array.from({ length: 40 }, (_, i) => `line${String(i).padStart(3, '0')} of the pasted log with some words`).join(' ');
  it('shows its placeholder in cyan in the composer', () => {
    const s = reduce(reduce(start(), { type: 'type', text: 'see ' }), { type: 'paste', text: pasted });
    const c = drawChat(s, 100, 30, 0);
    expect(c.rowText(26)).toBe('› see [Pasted Content 1679 chars]');
    expect(c.cells[26][6].style).toEqual({ fg: 6 });
    expect(c.cells[26][32].style).toEqual({ fg: 6 });
    expect(c.cells[26][2].style).toEqual({});
  });

  it("once sent, wraps the prompt one column short of the edge and keeps two blank rows above the composer, as upstream's screen", () => {
    let s = reduce(start(), { type: 'submitted', text: `see ${pasted} thanks`, at: 0 });
    s = reduce(s, { type: 'thread-event', event: { type: 'item.completed', item: { id: 'a', type: 'agent_message', text: 'Got your paste.' } } });
    s = reduce(s, { type: 'turn-ended', at: 1000, now: new Date(2026, 0, 1, 9, 0) });
    expect(screen(s, 100, 30).map((r) => r.trimEnd())).toEqual(golden('tui-paste-large', 'sent').slice(0, 30).map((r) => r.replace('Worked for <dur>', 'Worked for 1s').replace(' · Paste', '')).map((r) => normalize(r).trimEnd()));
  });
});

describe('backtrack', () => {
  const browsing = () => {
    let s = reduce(start(), { type: 'submitted', text: 'first prompt', at: 0 });
    s = reduce(s, { type: 'thread-event', event: { type: 'item.completed', item: { id: 'a', type: 'agent_message', text: 'First answer.' } } });
    s = reduce(s, { type: 'turn-ended', at: 1000, now: new Date(2026, 0, 1, 9, 0) });
    return reduce(s, { type: 'backtrack', to: { stage: 'browsing', index: 0 } });
  };

  it("reverses only the browsed prompt's text, dims the composer and hides the cursor after the hint, as upstream's", () => {
    const c = drawChat(browsing(), 100, 30, 0);
    expect(c.cells[5][0].style.reverse).toBeFalsy();
    expect(c.cells[5][2].style).toEqual({ fg: '#eeeeee', bg: '#444444', reverse: true });
    expect(c.cells[5][20].style.reverse).toBeFalsy();
    expect(c.cells[26][0].style).toEqual({ bold: true, dim: true });
    expect(c.rowText(29)).toBe('  Browsing transcript · ↑↓/jk scroll · ←→/hl prompts · ^t details · ↵ rewind · esc back');
    expect(c.cells[29][2].style).toEqual({ fg: '#63a8f8' });
    expect(c.cursor).toEqual({ x: 87, y: 29, visible: false });
  });

  it('shortens the hint where it would not fit', () => {
    expect(drawChat(browsing(), 80, 24, 0).rowText(23)).toBe(golden('tui-backtrack-80x24', 'selecting')[23]);
  });
});

describe('shell mode', () => {
  it('shows ! as the prompt and "Shell mode" in the footer', () => {
    const s = reduce(reduce(start(), { type: 'shell-mode', on: true }), { type: 'type', text: 'ls' });
    expect(screen(s, 100, 30)).toEqual(golden('tui-shell-command-100x30', 'typed').slice(0, 30));
    expect(screen(s, 80, 24)).toEqual(golden('tui-shell-command-80x24', 'typed').slice(0, 24));
  });
});

describe('the window title', () => {
  it('names the workspace folder, after the thread title once it has one, behind a spinner while a turn runs', () => {
    const idle = start();
    expect(windowTitle(idle, 0)).toBe('ws');
    const titled = reduce(idle, { type: 'title', title: 'Fix the build' });
    expect(windowTitle(titled, 0)).toBe('Fix the build | ws');
    const running = { ...titled, runningSince: 1_000 };
    expect(windowTitle(running, 1_000)).toBe('⠋ Fix the build | ws');
    expect(windowTitle(running, 1_150)).toBe('⠙ Fix the build | ws');
  });

  it('never passes control characters from a title on to the terminal', () => {
    expect(windowTitle(reduce(start(), { type: 'title', title: 'evil\x07\x1b]0;x' }), 0)).toBe('evil  ]0;x | ws');
  });
});
