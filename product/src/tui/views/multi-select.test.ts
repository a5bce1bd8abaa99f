import { describe, expect, it } from 'vitest';
import { initialState, type ChatState } from '../state.ts';
import type { Key } from '../screen/keys.ts';
import { enabledIds, multiSelectKey, multiSelectRows, openMultiSelect, type MultiSelect } from './multi-select.ts';

const picker = (n = 10): MultiSelect =>
  openMultiSelect({
    id: 't',
    title: 'Pick',
    subtitle: 'Some items.',
    items: Array.from({ length: n }, (_, i) => ({ id: `item-${i}`, name: `item-${i}`, description: `Item number ${i}`, on: i < 2 })),
    preview: (ids) => (ids.length ? ids.join(' | ') : null),
  });

const state = (m: MultiSelect): ChatState => ({ ...initialState({ product: 'csm', version: '0', cwdLabel: '~', model: 'm', effort: null, history: [] }), multi: m });

/** The picker after these keys. */
function press(m: MultiSelect, ...keys: Key[]): MultiSelect {
  for (const k of keys) {
    const r = multiSelectKey(state(m), k)!;
    const a = r.actions.find((x) => x.type === 'multi');
    if (a?.type === 'multi' && a.multi) m = a.multi;
  }
  return m;
}
const text = (m: MultiSelect, cols = 60) => multiSelectRows(m, cols).map((r) => r.spans.map((s) => s.text).join(''));

describe('multi-select picker', () => {
  it('draws title, search, a window of 8 items with a mark for more, the preview and the keys', () => {
    const rows = text(picker());
    expect(rows.slice(0, 6)).toEqual(['  Pick', '  Some items.', '', '  Type to search', '', '› [x] item-0  Item number 0']);
    expect(rows.slice(13)).toEqual(['↓', '  item-0 | item-1', '  space toggle · ←/→ reorder · enter save · esc cancel']);
  });

  it('switches the highlighted item with space and moves with the arrows, wrapping', () => {
    const m = press(picker(), { kind: 'down' }, { kind: 'text', text: ' ' });
    expect(enabledIds(m)).toEqual(['item-0']);
    expect(press(picker(), { kind: 'up' }).choice).toBe(9);
  });

  it('scrolls to keep the highlight in view and marks what is above', () => {
    const m = press(picker(), ...Array.from({ length: 8 }, (): Key => ({ kind: 'down' })));
    expect(m.top).toBe(1);
    expect(text(m)[4]).toBe('↑');
  });

  it('reorders with ←/→, the highlight following the item', () => {
    const m = press(picker(), { kind: 'right' });
    expect(m.items.map((i) => i.id).slice(0, 2)).toEqual(['item-1', 'item-0']);
    expect(m.choice).toBe(1);
  });

  it('filters by typed text and cuts long descriptions with an ellipsis', () => {
    const m = press(picker(12), { kind: 'text', text: '1' });
    expect(text(m).filter((r) => r.includes('[')).map((r) => r.slice(6, 13))).toEqual(['item-1 ', 'item-10', 'item-11']);
    expect(text(picker(), 20)[5]).toBe('› [x] item-0  Item …');
  });

  it('saves with Enter and cancels with Esc, as list effects', () => {
    expect(multiSelectKey(state(picker()), { kind: 'enter' })!.effects).toEqual([{ kind: 'list', id: 't', index: 0, how: 'enter' }]);
    expect(multiSelectKey(state(picker()), { kind: 'escape' })!.effects[0]).toMatchObject({ how: 'escape' });
  });
});
