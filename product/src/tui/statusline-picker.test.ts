import { describe, expect, it } from 'vitest';
import type { Key } from './screen/keys.ts';
import { slashOutcome } from './slash-dispatch.ts';
import { parseSlash } from './slash.ts';
import { initialState, type ChatState } from './state.ts';
import { statusLineSpans } from './status-line.ts';
import { STATUS_ITEMS, statusLineChoice, statusLineColors, statusLinePicker } from './statusline-picker.ts';
import { multiSelectKey, multiSelectRows, shownItems, type MultiSelect } from './views/multi-select.ts';

const fields = { model: 'gpt-5.5', effort: null, cwdLabel: '~/ws', title: null };
const label = (m: string) => m.toUpperCase();
const open = () => statusLinePicker(['model-with-reasoning', 'current-dir', 'thread-name'], true, fields, label);
const state = (m: MultiSelect): ChatState => ({ ...initialState({ product: 'csm', version: '0', cwdLabel: '~/ws', model: 'gpt-5.5', effort: null }), multi: m });
function press(m: MultiSelect, ...keys: Key[]): MultiSelect {
  for (const k of keys) {
    const a = multiSelectKey(state(m), k)!.actions.find((x) => x.type === 'multi');
    if (a?.type === 'multi' && a.multi) m = a.multi;
  }
  return m;
}
const text = (m: MultiSelect) => multiSelectRows(m, 100).map((r) => r.spans.map((s) => s.text).join('').trimEnd());
const down: Key = { kind: 'down' };
const space: Key = { kind: 'text', text: ' ' };

describe('/statusline', () => {
  it('is asked for by name', () => {
    expect(slashOutcome(parseSlash('/statusline')!, { threadId: 't', hasTurns: false })).toEqual({ kind: 'statusline' });
  });

  it("lists upstream's 33 items under the theme-colour switch and its rule, the configured ones first", () => {
    expect(STATUS_ITEMS).toHaveLength(33);
    expect(text(open()).slice(4, 9)).toEqual([
      '',
      '› [x] Use theme colors      Apply colors from the active /theme',
      '  ───────────────────────',
      '  [x] model-with-reasoning  Current model name with reasoning level',
      '  [x] current-dir           Current working directory',
    ]);
    expect(text(open()).at(-2)).toBe('  GPT-5.5 default · ~/ws · thread name');
  });

  it('switches items with Space and saves them in order, the preview following', () => {
    const m = press(open(), down, down, down, space, down, down, down, space);
    expect(text(m).at(-2)).toBe('  GPT-5.5 default · ~/ws · ws');
    expect(statusLineChoice(m)).toEqual({ items: ['model-with-reasoning', 'current-dir', 'project-name'], colors: true });
  });

  it('the switch turns colours off, in the preview and the saved choice', () => {
    const m = press(open(), space);
    expect(statusLineChoice(m).colors).toBe(false);
    const preview = multiSelectRows(m, 100).at(-2)!.spans;
    expect(preview.every((s) => !s.style?.fg)).toBe(true);
    expect(statusLineColors({ status_line_use_colors: false })).toBe(false);
    expect(statusLineSpans(['current-dir'], fields, label, false)).toEqual([{ text: '  ' }, { text: '~/ws' }]);
  });

  it('scrolls a window of 8 rows, the rule counting as one, and wraps from the last item to the switch', () => {
    const at = (n: number) => press(open(), ...Array<Key>(n).fill(down));
    expect(text(at(12)).slice(4, 6)).toEqual(['↑', '  [ ] reasoning            Current reasoning level']);
    expect(text(at(34)).slice(4, 6)).toEqual(['', '› [x] Use theme colors      Apply colors from the active /theme']);
  });

  it('matches typed letters loosely, names holding the text first, and hides the switch while searching', () => {
    const m = press(open(), { kind: 'text', text: 'con' });
    expect(shownItems(m).map((e) => e.item.id)).toEqual(['context-remaining', 'context-used', 'context-window-size', 'codex-version']);
    expect(text(m)[5]).toBe('› [ ] context-remaining    Percentage of context window remaining (omitted when unknown)');
  });
});
