import { describe, expect, it } from 'vitest';
import { readKeymapConfig, resolveKeymap } from '../../core/config/keymap.ts';
import type { ApprovalRequest } from '../../core/agent/tools.ts';
import { initialState, reduce, type ChatAction, type ChatState } from '../state.ts';
import type { Key } from '../screen/keys.ts';
import { LIST_ACTIONS, remapKey } from './remap.ts';
import { routeKey } from './route.ts';

const keymapOf = (raw: unknown) => resolveKeymap(readKeymapConfig(raw).config);
const base = () => initialState({ product: 'csm', version: '0.1.0', cwdLabel: '~/ws', model: 'gpt-5.5', effort: null });
function press(s: ChatState, keymap: ReturnType<typeof resolveKeymap>, ...keys: Key[]) {
  const effects = [];
  for (const k of keys) {
    const r = routeKey(s, k, { page: 10, rows: 30, keymap });
    s = r.actions.reduce((acc: ChatState, a: ChatAction) => reduce(acc, a), s);
    effects.push(...r.effects);
  }
  return { s, effects };
}
const list = (): ChatState => ({ ...base(), list: { id: 'model', title: 'Select Model', items: [{ label: 'a' }, { label: 'b' }, { label: 'c' }], choice: 0, keys: [] } });

describe('[tui.keymap] in the views that read upstream actions', () => {
  it("moves a list with upstream's default keys too (j/k, Ctrl-N/Ctrl-P)", () => {
    expect(press(list(), resolveKeymap(), { kind: 'text', text: 'j' }, { kind: 'ctrl-n' }).s.list?.choice).toBe(2);
    expect(press(list(), resolveKeymap(), { kind: 'text', text: 'k' }).s.list?.choice).toBe(2);
  });

  it('moves a list with the key the config names, and no longer with the one it replaced', () => {
    const keymap = keymapOf({ list: { move_down: 'ctrl-d' } });
    expect(press(list(), keymap, { kind: 'down' }).s.list?.choice).toBe(0);
    expect(press(list(), keymap, { kind: 'ctrl-d' }).s.list?.choice).toBe(1);
    expect(remapKey({ kind: 'text', text: '2' }, LIST_ACTIONS, keymap)).toEqual({ kind: 'text', text: '2' });
  });

  it('accepts a list item with a remapped key', () => {
    expect(press(list(), keymapOf({ list: { accept: 'tab' } }), { kind: 'tab' }).effects).toEqual([{ kind: 'list', id: 'model', index: 0, how: 'enter' }]);
  });

  it('answers an approval with the keys the config gives its actions', () => {
    const request = { command: 'touch x', cwd: '/ws', reason: null } as unknown as ApprovalRequest;
    const asking = reduce(base(), { type: 'approval-requested', request });
    const keymap = keymapOf({ approval: { approve: 'ctrl-y', decline: 'ctrl-n' } });
    expect(press(asking, keymap, { kind: 'text', text: 'y' }).effects).toEqual([]);
    expect(press(asking, keymap, { kind: 'ctrl-y' }).effects).toEqual([{ kind: 'answer', decision: 'approve' }]);
    expect(press(asking, keymap, { kind: 'ctrl-n' }).effects).toEqual([{ kind: 'answer', decision: 'deny' }]);
  });

  it('closes the pager with a remapped key only', () => {
    const paging: ChatState = { ...base(), pager: { title: 'DIFF', lines: [[{ text: 'x' }]], top: 0 } };
    const keymap = keymapOf({ pager: { close: 'x' } });
    expect(press(paging, keymap, { kind: 'text', text: 'q' }).s.pager).not.toBeNull();
    expect(press(paging, keymap, { kind: 'text', text: 'x' }).s.pager).toBeNull();
  });
});
