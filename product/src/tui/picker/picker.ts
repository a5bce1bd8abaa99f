// The session picker that `csm resume` / `csm fork` open when no session is named: upstream's
// resume picker, with csm's full-text search. It shows the index as it is at once, brings it up to
// date in the background (re-querying when that finishes), pages through the list as the
// selection moves down, and searches every message as the user types.
import { StringDecoder } from 'node:string_decoder';
import { SessionStore } from '../../core/sessions/store.ts';
import { parseKeys, type Key } from '../keys.ts';
import { CLEAR_SCREEN, diffFrames, ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN } from '../screen/ansi.ts';
import type { Canvas } from '../screen/canvas.ts';
import {
  initialPickerState,
  PAGE_SIZE,
  reducePicker,
  rowFromHit,
  rowFromSession,
  SEARCH_LIMIT,
  selectedRow,
  wantsMore,
  type PickerAction,
  type PickerEvent,
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

class Picker {
  private state: PickerState;
  private shown: Canvas | null = null;
  private finished = false;
  private finish!: (r: PickResult) => void;
  private fail!: (e: unknown) => void;
  private renderQueued: NodeJS.Immediate | null = null;
  private searchTimer: NodeJS.Timeout | null = null;
  private progressTimer: NodeJS.Timeout | null = null;
  private progress: { done: number; total: number } | null = null;
  private readonly refreshAbort = new AbortController();
  private refreshing: Promise<unknown> = Promise.resolve();
  private readonly decoder = new StringDecoder('utf8');

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
    const { input, output } = this.o;
    const onData = (d: Buffer | string) => this.guard(() => this.onKeys(parseKeys(typeof d === 'string' ? d : this.decoder.write(d))));
    const onResize = () => this.guard(() => this.onResize());
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
        output.write(ENTER_ALT_SCREEN);
        if (input.isTTY) input.setRawMode(true);
        input.on('data', onData);
        input.resume();
        output.on('resize', onResize);
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
      input.off('data', onData);
      output.off('resize', onResize);
      if (input.isTTY) input.setRawMode(false);
      input.pause();
      output.write(LEAVE_ALT_SCREEN);
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
    const next = drawPicker(this.state, cols, rows);
    this.o.output.write(diffFrames(this.shown, next));
    this.shown = next;
  }

  private onResize(): void {
    this.shown = null;
    this.o.output.write(CLEAR_SCREEN);
    this.state = reducePicker(this.state, { type: 'viewport', rows: listHeight(this.size().rows) });
    if (wantsMore(this.state)) this.loadMore();
    this.render();
  }

  private onKeys(keys: Key[]): void {
    for (const k of keys) {
      if (this.finished) return;
      const move = MOVE_KEYS[k.kind];
      if (move) {
        this.dispatch(move);
        continue;
      }
      switch (k.kind) {
        case 'text':
          this.editQuery({ type: 'type', text: k.text });
          break;
        case 'backspace':
          this.editQuery({ type: 'backspace' });
          break;
        case 'enter': {
          const row = selectedRow(this.state);
          if (row) this.finish({ kind: 'picked', id: row.id });
          break;
        }
        case 'escape':
          this.finish({ kind: 'new' });
          break;
        case 'ctrl-c':
          this.finish({ kind: 'quit' });
          break;
        default:
          break;
      }
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
    this.dispatch({ type: 'listed', rows: page.items.map(rowFromSession), nextCursor: page.nextCursor, append: false });
  }

  private loadMore(): void {
    const cursor = this.state.nextCursor;
    if (!wantsMore(this.state) || !cursor) return;
    this.dispatch({ type: 'load-more' });
    const page = this.store.list({ cwd: this.o.cwd, all: this.o.all, sort: 'updated', limit: PAGE_SIZE, cursor });
    this.dispatch({ type: 'listed', rows: page.items.map(rowFromSession), nextCursor: page.nextCursor, append: true });
  }

  private search(): void {
    const query = this.state.query;
    if (this.state.mode !== 'search') return;
    const hits = this.store.search(query, { limit: SEARCH_LIMIT, cwd: this.o.all ? undefined : this.o.cwd });
    this.dispatch({ type: 'searched', query, rows: hits.map(rowFromHit) });
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
