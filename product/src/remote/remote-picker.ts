// `csm --remote ADDR resume` / `fork` with no session named: the sessions are the app-server's, so
// they are listed with thread/list (newest update first, interactive sources, as upstream's TUI lists
// them over a connection) and picked in the resume picker csm shows locally (tui/picker/: its state
// and its drawing). `--last` takes the newest without asking. Upstream's TUI does this on a
// connection of its own, closed before the chat connects; so does this.
import type { Key } from '../tui/screen/keys.ts';
import { Terminal, type TerminalEvent } from '../tui/screen/terminal.ts';
import { initialPickerState, PAGE_SIZE, reducePicker, selectedRow, wantsMore, type PickerAction, type PickerEvent, type PickerRow, type PickerState } from '../tui/picker/state.ts';
import { drawPicker, listHeight } from '../tui/picker/view.ts';
import type { ProtocolThread } from '../app-server/protocol.ts';
import type { RemoteConnection } from './connection.ts';

export type RemotePick = { kind: 'picked'; id: string } | { kind: 'new' } | { kind: 'quit' };

/** thread/list as upstream's TUI asks it for its resume picker and for --last. */
export function listParams(limit: number, cursor: string | null = null, searchTerm: string | null = null): Record<string, unknown> {
  return { cursor, limit, sortKey: 'updated_at', sourceKinds: ['cli', 'vscode'], archived: false, cwd: null, useStateDbOnly: true, ...(searchTerm ? { searchTerm } : {}) };
}

const oneLine = (t: string | null | undefined) => (t ?? '').replace(/\s+/g, ' ').trim();

/** A listed thread as a picker row: its name, else its first prompt. */
export function rowFromThread(t: ProtocolThread): PickerRow {
  const name = oneLine(t.name);
  return { id: t.id, updatedAt: t.updatedAt * 1000, branch: t.gitInfo?.branch ?? null, cwd: t.cwd, title: name || oneLine(t.preview), named: Boolean(name) };
}

/** The server's most recently updated session, or null when it has none. */
export async function lastRemoteThread(conn: RemoteConnection): Promise<string | null> {
  const page = await conn.client.request<{ data: ProtocolThread[] }>('thread/list', listParams(1));
  return page.data[0]?.id ?? null;
}

const MOVE_KEYS: Partial<Record<Key['kind'], PickerEvent>> = {
  up: { type: 'move', by: -1 },
  down: { type: 'move', by: 1 },
  pageup: { type: 'page', by: -1 },
  pagedown: { type: 'page', by: 1 },
  home: { type: 'home' },
  end: { type: 'end' },
};

/** Keystrokes typed within this long of each other ask the server once. */
const SEARCH_DEBOUNCE_MS = 150;

/** Lets the person pick one of the server's sessions: Enter picks it, Esc starts a new one, Ctrl-C quits. */
export function pickRemoteThread(conn: RemoteConnection, o: { action: PickerAction; input: NodeJS.ReadStream; output: NodeJS.WriteStream }): Promise<RemotePick> {
  const size = () => ({ cols: o.output.columns || 80, rows: o.output.rows || 24 });
  let state: PickerState = initialPickerState({ action: o.action, all: false, viewport: listHeight(size().rows) });
  const terminal = Terminal.open({ input: o.input, output: o.output }, { signals: o.input.isTTY === true });
  let finished = false;
  let searchTimer: NodeJS.Timeout | null = null;
  let loading = false;
  return new Promise<RemotePick>((resolve, reject) => {
    const finish = (r: RemotePick) => {
      if (finished) return;
      finished = true;
      if (searchTimer) clearTimeout(searchTimer);
      release();
      terminal.close();
      resolve(r);
    };
    const fail = (e: unknown) => {
      if (finished) return;
      finished = true;
      release();
      terminal.close();
      reject(e);
    };
    const render = () => !finished && terminal.draw(drawPicker(state, size().cols, size().rows));
    const dispatch = (e: PickerEvent) => {
      state = reducePicker(state, e);
      render();
      if (wantsMore(state)) void more();
    };
    const list = async (cursor: string | null, append: boolean) => {
      const page = await conn.client.request<{ data: ProtocolThread[]; nextCursor: string | null }>('thread/list', listParams(PAGE_SIZE, cursor));
      if (!finished) dispatch({ type: 'listed', rows: page.data.map(rowFromThread), nextCursor: page.nextCursor, append });
    };
    const more = async () => {
      if (loading || !state.nextCursor) return;
      loading = true;
      dispatch({ type: 'load-more' });
      await list(state.nextCursor, true).catch(fail);
      loading = false;
    };
    // The server searches titles when it can; what it sends back is narrowed to the query here too.
    const search = async (query: string) => {
      const page = await conn.client.request<{ data: ProtocolThread[] }>('thread/list', listParams(100, null, query));
      const words = query.toLowerCase();
      const rows = page.data.map(rowFromThread).filter((r) => r.title.toLowerCase().includes(words));
      if (!finished && state.query === query) dispatch({ type: 'searched', query, rows });
    };
    const edit = (e: PickerEvent) => {
      const before = state.query;
      dispatch(e);
      if (state.query === before) return;
      if (searchTimer) clearTimeout(searchTimer);
      searchTimer = null;
      if (state.mode === 'search') searchTimer = setTimeout(() => void search(state.query).catch(fail), SEARCH_DEBOUNCE_MS);
      else void list(null, false).catch(fail);
    };
    const onKey = (k: Key) => {
      const move = MOVE_KEYS[k.kind];
      if (move) return dispatch(move);
      if (k.kind === 'text' || k.kind === 'paste') return edit({ type: 'type', text: k.text.replace(/\s+/g, ' ') });
      if (k.kind === 'backspace') return edit({ type: 'backspace' });
      if (k.kind === 'enter') {
        const row = selectedRow(state);
        if (row) finish({ kind: 'picked', id: row.id });
      } else if (k.kind === 'escape') finish({ kind: 'new' });
      else if (k.kind === 'ctrl-c') finish({ kind: 'quit' });
    };
    const onEvent = (e: TerminalEvent) => {
      try {
        if (e.kind === 'resize') dispatch({ type: 'viewport', rows: listHeight(size().rows) });
        else onKey(e);
      } catch (err) {
        fail(err);
      }
    };
    const release = terminal.handle(onEvent);
    render();
    list(null, false)
      .then(() => dispatch({ type: 'refresh-done' }))
      .catch(fail);
    conn.onLost((reason) => fail(new Error(reason)));
  });
}

/**
 * The session `resume`/`fork` with no id continues on the server at `address`: the newest (`last`),
 * or the one picked; a line to print when the server cannot be asked.
 */
export async function chooseRemoteThread(
  address: string,
  tokenEnv: string | undefined,
  codexHome: string,
  o: { last: boolean; action: PickerAction; input: NodeJS.ReadStream; output: NodeJS.WriteStream },
  env: NodeJS.ProcessEnv = process.env,
): Promise<RemotePick | string> {
  if (!o.last && (!o.input.isTTY || !o.output.isTTY)) return 'stdin is not a terminal';
  let token: string | undefined;
  if (tokenEnv !== undefined) {
    token = env[tokenEnv]?.trim();
    if (!token) return `--remote-auth-token-env names ${tokenEnv}, which is not set`;
  }
  const { RemoteConnection } = await import('./connection.ts');
  let conn: RemoteConnection;
  try {
    conn = await RemoteConnection.open(address, { codexHome, token });
  } catch (e) {
    return (e as Error).message;
  }
  try {
    if (!o.last) return await pickRemoteThread(conn, o);
    // As upstream: with no session to continue, --last starts a new one.
    const id = await lastRemoteThread(conn);
    return id ? { kind: 'picked', id } : { kind: 'new' };
  } catch (e) {
    return `thread/list: ${(e as Error).message}`;
  } finally {
    conn.close();
  }
}
