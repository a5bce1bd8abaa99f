import { describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../core/sessions/rows.ts';
import {
  tagQuery,
  initialPickerState,
  reducePicker,
  rowFromHit,
  rowFromSession,
  selectedRow,
  wantsMore,
  type PickerEvent,
  type PickerRow,
  type PickerState,
} from './state.ts';

const row = (n: number, extra: Partial<PickerRow> = {}): PickerRow => ({
  id: `id-${n}`,
  updatedAt: 1_000_000 - n,
  branch: 'main',
  cwd: '/w',
  title: `session ${n}`,
  named: false,
  ...extra,
});
const rows = (from: number, n: number) => Array.from({ length: n }, (_, i) => row(from + i));

const run = (s: PickerState, ...events: PickerEvent[]) => events.reduce(reducePicker, s);
const start = (viewport = 5) => initialPickerState({ action: 'resume', all: false, viewport });
const listed = (s: PickerState, r: PickerRow[], nextCursor: string | null = null) => run(s, { type: 'listed', rows: r, nextCursor, append: false });

function session(over: Partial<SessionInfo>): SessionInfo {
  return {
    id: 'x',
    path: '/p',
    archived: false,
    cwd: '/w',
    createdAt: 0,
    updatedAt: 5,
    source: 'cli',
    originator: null,
    model: null,
    provider: null,
    gitBranch: 'dev',
    gitSha: null,
    name: null,
    firstUserMessage: null,
    preview: null,
    userTurns: 1,
    totalTokens: null,
    size: 1,
    forkedFromId: null,
    historyMode: 'paginated',
    malformedLines: 0,
    pinned: false,
    tags: [],
    ...over,
  };
}

describe('picker rows', () => {
  it('title a session by its name, else its first prompt on one line, else its preview', () => {
    expect(rowFromSession(session({ name: 'fruit salad', firstUserMessage: 'hello' }))).toMatchObject({ title: 'fruit salad', named: true, branch: 'dev', updatedAt: 5 });
    expect(rowFromSession(session({ firstUserMessage: 'fix\n  the   tests\n', preview: 'p' }))).toMatchObject({ title: 'fix the tests', named: false });
    expect(rowFromSession(session({ preview: 'the answer' })).title).toBe('the answer');
    expect(rowFromSession(session({ forkedFromId: '0123456789' })).title).toBe('(fork of 01234567)');
  });

  it('carry the snippet of a search hit, on one line', () => {
    const r = rowFromHit({ session: session({ firstUserMessage: 'q' }), snippet: '…the «needle»\nhere', turn: 3, role: 'agent', rank: -1 });
    expect(r).toMatchObject({ title: 'q', snippet: '…the «needle» here' });
  });
});

describe('the picker reducer', () => {
  it('starts loading, in browse mode, with nothing shown', () => {
    const s = start();
    expect(s).toMatchObject({ mode: 'browse', query: '', rows: [], loading: true, shown: null, selected: 0 });
    expect(selectedRow(s)).toBeUndefined();
  });

  it('moves the selection within the rows and scrolls to keep it on screen', () => {
    let s = listed(start(5), rows(0, 12));
    expect(selectedRow(s)?.id).toBe('id-0');
    s = run(s, { type: 'move', by: -1 });
    expect(s.selected).toBe(0);
    s = run(s, { type: 'move', by: 1 }, { type: 'move', by: 1 }, { type: 'move', by: 1 }, { type: 'move', by: 1 });
    expect([s.selected, s.scroll]).toEqual([4, 0]);
    s = run(s, { type: 'move', by: 1 });
    expect([s.selected, s.scroll]).toEqual([5, 1]);
    s = run(s, { type: 'end' });
    expect([s.selected, s.scroll]).toEqual([11, 7]);
    s = run(s, { type: 'move', by: 1 });
    expect(s.selected).toBe(11);
    s = run(s, { type: 'move', by: -5 });
    expect([s.selected, s.scroll]).toEqual([6, 6]);
    s = run(s, { type: 'home' });
    expect([s.selected, s.scroll]).toEqual([0, 0]);
  });

  it('pages by a screen less one row, and clamps at both ends', () => {
    let s = listed(start(5), rows(0, 12));
    s = run(s, { type: 'page', by: 1 });
    expect([s.selected, s.scroll]).toEqual([4, 4]);
    s = run(s, { type: 'page', by: 1 }, { type: 'page', by: 1 });
    expect([s.selected, s.scroll]).toEqual([11, 7]);
    s = run(s, { type: 'page', by: -1 });
    expect([s.selected, s.scroll]).toEqual([7, 3]);
    s = run(s, { type: 'page', by: -1 }, { type: 'page', by: -1 });
    expect([s.selected, s.scroll]).toEqual([0, 0]);
  });

  it('keeps the selection on screen when the viewport shrinks', () => {
    let s = run(listed(start(10), rows(0, 20)), { type: 'move', by: 8 });
    s = run(s, { type: 'viewport', rows: 3 });
    expect([s.selected, s.scroll]).toEqual([8, 6]);
  });

  it('typing switches to search mode at the top; clearing the query goes back to browsing', () => {
    let s = run(listed(start(), rows(0, 10)), { type: 'move', by: 3 });
    s = run(s, { type: 'type', text: 'nee' });
    expect(s).toMatchObject({ query: 'nee', mode: 'search', selected: 0, scroll: 0, searching: true, nextCursor: null });
    // The old rows stay until the results arrive.
    expect(s.rows).toHaveLength(10);
    s = run(s, { type: 'type', text: 'dle\n' });
    expect(s.query).toBe('needle ');
    s = run(s, { type: 'backspace' }, { type: 'backspace' });
    expect(s.query).toBe('needl');
    s = run(s, { type: 'clear-query' });
    expect(s).toMatchObject({ query: '', mode: 'browse', searching: false });
  });

  it('only spaces in the query are still browsing', () => {
    const s = run(start(), { type: 'type', text: '  ' });
    expect(s).toMatchObject({ query: '  ', mode: 'browse', searching: false });
  });

  it('backspace removes a whole grapheme', () => {
    const s = run(start(), { type: 'type', text: 'ok👍🏽' }, { type: 'backspace' });
    expect(s.query).toBe('ok');
    expect(run(start(), { type: 'backspace' })).toEqual(start());
  });

  it('takes search results for the current query only', () => {
    let s = run(listed(start(), rows(0, 10)), { type: 'type', text: 'alpha' });
    const stale = run(s, { type: 'searched', query: 'alp', rows: [row(50)] });
    expect(stale).toBe(s);
    s = run(s, { type: 'searched', query: 'alpha', rows: [row(7, { snippet: 'the «alpha»' }), row(8)] });
    expect(s).toMatchObject({ searching: false, shown: 'alpha', selected: 0 });
    expect(s.rows.map((r) => r.id)).toEqual(['id-7', 'id-8']);
    // A list page that arrives while searching is not shown.
    expect(run(s, { type: 'listed', rows: rows(0, 3), nextCursor: null, append: false })).toBe(s);
  });

  it('a re-run of the same search keeps the selected session; a new query starts at the top', () => {
    let s = run(start(), { type: 'type', text: 'a' }, { type: 'searched', query: 'a', rows: rows(0, 5) }, { type: 'move', by: 2 });
    s = run(s, { type: 'searched', query: 'a', rows: [row(9), ...rows(0, 5)] });
    expect(selectedRow(s)?.id).toBe('id-2');
    s = run(s, { type: 'type', text: 'b' }, { type: 'searched', query: 'ab', rows: [row(9), row(2)] });
    expect(selectedRow(s)?.id).toBe('id-9');
  });

  it('a re-list (after the refresh) keeps the selected session selected', () => {
    let s = run(listed(start(), rows(0, 5)), { type: 'move', by: 3 });
    s = listed(s, [row(100), ...rows(0, 5)]);
    expect(selectedRow(s)?.id).toBe('id-3');
    // Gone: the selection stays where it was, inside the rows.
    s = listed(s, rows(10, 2));
    expect(selectedRow(s)?.id).toBe('id-11');
    // Back from a search: the top.
    s = run(s, { type: 'type', text: 'q' }, { type: 'searched', query: 'q', rows: rows(0, 3) }, { type: 'move', by: 2 }, { type: 'clear-query' });
    s = listed(s, rows(0, 5));
    expect(s.selected).toBe(0);
  });

  it('asks for the next page as the selection nears the end, once', () => {
    let s = listed(start(5), rows(0, 25), 'c1');
    expect(wantsMore(s)).toBe(false);
    s = run(s, { type: 'move', by: 19 });
    expect(wantsMore(s)).toBe(true);
    s = run(s, { type: 'load-more' });
    expect(s.loadingMore).toBe(true);
    expect(wantsMore(s)).toBe(false);
    s = run(s, { type: 'listed', rows: [row(24), ...rows(25, 25)], nextCursor: null, append: true });
    expect(s.rows).toHaveLength(50);
    expect(s).toMatchObject({ loadingMore: false, nextCursor: null, selected: 19 });
    s = run(s, { type: 'end' });
    expect(wantsMore(s)).toBe(false);
  });

  it('asks for more when the first page does not fill a tall screen', () => {
    expect(wantsMore(listed(start(40), rows(0, 25), 'c1'))).toBe(true);
    expect(wantsMore(listed(start(40), rows(0, 25), null))).toBe(false);
  });

  it('never pages while searching', () => {
    let s = run(listed(start(5), rows(0, 25), 'c1'), { type: 'end' });
    expect(wantsMore(s)).toBe(true);
    s = run(s, { type: 'type', text: 'x' });
    expect(wantsMore(s)).toBe(false);
    expect(run(s, { type: 'load-more' })).toBe(s);
  });

  it('tracks the refresh: progress, then done (or failed)', () => {
    let s = run(start(), { type: 'refresh-progress', done: 3, total: 9 });
    expect(s).toMatchObject({ loading: true, progress: { done: 3, total: 9 } });
    s = run(s, { type: 'refresh-done' });
    expect(s).toMatchObject({ loading: false, progress: null, error: null });
    expect(run(start(), { type: 'refresh-done', error: 'disk full' })).toMatchObject({ loading: false, error: 'disk full' });
  });

  it('never selects past an empty list', () => {
    const s = run(listed(start(), []), { type: 'move', by: 3 }, { type: 'end' }, { type: 'page', by: 1 });
    expect([s.selected, s.scroll]).toEqual([0, 0]);
    expect(selectedRow(s)).toBeUndefined();
  });
});

describe('tagQuery', () => {
  it('reads a query of #words as the tags it asks for, and anything else as text', () => {
    expect(tagQuery('#release')).toEqual(['release']);
    expect(tagQuery('  #release   #q3 ')).toEqual(['release', 'q3']);
    expect(tagQuery('#release notes')).toBeNull();
    expect(tagQuery('#')).toBeNull();
    expect(tagQuery('')).toBeNull();
  });
});
