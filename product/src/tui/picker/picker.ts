// The session picker that `csm resume` / `csm fork` open when no session is named: upstream's
// resume picker, with csm's full-text search. It shows the index as it is at once, brings it up to
// date in the background (re-querying when that finishes), pages through the list as the
// selection moves down, and searches every message as the user types.
import { existsSync } from 'node:fs';
import { labelsPath } from '../../core/sessions/ops/labels-path.ts';
import { readLabels } from '../../core/sessions/ops/labels.ts';
import { SessionStore } from '../../core/sessions/store.ts';
import type { Key } from '../screen/keys.ts';
import { Terminal, type TerminalEvent } from '../screen/terminal.ts';
import {
  initialPickerState,
  PAGE_SIZE,
  reducePicker,
  rowFromHit,
  rowFromSession,
  SEARCH_LIMIT,
  selectedRow,
  tagQuery,
  wantsMore,
  type PickerAction,
  type PickerEvent,
  type PickerRow,
  type PickerState,
} from './state.ts';
import { drawPicker, listHeight } from './view.ts';

export type PickResult = { kind: 'picked'; id: string } | { kind: 'new' } | { kind: 'quit' };

export interface PickOptions {
  codexHome: string;
  /** the directory whose sessions are listed (unless `all`) */
  cwd: string;
  /** sessions from every directory (and the CWD column) */
  all: boolean;
  action: PickerAction;
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
  /** the terminal already owned by the view this picker opens over (the chat's /resume); else the picker owns one */
  terminal?: Terminal;
  /** wait after the last keystroke before searching (default 80 ms) */
  searchDebounceMs?: number;
}

/** Keystrokes typed within this long of each other search once. */
export const SEARCH_DEBOUNCE_MS = 80;
/** Refresh progress is shown (and a cold index re-listed) at most this often. */
const PROGRESS_EVERY_MS = 100;
/** Relative ages ("3m ago") are redrawn this often. */
const CLOCK_EVERY_MS = 30_000;
/** SessionStore.list's largest page (a re-list after the refresh keeps what was loaded). */
const MAX_LIST = 1000;

/** Lets the user pick a session: enter picks it, esc starts a new one, ctrl-c quits. */
export async function pickSession(o: PickOptions): Promise<PickResult> {
  const store = SessionStore.open(o.codexHome);
  return new Picker(o, store).run();
}

/** Keys that move the selection, and how. */
const MOVE_KEYS: Partial<Record<Key['kind'], PickerEvent>> = {
  up: { type: 'move', by: -1 },
  down: { type: 'move', by: 1 },
  pageup: { type: 'page', by: -1 },
  pagedown: { type: 'page', by: 1 },
  home: { type: 'home' },
  end: { type: 'end' },
};

/** The picker's other keys: erase a character of the query, pick the selection, start a new session, quit. */
const ACTION_KEYS: Partial<Record<Key['kind'], 'erase' | 'pick' | 'new' | 'quit'>> = {
  backspace: 'erase',
  enter: 'pick',
  escape: 'new',
  'ctrl-c': 'quit',
};

class Picker {
  private state: PickerState;
  private finished = false;
  private finish!: (r: PickResult) => void;
  private fail!: (e: unknown) => void;
  private renderQueued: NodeJS.Immediate | null = null;
  private searchTimer: NodeJS.Timeout | null = null;
  private progressTimer: NodeJS.Timeout | null = null;
  private progress: { done: number; total: number } | null = null;
  private readonly refreshAbort = new AbortController();
  private refreshing: Promise<unknown> = Promise.resolve();
  private terminal!: Terminal;

  constructor(
    private readonly o: PickOptions,
    private readonly store: SessionStore,
  ) {
    this.state = initialPickerState({ action: o.action, all: o.all, viewport: listHeight(this.size().rows) });
  }

  private size(): { cols: number; rows: number } {
    return { cols: this.o.output.columns || 80, rows: this.o.output.rows || 24 };
  }

  async run(): Promise<PickResult> {
    const owned = !this.o.terminal;
    this.terminal = this.o.terminal ?? Terminal.open({ input: this.o.input, output: this.o.output }, { signals: this.o.input.isTTY === true });
    const release = this.terminal.handle((e) => this.guard(() => this.onEvent(e)));
    const clock = setInterval(() => this.scheduleRender(), CLOCK_EVERY_MS);
    clock.unref();
    try {
      return await new Promise<PickResult>((resolve, reject) => {
        this.finish = (r) => {
          if (this.finished) return;
          this.finished = true;
          resolve(r);
        };
        this.fail = (e) => {
          if (this.finished) return;
          this.finished = true;
          reject(e);
        };
        this.guard(() => {
          // What the index already knows, at once; then bring it up to date.
          this.reloadList();
          this.startRefresh();
          this.render();
        });
      });
    } finally {
      this.finished = true;
      clearInterval(clock);
      if (this.renderQueued) clearImmediate(this.renderQueued);
      if (this.searchTimer) clearTimeout(this.searchTimer);
      if (this.progressTimer) clearTimeout(this.progressTimer);
      release();
      if (owned) this.terminal.close();
      // The refresh stops at its next file or batch; its committed work stays in the index.
      this.refreshAbort.abort();
      await this.refreshing.catch(() => undefined);
      this.store.close();
    }
  }

  /** Runs UI work; an error ends the picker (and restores the terminal) instead of crashing. */
  private guard(fn: () => void): void {
    if (this.finished) return;
    try {
      fn();
    } catch (e) {
      this.fail(e);
    }
  }

  private dispatch(e: PickerEvent): void {
    this.state = reducePicker(this.state, e);
    this.scheduleRender();
    // A page is one keyset query on the index: loaded at once, so held-down keys keep moving.
    if (wantsMore(this.state)) this.loadMore();
  }

  private scheduleRender(): void {
    if (this.renderQueued || this.finished) return;
    this.renderQueued = setImmediate(() => {
      this.renderQueued = null;
      this.guard(() => this.render());
    });
  }

  private render(): void {
    const { cols, rows } = this.size();
    this.terminal.draw(drawPicker(this.state, cols, rows));
  }

  private onEvent(e: TerminalEvent): void {
    if (e.kind === 'resize') this.onResize();
    else this.onKey(e);
  }

  private onResize(): void {
    this.state = reducePicker(this.state, { type: 'viewport', rows: listHeight(this.size().rows) });
    if (wantsMore(this.state)) this.loadMore();
    this.render();
  }

  private onKey(k: Key): void {
    if (this.finished) return;
    const move = MOVE_KEYS[k.kind];
    if (move) return this.dispatch(move);
    if (k.kind === 'text' || k.kind === 'paste') return this.editQuery({ type: 'type', text: k.text.replace(/\s+/g, ' ') });
    switch (ACTION_KEYS[k.kind]) {
      case 'erase':
        return this.editQuery({ type: 'backspace' });
      case 'pick': {
        const row = selectedRow(this.state);
        if (row) this.finish({ kind: 'picked', id: row.id });
        return;
      }
      case 'new':
        return this.finish({ kind: 'new' });
      case 'quit':
        return this.finish({ kind: 'quit' });
    }
  }

  private editQuery(e: PickerEvent): void {
    const before = this.state.query;
    this.dispatch(e);
    if (this.state.query === before) return;
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = null;
    if (this.state.mode === 'search') {
      this.searchTimer = setTimeout(() => {
        this.searchTimer = null;
        this.guard(() => this.search());
      }, this.o.searchDebounceMs ?? SEARCH_DEBOUNCE_MS);
    } else if (before.trim()) this.reloadList(PAGE_SIZE);
  }

  /** The first page(s) of the list again; `limit` defaults to what is loaded, so the selection keeps its place. */
  private reloadList(limit = Math.max(PAGE_SIZE, this.state.rows.length)): void {
    const page = this.store.list({ cwd: this.o.cwd, all: this.o.all, sort: 'updated', limit: Math.min(limit, MAX_LIST) });
    this.dispatch({ type: 'listed', rows: page.items.map((s) => rowFromSession(s, this.tagsOf(s.id))), nextCursor: page.nextCursor, append: false });
  }

  /** csm's tags (the labels side file, read again after each refresh: it is small, and `csm sessions tag` may have run meanwhile). */
  private labels: ReturnType<typeof readLabels> | null = null;
  private tagsOf(id: string): string[] {
    this.labels ??= existsSync(labelsPath(this.o.codexHome)) ? readLabels(this.o.codexHome) : new Map();
    return this.labels.get(id)?.tags ?? [];
  }

  /** The sessions with every one of `tags`, newest first (in this directory unless `all`). */
  private tagged(tags: string[]): PickerRow[] {
    this.tagsOf('');
    const rows: PickerRow[] = [];
    for (const [id, l] of this.labels!) {
      if (!tags.every((t) => l.tags.includes(t))) continue;
      const s = this.store.get(id);
      if (s && !s.archived && (this.o.all || s.cwd === this.o.cwd)) rows.push(rowFromSession(s, l.tags));
    }
    return rows.sort((a, b) => b.updatedAt - a.updatedAt).slice(0, SEARCH_LIMIT);
  }

  private loadMore(): void {
    const cursor = this.state.nextCursor;
    if (!wantsMore(this.state) || !cursor) return;
    this.dispatch({ type: 'load-more' });
    const page = this.store.list({ cwd: this.o.cwd, all: this.o.all, sort: 'updated', limit: PAGE_SIZE, cursor });
    this.dispatch({ type: 'listed', rows: page.items.map((s) => rowFromSession(s, this.tagsOf(s.id))), nextCursor: page.nextCursor, append: true });
  }

  private search(): void {
    const query = this.state.query;
    if (this.state.mode !== 'search') return;
    const tags = tagQuery(query);
    if (tags) return this.dispatch({ type: 'searched', query, rows: this.tagged(tags) });
    const hits = this.store.search(query, { limit: SEARCH_LIMIT, cwd: this.o.all ? undefined : this.o.cwd });
    this.dispatch({ type: 'searched', query, rows: hits.map((h) => rowFromHit(h, this.tagsOf(h.session.id))) });
  }

  /** The current results again, from the index as it is now. */
  private requery(): void {
    if (this.state.mode === 'browse') this.reloadList();
    else if (!this.searchTimer) this.search();
  }

  private startRefresh(): void {
    this.refreshing = this.store
      .refresh({
        signal: this.refreshAbort.signal,
        onProgress: (done, total) => {
          this.progress = { done, total };
          this.progressTimer ??= setTimeout(() => {
            this.progressTimer = null;
            this.guard(() => this.showProgress());
          }, PROGRESS_EVERY_MS);
        },
      })
      .then(
        () =>
          this.guard(() => {
            this.clearProgress();
            this.dispatch({ type: 'refresh-done' });
            this.labels = null;
            this.requery();
          }),
        (e: unknown) =>
          this.guard(() => {
            this.clearProgress();
            // The index keeps what was committed; the picker stays usable with it.
            this.dispatch({ type: 'refresh-done', error: e instanceof Error ? e.message : String(e) });
            this.requery();
          }),
      );
  }

  private showProgress(): void {
    if (!this.progress) return;
    this.dispatch({ type: 'refresh-progress', ...this.progress });
    // A cold index fills in batches: list what is there while the screen is not full yet.
    if (this.state.mode === 'browse' && this.state.rows.length < this.state.viewport) this.reloadList();
  }

  private clearProgress(): void {
    if (this.progressTimer) clearTimeout(this.progressTimer);
    this.progressTimer = null;
    this.progress = null;
  }
}
