// The keys of `/keymap` (../keymap-browser.ts). The browser: ↑/↓ (PageUp/PageDown) move, ←/→
// change tab, typing searches, Backspace edits the search, Enter opens the action's edit menu, Esc
// clears the search or closes. The menu: ↑/↓ or a digit, Enter, Esc back. A capture takes the next
// key (two for a chord) and asks the app to save it, unless another action in the same place has it.
import { keySpecs } from '../input/bindings.ts';
import { routed, type Routed } from '../input/effects.ts';
import type { Key } from '../screen/keys.ts';
import { widthOf } from '../screen/canvas.ts';
import type { ChatState } from '../state.ts';
import { browserRows, configKey, editItems, editRows, hintWidth, matches, scrolled, pickItems, selectedEntry, TABS, visibleRows, type CaptureHow, type KeymapBrowser, type KeymapEntry } from '../keymap-browser.ts';

/** Contexts read together while typing in the chat: a key in one shadows the same key in another. */
const MAIN = ['global', 'chat', 'composer', 'editor'];

/** Another action the spec already runs where `e` is read, if any. */
export function conflictFor(b: KeymapBrowser, e: KeymapEntry, spec: string): KeymapEntry | undefined {
  const scope = MAIN.includes(e.context) ? MAIN : [e.context];
  return b.entries.find((o) => scope.includes(o.context) && !(o.context === e.context && o.action === e.action) && o.specs.includes(spec));
}

export function keymapKey(s: ChatState, k: Key, rows: number): Routed | null {
  const b = s.keymapView;
  if (!b) return null;
  const set = (next: KeymapBrowser | null) => routed([{ type: 'keymap-view', view: next }]);
  switch (b.mode.kind) {
    case 'browse':
      return browseKey(b, k, rows, set);
    case 'edit':
      return editKey(b, k, b.mode.choice, set);
    case 'pick':
      return pickKey(b, k, b.mode.choice, set);
    case 'inspect': {
      // Every key is inspected but Ctrl-C, which goes back to the Debug tab.
      if (k.kind === 'ctrl-c') return set({ ...b, mode: { kind: 'browse' }, cursor: null });
      if (k.kind === 'paste' || k.kind === 'focus') return routed();
      const next: KeymapBrowser = { ...b, mode: { kind: 'inspect', key: k } };
      return set({ ...next, cursor: lastLineEnd(next) });
    }
    case 'capture':
      return captureKey(b, k, b.mode, set);
    case 'conflict': {
      const { how, choice, at } = b.mode;
      if (k.kind === 'up' || k.kind === 'down') return set({ ...b, mode: { ...b.mode, choice: 1 - choice } });
      const pick = k.kind === 'text' && /^[12]$/.test(k.text) ? Number(k.text) - 1 : k.kind === 'enter' ? choice : k.kind === 'escape' ? 1 : -1;
      if (pick === 0) return set(capturing(b, how, at));
      if (pick === 1) return set({ ...b, mode: { kind: 'edit', choice: 0 } });
      return routed();
    }
  }
}

/** Upstream's hidden cursor after the inspector's last line. */
const lastLineEnd = (b: KeymapBrowser) => ({ x: hintWidth(editRows(b).at(-1)!), fromBottom: 0 });

/** Waiting for a key: upstream's hidden cursor rests after the prompt line, above the blank last row. */
function capturing(b: KeymapBrowser, how: CaptureHow, at?: number): KeymapBrowser {
  const next: KeymapBrowser = { ...b, mode: { kind: 'capture', how, strokes: [], ...(at === undefined ? {} : { at }) } };
  const rows = editRows(next);
  return { ...next, cursor: { x: hintWidth(rows[rows.length - 2]), fromBottom: 1 } };
}

function browseKey(b: KeymapBrowser, k: Key, rows: number, set: (next: KeymapBrowser | null) => Routed): Routed {
  const n = matches(b).length;
  // Upstream's hidden cursor: at the end of a search typed, else after the lower of the two rows a move redrew.
  const SEARCH_ROW = 7;
  const atSearch = (query: string) => ({ x: 2 + widthOf(query), fromBottom: rows - 1 - SEARCH_ROW });
  const to = (choice: number) => {
    const next = scrolled({ ...b, choice }, rows);
    const row = (i: number) => 9 + i - next.top;
    const cursor = b.query ? atSearch(b.query) : next.top === b.top ? { x: Number.MAX_SAFE_INTEGER, fromBottom: rows - 1 - Math.max(row(b.choice), row(choice)) } : null;
    return set({ ...next, cursor });
  };
  const search = (query: string) => set({ ...b, query, choice: 0, top: 0, cursor: query ? atSearch(query) : null });
  switch (k.kind) {
    case 'up':
      return n ? to((b.choice - 1 + n) % n) : routed();
    case 'down':
      return n ? to((b.choice + 1) % n) : routed();
    case 'pageup':
      return n ? to(Math.max(0, b.choice - visibleRows(rows))) : routed();
    case 'pagedown':
      return n ? to(Math.min(n - 1, b.choice + visibleRows(rows))) : routed();
    case 'left':
    case 'right': {
      const t = TABS.length;
      const tab = (b.tab + (k.kind === 'left' ? -1 : 1) + t) % t;
      return set({ ...b, tab, choice: 0, top: 0, cursor: null });
    }
    case 'enter': {
      if (TABS[b.tab].inspector) {
        const next: KeymapBrowser = { ...b, mode: { kind: 'inspect', key: null } };
        return set({ ...next, cursor: lastLineEnd(next) });
      }
      if (!selectedEntry(b)) return routed();
      // Upstream's hidden cursor rests after the last cell of the keys row its frame rewrote.
      const before = hintWidth(browserRows(b, 100, rows).at(-1)!);
      const next: KeymapBrowser = { ...b, mode: { kind: 'edit', choice: 0 } };
      return set({ ...next, cursor: { x: Math.max(before, hintWidth(editRows(next).at(-1)!)), fromBottom: 0 } });
    }
    case 'escape':
      return b.query ? search('') : set(null);
    case 'backspace':
      return b.query ? search([...b.query].slice(0, -1).join('')) : routed();
    case 'text':
      return search(b.query + k.text);
    case 'paste':
      return search(b.query + k.text.replace(/\s+/g, ' '));
    default:
      return routed();
  }
}

function editKey(b: KeymapBrowser, k: Key, choice: number, set: (next: KeymapBrowser | null) => Routed): Routed {
  const e = selectedEntry(b)!;
  const items = editItems(e, b.leader);
  const move = (delta: number) => {
    let i = choice;
    do i = (i + delta + items.length) % items.length;
    while (!items[i].enabled);
    return set({ ...b, mode: { kind: 'edit', choice: i }, cursor: null });
  };
  const choose = (i: number): Routed => {
    if (!items[i]?.enabled) return routed();
    const what = items[i].how;
    if (what === 'back') return set({ ...b, mode: { kind: 'browse' }, cursor: null });
    if (what === 'pick') {
      // Upstream's hidden cursor rests after the list's last item, above the blank row and the keys.
      const next: KeymapBrowser = { ...b, mode: { kind: 'pick', choice: 0 } };
      const rows = editRows(next);
      return set({ ...next, cursor: { x: hintWidth(rows[rows.length - 3]), fromBottom: 2 } });
    }
    if (what === 'remove') return routed([{ type: 'keymap-view', view: { ...b, mode: { kind: 'browse' }, cursor: null } }], [{ kind: 'keymap-save', context: e.context, action: e.action, specs: null }]);
    return set(capturing(b, what));
  };
  switch (k.kind) {
    case 'up':
      return move(-1);
    case 'down':
      return move(1);
    case 'enter':
      return choose(choice);
    case 'escape':
      return set({ ...b, mode: { kind: 'browse' }, cursor: null });
    case 'text': {
      // The digits count the enabled items only.
      const enabled = items.map((it, i) => (it.enabled ? i : -1)).filter((i) => i >= 0);
      const digit = Number(k.text);
      return /^[1-9]$/.test(k.text) && digit <= enabled.length ? choose(enabled[digit - 1]) : routed();
    }
    default:
      return routed();
  }
}

/** The Replace Binding menu: each binding, replaced by a key or by a chord. */
function pickKey(b: KeymapBrowser, k: Key, choice: number, set: (next: KeymapBrowser | null) => Routed): Routed {
  const items = pickItems(selectedEntry(b)!, b.leader);
  const choose = (i: number) => set(capturing(b, items[i].chord ? 'chord' : 'replace', items[i].at));
  switch (k.kind) {
    case 'up':
    case 'down':
      return set({ ...b, mode: { kind: 'pick', choice: (choice + (k.kind === 'up' ? -1 : 1) + items.length) % items.length }, cursor: null });
    case 'enter':
      return choose(choice);
    case 'escape':
      return set({ ...b, mode: { kind: 'edit', choice: 0 }, cursor: null });
    case 'text':
      return /^[1-9]$/.test(k.text) && Number(k.text) <= items.length ? choose(Number(k.text) - 1) : routed();
    default:
      return routed();
  }
}

function captureKey(b: KeymapBrowser, k: Key, mode: Extract<KeymapBrowser['mode'], { kind: 'capture' }>, set: (next: KeymapBrowser | null) => Routed): Routed {
  const { how, strokes, at } = mode;
  if (k.kind === 'escape') return set({ ...b, mode: { kind: 'edit', choice: 0 }, cursor: null });
  const stroke = keySpecs(k)[0];
  if (!stroke) return routed();
  const chord = how === 'chord' || how === 'add-chord';
  if (chord && !strokes.length) return set({ ...b, mode: { ...mode, strokes: [stroke] } });
  const spec = how === 'leader' ? `leader ${stroke}` : chord ? `${strokes[0]} ${stroke}` : stroke;
  const e = selectedEntry(b)!;
  const other = conflictFor(b, e, spec);
  if (other) return set({ ...b, mode: { kind: 'conflict', how, spec, other: configKey(other), choice: 0, ...(at === undefined ? {} : { at }) }, cursor: null });
  // One binding replaced in its place; an added one goes last; otherwise the new one is all there is.
  const specs = at !== undefined ? [...new Set(e.specs.map((s, j) => (j === at ? spec : s)))] : how === 'add' || how === 'add-chord' ? [...e.specs.filter((s) => s !== spec), spec] : [spec];
  return routed([{ type: 'keymap-view', view: { ...b, mode: { kind: 'browse' }, cursor: null } }], [{ kind: 'keymap-save', context: e.context, action: e.action, specs }]);
}
