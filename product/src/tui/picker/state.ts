// The session picker's state and its pure reducer. What the picker shows (rows, selection, scroll,
// query) lives here; the effects (index refresh, list pages, debounced searches) live in
// ./picker.ts, which feeds their results back in as actions.
import type { SessionInfo } from '../../core/sessions/rows.ts';
import type { SearchHit } from '../../core/sessions/search.ts';
import { graphemes } from '../screen/canvas.ts';

export type PickerAction = 'resume' | 'fork';
export type PickerMode = 'browse' | 'search';

/** Sessions per list page (keyset paging through SessionStore.list). */
export const PAGE_SIZE = 25;
/** Search hits fetched per query. */
export const SEARCH_LIMIT = 50;
/** The next page loads once the selection is this close to the last loaded row. */
export const PREFETCH_ROWS = 5;

export interface PickerRow {
  id: string;
  /** ms since the epoch */
  updatedAt: number;
  branch: string | null;
  cwd: string | null;
  /** the session's name, else its first prompt, else its preview; one line */
  title: string;
  /** true when `title` is the session's own name */
  named: boolean;
  /** search hits: the best-matching text, matches between « and » */
  snippet?: string;
  /** csm's own tags of the session (`csm sessions tag`), sorted */
  tags?: string[];
}

export interface PickerState {
  action: PickerAction;
  /** every directory (shows the CWD column) */
  all: boolean;
  query: string;
  /** 'search' while the query holds anything but spaces */
  mode: PickerMode;
  rows: PickerRow[];
  selected: number;
  /** first row on screen */
  scroll: number;
  /** list rows on screen (set by the app from the terminal height) */
  viewport: number;
  /** keyset cursor of the next browse page; null when the last page is loaded */
  nextCursor: string | null;
  /** the index refresh is running */
  loading: boolean;
  /** files looked at / to look at by the running refresh, when known */
  progress: { done: number; total: number } | null;
  /** a next page was asked for and has not arrived */
  loadingMore: boolean;
  /** a search for the current query was asked for and has not arrived */
  searching: boolean;
  /** which results `rows` holds: the query they answer ('' for the browse list); null before any arrived */
  shown: string | null;
  /** the last refresh failed: its message */
  error: string | null;
}

export type PickerEvent =
  | { type: 'type'; text: string }
  | { type: 'backspace' }
  | { type: 'clear-query' }
  | { type: 'move'; by: number }
  | { type: 'page'; by: 1 | -1 }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'viewport'; rows: number }
  | { type: 'refresh-progress'; done: number; total: number }
  | { type: 'refresh-done'; error?: string }
  | { type: 'load-more' }
  /** a browse page: `append` adds to the rows (next page), else it replaces them */
  | { type: 'listed'; rows: PickerRow[]; nextCursor: string | null; append: boolean }
  | { type: 'searched'; query: string; rows: PickerRow[] };

export function initialPickerState(o: { action: PickerAction; all: boolean; viewport?: number }): PickerState {
  return {
    action: o.action,
    all: o.all,
    query: '',
    mode: 'browse',
    rows: [],
    selected: 0,
    scroll: 0,
    viewport: Math.max(1, o.viewport ?? 10),
    nextCursor: null,
    loading: true,
    progress: null,
    loadingMore: false,
    searching: false,
    shown: null,
    error: null,
  };
}

const oneLine = (t: string | null | undefined) => (t ?? '').replace(/\s+/g, ' ').trim();

/** A list row for a session (with its tags, if it has any). */
export function rowFromSession(s: SessionInfo, tags: readonly string[] = []): PickerRow {
  const name = oneLine(s.name);
  const title = name || oneLine(s.firstUserMessage) || oneLine(s.preview) || (s.forkedFromId ? `(fork of ${s.forkedFromId.slice(0, 8)})` : '');
  return { id: s.id, updatedAt: s.updatedAt, branch: s.gitBranch, cwd: s.cwd, title, named: Boolean(name), ...(tags.length ? { tags: [...tags] } : {}) };
}

/** A list row for a search hit (the snippet says where the words matched). */
export function rowFromHit(h: SearchHit, tags: readonly string[] = []): PickerRow {
  return { ...rowFromSession(h.session, tags), snippet: oneLine(h.snippet) };
}

/** The tags a query asks for when every word of it is `#tag` (`#release #hotfix`); null for a text query. */
export function tagQuery(query: string): string[] | null {
  const words = query.trim().split(/\s+/).filter(Boolean);
  return words.length && words.every((w) => /^#[^#\s]+$/.test(w)) ? words.map((w) => w.slice(1)) : null;
}

const clamp = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, n));

/** Keeps the selection inside the rows and on screen. */
function settle(s: PickerState): PickerState {
  const last = s.rows.length - 1;
  const selected = last < 0 ? 0 : clamp(s.selected, 0, last);
  let scroll = clamp(s.scroll, 0, Math.max(0, s.rows.length - s.viewport));
  if (selected < scroll) scroll = selected;
  if (selected >= scroll + s.viewport) scroll = selected - s.viewport + 1;
  return selected === s.selected && scroll === s.scroll ? s : { ...s, selected, scroll };
}

/** The query changed: back to the top, and wait for the rows of the new query. */
function withQuery(s: PickerState, query: string): PickerState {
  if (query === s.query) return s;
  const mode: PickerMode = query.trim() ? 'search' : 'browse';
  // Rows stay on screen until the new results replace them (no flicker while typing).
  return {
    ...s,
    query,
    mode,
    selected: 0,
    scroll: 0,
    searching: mode === 'search',
    loadingMore: false,
    nextCursor: mode === 'browse' ? s.nextCursor : null,
  };
}

function dropLastGrapheme(text: string): string {
  return [...graphemes(text)].slice(0, -1).join('');
}

/**
 * Where the selection goes when `rows` replace the rows on screen: new results start at the top;
 * a re-run of the same query (after the refresh) keeps a session the user moved to selected.
 */
function keepSelection(s: PickerState, shown: string, rows: PickerRow[]): number {
  if (s.shown !== shown || s.selected === 0) return 0;
  const id = s.rows[s.selected]?.id;
  const at = id === undefined ? -1 : rows.findIndex((r) => r.id === id);
  return at >= 0 ? at : s.selected;
}

export function reducePicker(s: PickerState, e: PickerEvent): PickerState {
  switch (e.type) {
    case 'type': {
      // Typed or pasted text is one line.
      const text = e.text.replace(/[\r\n\t]+/g, ' ');
      return text ? withQuery(s, s.query + text) : s;
    }
    case 'backspace':
      return s.query ? withQuery(s, dropLastGrapheme(s.query)) : s;
    case 'clear-query':
      return withQuery(s, '');
    case 'move':
      return settle({ ...s, selected: s.selected + e.by });
    case 'page': {
      const by = Math.max(1, s.viewport - 1) * e.by;
      return settle({ ...s, selected: s.selected + by, scroll: s.scroll + by });
    }
    case 'home':
      return settle({ ...s, selected: 0, scroll: 0 });
    case 'end':
      return settle({ ...s, selected: s.rows.length - 1 });
    case 'viewport':
      return settle({ ...s, viewport: Math.max(1, e.rows) });
    case 'refresh-progress':
      return { ...s, progress: { done: e.done, total: e.total } };
    case 'refresh-done':
      return { ...s, loading: false, progress: null, error: e.error ?? null };
    case 'load-more':
      return s.mode === 'browse' && s.nextCursor && !s.loadingMore ? { ...s, loadingMore: true } : s;
    case 'listed': {
      if (s.mode !== 'browse') return s;
      if (e.append) {
        const seen = new Set(s.rows.map((r) => r.id));
        return settle({ ...s, rows: [...s.rows, ...e.rows.filter((r) => !seen.has(r.id))], nextCursor: e.nextCursor, loadingMore: false, shown: '' });
      }
      return settle({ ...s, rows: e.rows, nextCursor: e.nextCursor, loadingMore: false, shown: '', selected: keepSelection(s, '', e.rows) });
    }
    case 'searched': {
      if (s.mode !== 'search' || e.query !== s.query) return s;
      return settle({ ...s, rows: e.rows, searching: false, shown: e.query, nextCursor: null, selected: keepSelection(s, e.query, e.rows) });
    }
  }
}

/** The highlighted session, if any. */
export function selectedRow(s: PickerState): PickerRow | undefined {
  return s.rows[s.selected];
}

/** Whether the next browse page should be loaded now. */
export function wantsMore(s: PickerState): boolean {
  if (s.mode !== 'browse' || !s.nextCursor || s.loadingMore) return false;
  return s.selected + PREFETCH_ROWS >= s.rows.length - 1 || s.scroll + s.viewport > s.rows.length;
}
