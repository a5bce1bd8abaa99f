import { describe, expect, it } from 'vitest';
import { readKeymapConfig, resolveKeymap } from '../core/config/keymap.ts';
import { browserRows, editRows, openKeymapBrowser, refreshedBrowser, showSpec, type BrowserRow, type KeymapBrowser } from './keymap-browser.ts';
import { routeKey } from './input/route.ts';
import type { Key } from './screen/keys.ts';
import { initialState, reduce, type ChatState } from './state.ts';
import type { Effect } from './input/effects.ts';

const text = (rows: BrowserRow[]) => rows.map((r) => r.spans.map((s) => s.text).join('').trimEnd());
const start = (b: KeymapBrowser = openKeymapBrowser(resolveKeymap())): ChatState => ({ ...initialState({ product: 'csm', version: '0.1.0', cwdLabel: '~/ws', model: 'gpt-5.5', effort: null }), keymapView: b });
function press(s: ChatState, ...keys: Key[]): { s: ChatState; effects: Effect[] } {
  const effects: Effect[] = [];
  for (const k of keys) {
    const r = routeKey(s, k, { page: 10, rows: 30 });
    s = r.actions.reduce(reduce, s);
    effects.push(...r.effects);
  }
  return { s, effects };
}
const typed = (t: string): Key[] => [...t].map((ch) => ({ kind: 'text', text: ch }));

describe('the keymap browser', () => {
  it("fills the screen as upstream's does: counts, tabs, search, the actions by group with their keys", () => {
    const rows = text(browserRows(openKeymapBrowser(resolveKeymap()), 100, 30));
    expect(rows).toHaveLength(30);
    expect(rows.slice(0, 10)).toEqual([
      '',
      '  Keymap',
      '  All configurable shortcuts.',
      '  173 actions, 0 customized, 6 unbound.',
      '',
      '   All   Common   Customized (0)   Unbound (6)   App   Composer   Editor   Vim   Navigation      ›',
      '',
      '  Type to search shortcuts',
      '',
      '› Global         Focus Main Composer        leader c (ctrl-x c)',
    ]);
    // Long key lists are cut at the edge; `-` marks an unbound action; ↓ says more follow.
    expect(rows[14]).toBe('  Global         Sidebar Up                 leader shift-tab (ctrl-x shift-tab), leader up (ctrl-x …');
    expect(rows[25]).toBe('  Global       - Open Agents                unbound');
    expect(rows[28]).toBe('↓');
    expect(rows[29]).toBe('  left/right group · enter edit shortcut · * custom · - unbound · esc close');
  });

  it('scrolls to keep the highlighted action in view, with ↑ once the first has gone', () => {
    const { s } = press(start(), ...Array.from({ length: 19 }, (): Key => ({ kind: 'down' })));
    const rows = text(browserRows(s.keymapView!, 100, 30));
    expect(rows[8]).toBe('↑');
    expect(rows[27]).toBe('› Global         Focus Activity             f4');
  });

  it('narrows to the search typed, in the current tab, and Esc clears it before closing', () => {
    let { s } = press(start(), { kind: 'right' }, { kind: 'right' }, { kind: 'right' }, { kind: 'right' }, { kind: 'right' }, { kind: 'right' }, { kind: 'right' }, ...typed('word'));
    const rows = text(browserRows(s.keymapView!, 100, 30));
    expect(rows.slice(2, 4)).toEqual(['  Vim normal-mode and operator shortcuts.', '  69 actions.']);
    expect(rows.slice(9, 18)).toEqual([
      '› Vim normal     Move Word Forward        w',
      '  Vim normal     Move Word Backward       b',
      '  Vim normal     Move Word End            e',
      '  Vim operator   Motion Word Forward      w',
      '  Vim operator   Motion Word Backward     b',
      '  Vim operator   Motion Word End          e',
      '  Vim text object   Word                  w',
      '  Vim text object   Big Word              shift-w',
      '',
    ]);
    ({ s } = press(s, { kind: 'escape' }));
    expect(s.keymapView?.query).toBe('');
    expect(press(s, { kind: 'escape' }).s.keymapView).toBeNull();
  });

  it('scrolls the tabs once the current one would not fit, with ‹ and ›', () => {
    const { s } = press(start(), ...Array.from({ length: 9 }, (): Key => ({ kind: 'right' })));
    expect(text(browserRows(s.keymapView!, 100, 30))[5]).toBe('  ‹  Customized (0)   Unbound (6)   App   Composer   Editor   Vim   Navigation   Agents          ›');
  });

  it("has a Debug tab whose keypress inspector names a key's spec and every action it has", () => {
    let { s } = press(start(), { kind: 'left' });
    expect(text(browserRows(s.keymapView!, 100, 30)).slice(1, 10)).toEqual([
      '  Keymap',
      '  Inspect keypresses from your terminal.',
      '  See the key Codex detects and any shortcuts assigned to it.',
      '',
      '  ‹  Unbound (6)   App   Composer   Editor   Vim   Navigation   Agents   Approval   Debug',
      '',
      '  Type to search shortcuts',
      '',
      '› Inspect keypresses                      Open a live inspector that shows the detected key, config…',
    ]);
    ({ s } = press(s, { kind: 'enter' }));
    expect(text(editRows(s.keymapView!)).at(-1)).toBe('Waiting for a keypress...');
    ({ s } = press(s, { kind: 'ctrl-b' }));
    expect(text(editRows(s.keymapView!)).slice(4)).toEqual([
      'Detected: ^b',
      'Config key: ctrl-b',
      'Raw event: kind="ctrl-b"',
      '',
      'Assigned actions:',
      '  - editor.move_left (Move Left) - Move the cursor left. [Default]',
      '  - pager.page_up (Page Up) - Scroll up by one page. [Default]',
      '  - list.page_up (Page Up) - Move list selection up by one page. [Default]',
    ]);
    expect(press(s, { kind: 'ctrl-c' }).s.keymapView?.mode).toEqual({ kind: 'browse' });
  });

  it('shows the leader keys a leader binding stands for, and the minus key as -', () => {
    expect(showSpec('leader minus', ['ctrl-x'], true)).toBe('leader - (ctrl-x -)');
    expect(showSpec('alt-minus', [], true)).toBe('alt--');
  });
});

describe("an action's edit menu", () => {
  const edit = () => press(start(), { kind: 'down' }, { kind: 'enter' }).s;

  it('names the action, its keys, config key and description, and greys out what cannot be done', () => {
    expect(text(editRows(edit().keymapView!))).toEqual([
      '  Edit Shortcut',
      '  Focus Sidebar Tabs · Global',
      '  Current leader t · Default keymap',
      '  Config `tui.keymap.global.focus_sidebar_tabs`',
      '  Open the sidebar tab chooser.',
      '',
      '',
      '› 1. Replace binding                   Capture a replacement key for `leader t`',
      '  2. Add alternate binding             Keep `leader t` and add another key',
      '  3. Use leader...                     Capture the key that follows the configured leader',
      '  4. Replace with key chord            Replace `leader t` with a two-stroke key chord',
      '  5. Add alternate key chord           Keep `leader t` and add a two-stroke key chord',
      '  –  Remove custom binding (disabled)  No custom root override to remove',
      '  6. Back to shortcuts                 Return to the shortcut list',
      '',
      '  Changes write the root `tui.keymap.*` override.',
      '  enter select · esc back',
    ]);
  });

  it('offers to set a key, a leader key or a chord for an unbound action', () => {
    const { s, effects } = press(start(), ...Array.from({ length: 16 }, (): Key => ({ kind: 'down' })), { kind: 'enter' });
    expect(text(editRows(s.keymapView!)).slice(1, 12)).toEqual([
      '  Open Agents · Global',
      '  Current unbound · Default keymap',
      '  Config `tui.keymap.global.open_agents`',
      '  Open the agent command center.',
      '',
      '',
      '› 1. Set key                           Capture a key for this unbound action',
      '  2. Use leader...                     Capture the key that follows the configured leader',
      '  3. Set key chord                     Capture two consecutive keys for this action',
      '  –  Remove custom binding (disabled)  No custom root override to remove',
      '  4. Back to shortcuts                 Return to the shortcut list',
    ]);
    expect(effects).toEqual([]);
    const leader = press(s, { kind: 'text', text: '2' });
    expect(text(editRows(leader.s.keymapView!))).toEqual(['  Remap Shortcut', '  Action: Open Agents  global.open_agents', '  Current: unbound', '  Press the key that follows the configured leader. Esc cancels.', '']);
    expect(press(leader.s, { kind: 'fn', n: 11 }).effects).toEqual([{ kind: 'keymap-save', context: 'global', action: 'open_agents', specs: ['leader f11'] }]);
  });

  it('lets one of several bindings be replaced, in its place, by a key or a chord', () => {
    const search = press(start(), ...typed('move left'), { kind: 'enter' }).s;
    expect(text(editRows(search.keymapView!)).slice(7, 9)).toEqual([
      '› 1. Replace one binding...            Choose which existing binding to replace',
      '  2. Replace all bindings              Replace `left, ctrl-b` with one key',
    ]);
    const picking = press(search, { kind: 'enter' }).s;
    expect(text(editRows(picking.keymapView!))).toEqual([
      '  Replace Binding',
      '  Move Left · editor.move_left',
      '  Choose the binding to replace.',
      '',
      '',
      '› 1. left                Replace `left` with another key',
      '  2. left (key chord)    Replace `left` with a two-stroke key chord',
      '  3. ctrl-b              Replace `ctrl-b` with another key',
      '  4. ctrl-b (key chord)  Replace `ctrl-b` with a two-stroke key chord',
      '',
      '  enter select · esc back',
    ]);
    expect(press(picking, { kind: 'text', text: '3' }, { kind: 'fn', n: 6 }).effects).toEqual([{ kind: 'keymap-save', context: 'editor', action: 'move_left', specs: ['left', 'f6'] }]);
    const chord = press(picking, { kind: 'text', text: '2' }, { kind: 'fn', n: 6 }).s;
    expect(text(editRows(chord.keymapView!))[3]).toBe('  First key: f6. Press the second key. Esc cancels.');
    expect(press(chord, { kind: 'fn', n: 10 }).effects).toEqual([{ kind: 'keymap-save', context: 'editor', action: 'move_left', specs: ['f6 f10', 'ctrl-b'] }]);
  });

  it('wraps item descriptions under themselves on a narrow screen', () => {
    const s = press(start(), ...typed('move line start'), { kind: 'enter' }).s;
    expect(text(editRows(s.keymapView!, 80)).slice(8, 10)).toEqual(['  2. Replace all bindings              Replace `home, ctrl-a, super-left` with', '                                       one key']);
  });

  it('skips the disabled item when moving', () => {
    const { s } = press(edit(), { kind: 'up' }, { kind: 'up' });
    expect(s.keymapView?.mode).toEqual({ kind: 'edit', choice: 4 });
  });

  it('captures a replacement key and asks for it to be saved', () => {
    const { s, effects } = press(edit(), { kind: 'enter' }, { kind: 'fn', n: 12 });
    expect(effects).toEqual([{ kind: 'keymap-save', context: 'global', action: 'focus_sidebar_tabs', specs: ['f12'] }]);
    expect(s.keymapView?.mode).toEqual({ kind: 'browse' });
  });

  it('adds an alternate key, and builds a chord from two strokes', () => {
    expect(press(edit(), { kind: 'text', text: '2' }, { kind: 'fn', n: 5 }).effects).toEqual([{ kind: 'keymap-save', context: 'global', action: 'focus_sidebar_tabs', specs: ['leader t', 'f5'] }]);
    expect(press(edit(), { kind: 'text', text: '4' }, { kind: 'fn', n: 11 }, { kind: 'fn', n: 10 }).effects).toEqual([{ kind: 'keymap-save', context: 'global', action: 'focus_sidebar_tabs', specs: ['f11 f10'] }]);
    expect(press(edit(), { kind: 'text', text: '3' }, { kind: 'text', text: 'q' }).effects).toEqual([{ kind: 'keymap-save', context: 'global', action: 'focus_sidebar_tabs', specs: ['leader q'] }]);
  });

  it('refuses a key another action already has where this one is read, and offers another try', () => {
    const { s, effects } = press(edit(), { kind: 'enter' }, { kind: 'ctrl-o' });
    expect(effects).toEqual([]);
    expect(text(editRows(s.keymapView!)).slice(0, 2)).toEqual(['  Shortcut Conflict', '  global.focus_sidebar_tabs cannot use `ctrl-o`.']);
    expect(press(s, { kind: 'enter' }).s.keymapView?.mode).toEqual({ kind: 'capture', how: 'replace', strokes: [] });
    expect(press(s, { kind: 'escape' }).s.keymapView?.mode).toEqual({ kind: 'edit', choice: 0 });
  });

  it('once saved, marks the action custom and offers to remove it', () => {
    const keymap = resolveKeymap(readKeymapConfig({ global: { focus_sidebar_tabs: 'f12' } }).config);
    const b = refreshedBrowser(edit().keymapView!, keymap);
    expect(text(browserRows(b, 100, 30))[3]).toBe('  173 actions, 1 customized, 6 unbound.');
    expect(text(browserRows(b, 100, 30))[10]).toBe('› Global       * Focus Sidebar Tabs         f12');
    const { s, effects } = press(start(b), { kind: 'enter' }, { kind: 'text', text: '6' });
    expect(text(editRows(press(start(b), { kind: 'enter' }).s.keymapView!))[2]).toBe('  Current f12 · Custom root override');
    expect(effects).toEqual([{ kind: 'keymap-save', context: 'global', action: 'focus_sidebar_tabs', specs: null }]);
    expect(s.keymapView?.mode).toEqual({ kind: 'browse' });
  });
});
