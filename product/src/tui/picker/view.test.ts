import { describe, expect, it } from 'vitest';
import type { Canvas } from '../screen/canvas.ts';
import { initialPickerState, reducePicker, type PickerEvent, type PickerRow, type PickerState } from './state.ts';
import { drawPicker, fitSpans, listHeight, shortCwd, snippetSpans } from './view.ts';

const NOW = Date.UTC(2026, 0, 10, 12);
const HOME = '/home/u';
const min = 60_000;

const sessions: PickerRow[] = [
  { id: 'a', updatedAt: NOW - 3 * min, branch: 'main', cwd: '/home/u/src/app', title: 'fix the flaky tests', named: false },
  { id: 'b', updatedAt: NOW - 2 * 60 * min, branch: 'feature/search', cwd: '/srv/other', title: 'release notes', named: true },
  { id: 'c', updatedAt: NOW - 5 * 24 * 60 * min, branch: null, cwd: null, title: '', named: false },
];

const run = (s: PickerState, ...events: PickerEvent[]) => events.reduce(reducePicker, s);
const text = (c: Canvas) => Array.from({ length: c.rows }, (_, y) => c.rowText(y));

function state(o: { action?: 'resume' | 'fork'; all?: boolean; rows?: number } = {}): PickerState {
  const s = initialPickerState({ action: o.action ?? 'resume', all: o.all ?? false, viewport: listHeight(o.rows ?? 10) });
  return run(s, { type: 'listed', rows: sessions, nextCursor: null, append: false }, { type: 'refresh-done' });
}

describe('the picker screen', () => {
  it('lays out title, search line, columns, one row per session and the key hints', () => {
    const c = drawPicker(state(), 80, 10, { now: NOW, home: HOME });
    expect(text(c)).toEqual([
      'Resume a previous session',
      'Type to search',
      '  Updated  Branch          Conversation',
      '› 3m ago   main            fix the flaky tests',
      '  2h ago   feature/search  release notes',
      '  5d ago   -               -',
      '',
      '',
      '',
      'enter to resume · esc to start new · ctrl+c to quit · ↑/↓ to browse',
    ]);
    // Title and header bold, the placeholder dim, the selected row bold; the cursor on the search line.
    expect(c.cells[0][0].style).toEqual({ bold: true });
    expect(c.cells[1][0].style).toEqual({ dim: true });
    expect(c.cells[2][2].style).toEqual({ bold: true });
    expect(c.cells[3][0]).toEqual({ ch: '›', style: { bold: true } });
    expect(c.cells[3][30].style.bold).toBe(true);
    expect(c.cells[4][30].style.bold).toBeFalsy();
    expect(c.cells[9][0].style).toEqual({});
    expect(c.cells[9][6].style).toEqual({ dim: true });
    expect(c.cursor).toEqual({ x: 0, y: 1, visible: true });
  });

  it('says fork for `csm fork`, and shows the CWD column (with ~) for --all', () => {
    const c = drawPicker(state({ action: 'fork', all: true }), 80, 10, { now: NOW, home: HOME });
    const t = text(c);
    expect(t[0]).toBe('Fork a previous session');
    expect(t[2]).toBe('  Updated  Branch          CWD         Conversation');
    expect(t[3]).toBe('› 3m ago   main            ~/src/app   fix the flaky tests');
    expect(t[4]).toBe('  2h ago   feature/search  /srv/other  release notes');
    expect(t[5]).toBe('  5d ago   -               -           -');
    expect(t[9]).toBe('enter to fork · esc to start new · ctrl+c to quit · ↑/↓ to browse');
  });

  it('moves the highlight with the selection', () => {
    const c = drawPicker(run(state(), { type: 'move', by: 1 }), 80, 10, { now: NOW, home: HOME });
    expect(c.rowText(3)).toBe('  3m ago   main            fix the flaky tests');
    expect(c.rowText(4)).toBe('› 2h ago   feature/search  release notes');
    expect(c.cells[4][2].style.bold).toBe(true);
    expect(c.cells[3][2].style.bold).toBeFalsy();
  });

  it('shows the query with the cursor after it, and search hits as snippets with the matches bold', () => {
    let s = run(state(), { type: 'type', text: 'needle' });
    s = run(s, {
      type: 'searched',
      query: 'needle',
      rows: [
        { ...sessions[1], snippet: '…where the «needle» was found in the haystack…' },
        { ...sessions[0], snippet: 'a «needle» and another «needle»' },
      ],
    });
    const c = drawPicker(s, 90, 8, { now: NOW, home: HOME });
    expect(text(c)).toEqual([
      'Resume a previous session',
      'needle',
      '  Updated  Branch          Conversation',
      '› 2h ago   feature/search  release notes · …where the needle was found in the haystack…',
      '  3m ago   main            fix the flaky tests · a needle and another needle',
      '',
      '',
      'enter to resume · esc to start new · ctrl+c to quit · ↑/↓ to browse',
    ]);
    expect(c.cursor).toEqual({ x: 6, y: 1, visible: true });
    const row = c.rowText(4);
    const at = row.indexOf('needle');
    expect(c.cells[4][at].style).toEqual({ bold: true });
    expect(c.cells[4][at - 2].style).toEqual({ dim: true });
    expect(c.cells[4][30].style).toEqual({});
  });

  it('keeps the first match on screen when a snippet is too long', () => {
    let s = run(state(), { type: 'type', text: 'needle' });
    const snippet = `${'lots of words before the match '.repeat(3)}«needle» and after`;
    s = run(s, { type: 'searched', query: 'needle', rows: [{ ...sessions[0], snippet }] });
    const line = drawPicker(s, 60, 8, { now: NOW, home: HOME }).rowText(3);
    expect(line).toContain('needle');
    expect(line.length).toBeLessThanOrEqual(60);
    expect(line).toMatch(/Conversation|…/);
  });

  it('leaves the title out of a hit whose snippet repeats it, and narrow columns to the snippet', () => {
    let s = run(state(), { type: 'type', text: 'flaky' });
    s = run(s, { type: 'searched', query: 'flaky', rows: [{ ...sessions[0], snippet: '…the «flaky» tests' }, { ...sessions[1], snippet: 'very «flaky» indeed' }] });
    expect(drawPicker(s, 80, 8, { now: NOW, home: HOME }).rowText(3)).toBe('› 3m ago   main            …the flaky tests');
    expect(drawPicker(s, 80, 8, { now: NOW, home: HOME }).rowText(4)).toBe('  2h ago   feature/search  release notes · very flaky indeed');
    expect(drawPicker(s, 50, 8, { now: NOW, home: HOME }).rowText(4)).toBe('  2h ago   feature/search  very flaky indeed');
  });

  it('drops the key hints that do not fit whole', () => {
    expect(drawPicker(state(), 50, 8, { now: NOW }).rowText(7)).toBe('enter to resume · esc to start new');
  });

  it('tells what is going on when there is nothing to list', () => {
    const fresh = initialPickerState({ action: 'resume', all: false, viewport: 6 });
    expect(drawPicker(fresh, 80, 10, { now: NOW }).rowText(3)).toBe('  Loading sessions…');
    const empty = run(fresh, { type: 'listed', rows: [], nextCursor: null, append: false }, { type: 'refresh-done' });
    expect(drawPicker(empty, 80, 10, { now: NOW }).rowText(3)).toBe('  No sessions yet');
    const searching = run(empty, { type: 'type', text: 'zzz' });
    expect(drawPicker(searching, 80, 10, { now: NOW }).rowText(3)).toBe('  Searching…');
    const none = run(searching, { type: 'searched', query: 'zzz', rows: [] });
    expect(drawPicker(none, 80, 10, { now: NOW }).rowText(3)).toBe('  No results for your search');
  });

  it('shows the refresh progress, or its failure, right of the title', () => {
    const s = run(initialPickerState({ action: 'resume', all: false }), { type: 'refresh-progress', done: 4, total: 120 });
    expect(drawPicker(s, 60, 10, { now: NOW }).rowText(0)).toBe(`Resume a previous session${' '.repeat(60 - 25 - 15)}Indexing 4/120…`);
    const failed = run(s, { type: 'refresh-done', error: 'disk I/O error' });
    expect(drawPicker(failed, 80, 10, { now: NOW }).rowText(0)).toMatch(/^Resume a previous session +Index refresh failed: disk I\/O error$/);
  });

  it('scrolls a long list to keep the selection on screen', () => {
    const many: PickerRow[] = Array.from({ length: 30 }, (_, i) => ({ ...sessions[0], id: `s${i}`, title: `session ${i}` }));
    let s = run(initialPickerState({ action: 'resume', all: false, viewport: listHeight(10) }), { type: 'listed', rows: many, nextCursor: null, append: false });
    s = run(s, { type: 'move', by: 20 });
    const t = text(drawPicker(s, 80, 10, { now: NOW, home: HOME }));
    expect(t.slice(3, 9).map((l) => l.slice(-10).trim())).toEqual(['session 15', 'session 16', 'session 17', 'session 18', 'session 19', 'session 20']);
    expect(t[8].startsWith('›')).toBe(true);
  });

  it('cuts long cells with an ellipsis and never writes past the edge', () => {
    const long: PickerRow = { ...sessions[0], branch: 'a-very-long-branch-name-that-goes-on', title: 'x'.repeat(200) };
    const s = run(initialPickerState({ action: 'resume', all: false }), { type: 'listed', rows: [long], nextCursor: null, append: false });
    const line = drawPicker(s, 50, 8, { now: NOW }).rowText(3);
    expect(line).toHaveLength(50);
    expect(line.endsWith('x…')).toBe(true);
    expect(line).toContain('a-very-long-branch-name…');
  });

  it('survives tiny terminals', () => {
    expect(() => drawPicker(state({ all: true }), 10, 3, { now: NOW })).not.toThrow();
    expect(() => drawPicker(state(), 1, 1, { now: NOW })).not.toThrow();
  });
});

describe('picker view helpers', () => {
  it('turn «» markers into bold spans', () => {
    expect(snippetSpans('a «b» c «d')).toEqual([
      { text: 'a ', style: { dim: true } },
      { text: 'b', style: { bold: true } },
      { text: ' c ', style: { dim: true } },
      { text: 'd', style: { bold: true } },
    ]);
    expect(snippetSpans('plain » text')).toEqual([{ text: 'plain  text', style: { dim: true } }]);
  });

  it('fit spans by display width', () => {
    expect(fitSpans([{ text: 'abc' }, { text: 'def' }], 6)).toEqual([{ text: 'abc' }, { text: 'def' }]);
    expect(fitSpans([{ text: 'abc' }, { text: 'def' }], 5).map((s) => s.text)).toEqual(['abc', 'd', '…']);
    expect(fitSpans([{ text: '日本語' }], 4).map((s) => s.text)).toEqual(['日', '…']);
    expect(fitSpans([{ text: 'abc' }], 0)).toEqual([]);
  });

  it('shorten directories: ~ for home, the tail when too long', () => {
    expect(shortCwd('/home/u', 20, '/home/u')).toBe('~');
    expect(shortCwd('/home/u/a/b', 20, '/home/u')).toBe('~/a/b');
    expect(shortCwd('/home/user2/x', 20, '/home/u')).toBe('/home/user2/x');
    expect(shortCwd('/very/long/path/to/project', 12, '/home/u')).toBe('…/to/project');
    expect(shortCwd(null, 12, '/home/u')).toBe('-');
  });
});
