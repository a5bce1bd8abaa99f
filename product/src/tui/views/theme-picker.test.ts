import { describe, expect, it } from 'vitest';
import type { Key } from '../screen/keys.ts';
import { initialState, reduce, type ChatState } from '../state.ts';
import { syntaxReady } from '../syntax/highlighter.ts';
import { DIFF_BG } from '../syntax/diff-preview.ts';
import { drawChat } from '../view.ts';
import { centredOffset, highlightedTheme, openThemePicker, pickerLayout, shownThemes, syntaxThemeOf, themePickerKey, themePickerRows, type ThemePicker } from './theme-picker.ts';

const chat = (picker: ThemePicker | null, syntaxTheme?: string): ChatState => ({
  ...initialState({ product: 'csm', version: '0.1.0', cwdLabel: '~/ws', model: 'gpt-5.5', effort: null }),
  themePicker: picker,
  syntaxTheme,
});

/** Keys through the picker's handler, its actions applied; the effects of the last key returned. */
function press(s: ChatState, ...keys: Key[]) {
  let effects: unknown[] = [];
  for (const k of keys) {
    const r = themePickerKey(s, k)!;
    for (const a of r.actions) s = reduce(s, a);
    effects = r.effects;
  }
  return { s, effects };
}
const type = (text: string): Key[] => [...text].map((ch) => ({ kind: 'text', text: ch }));
const rowText = (row: { spans: Array<{ text: string }> }) => row.spans.map((sp) => sp.text).join('');

describe('/theme picker', () => {
  it('opens on the theme in force, marked current, scrolled so it is the last of the 8 shown', () => {
    const p = openThemePicker(undefined);
    expect(p.current).toBe('catppuccin-mocha');
    expect(highlightedTheme(p)).toBe('catppuccin-mocha');
    const rows = themePickerRows(p, 100).map(rowText);
    // upstream 0.171.0's tui-slash-theme frame
    expect(rows.map((r) => r.slice(0, 49).trimEnd())).toEqual([
      '  Select Syntax Theme',
      '  Move up/down to live preview themes',
      '',
      '  Type to filter themes...',
      '↑',
      '  base16-eighties-dark',
      '  base16-mocha-dark',
      '  base16-ocean-dark',
      '  base16-ocean-light',
      '  catppuccin-frappe',
      '  catppuccin-latte',
      '  catppuccin-macchiato',
      '› catppuccin-mocha (current)',
      '↓',
      '  enter select · esc back',
    ]);
    expect(openThemePicker('dracula').current).toBe('dracula');
    expect(openThemePicker('not-a-theme').current).toBe('catppuccin-mocha');
  });

  it('draws the diff beside the list, centred in its rows, in the highlighted theme', async () => {
    await syntaxReady('rust', 'catppuccin-mocha');
    const rows = themePickerRows(openThemePicker(undefined), 100);
    // 14 rows above the keys, 8 preview lines: a row clear then centred → the 4th row.
    expect(rowText(rows[3]).slice(53)).toBe('31  fn summarize(users: &[User]) -> String {');
    expect(rowText(rows[10]).slice(53)).toBe('36  }');
    expect(rows[4].spans.some((sp) => sp.style?.bg === DIFF_BG.removed)).toBe(true);
    // The highlighted theme's row is reversed and bold across the list's column.
    const chosen = rows[12].spans[0];
    expect(chosen.text).toHaveLength(49);
    expect(chosen.style).toEqual({ bold: true, reverse: true });
    expect(pickerLayout(100)).toEqual({ wide: true, list: 47, side: 47 });
    expect(centredOffset(14, 8)).toBe(3);
    expect(centredOffset(8, 8)).toBe(0);
  });

  it('filters by typed letters from the first match, previewing it, and backspace widens again', () => {
    let { s } = press(chat(openThemePicker(undefined)), ...type('mocha'));
    expect(shownThemes(s.themePicker!)).toEqual(['base16-mocha-dark', 'catppuccin-mocha']);
    expect(syntaxThemeOf(s)).toBe('base16-mocha-dark');
    const rows = themePickerRows(s.themePicker!, 100).map(rowText);
    expect(rows.map((r) => r.slice(0, 49).trimEnd())).toEqual(['  Select Syntax Theme', '  Move up/down to live preview themes', '', '  mocha', '', '› base16-mocha-dark', '  catppuccin-mocha (current)', '', '  enter select · esc back']);
    ({ s } = press(s, { kind: 'down' }));
    expect(syntaxThemeOf(s)).toBe('catppuccin-mocha');
    ({ s } = press(s, ...Array(5).fill({ kind: 'backspace' })));
    expect(shownThemes(s.themePicker!)).toHaveLength(38);
  });

  it('moves with the arrows and Ctrl-P/N, wrapping, the window following', () => {
    let { s } = press(chat(openThemePicker('1337')), { kind: 'up' });
    expect(highlightedTheme(s.themePicker!)).toBe('zenburn');
    expect(s.themePicker!.top).toBe(30);
    ({ s } = press(s, { kind: 'ctrl-n' }));
    expect(highlightedTheme(s.themePicker!)).toBe('1337');
    expect(s.themePicker!.top).toBe(0);
    ({ s } = press(s, { kind: 'ctrl-n' }, { kind: 'ctrl-p' }));
    expect(highlightedTheme(s.themePicker!)).toBe('1337');
  });

  it('asks the app to keep the highlighted theme on Enter and to go back on Esc', () => {
    const { s, effects } = press(chat(openThemePicker(undefined)), { kind: 'down' }, { kind: 'enter' });
    expect(effects).toEqual([{ kind: 'list', id: 'theme', index: s.themePicker!.names.indexOf('coldark-cold'), how: 'enter' }]);
    expect(press(s, { kind: 'escape' }).effects).toEqual([{ kind: 'list', id: 'theme', index: -1, how: 'escape' }]);
  });

  it('colours code in the transcript in the highlighted theme while open, else in the theme in force', () => {
    expect(syntaxThemeOf(chat(null))).toBe('catppuccin-mocha');
    expect(syntaxThemeOf(chat(null, 'nord'))).toBe('nord');
    expect(syntaxThemeOf(chat(openThemePicker('nord'), 'nord'))).toBe('nord');
    const { s } = press(chat(openThemePicker('nord'), 'nord'), { kind: 'down' });
    expect(syntaxThemeOf(s)).toBe('one-half-dark');
  });

  it('takes the screen bottom, the hidden cursor after the filter once typed (upstream: the last text its frame wrote)', () => {
    let s = chat(openThemePicker(undefined));
    let c = drawChat(s, 100, 30, 0);
    expect(c.rowText(15).trim()).toBe('Select Syntax Theme');
    expect(c.cursor).toEqual({ x: 100, y: 29, visible: false });
    ({ s } = press(s, ...type('mocha')));
    c = drawChat(s, 100, 30, 0);
    expect(c.cursor).toEqual({ x: 7, y: 24, visible: false });
  });

  it("lists the person's own themes among upstream's, marked custom, and names their folder when the line fits", () => {
    const p = openThemePicker('my-theme', ['my-theme', 'aaa'], '~/.codex/themes');
    expect(p.names).toHaveLength(40);
    expect(p.names.slice(0, 3)).toEqual(['1337', 'aaa', 'ada']);
    expect(themePickerRows(p, 100).map(rowText).some((r) => r.startsWith('› my-theme (custom) (current)'))).toBe(true);
    expect(rowText(themePickerRows(p, 100)[1])).toBe('  Move up/down to live preview themes');
    expect(rowText(themePickerRows(p, 160)[1])).toBe('  Custom .tmTheme files can be added to the ~/.codex/themes directory.');
    expect(rowText(themePickerRows(openThemePicker(undefined, [], '/srv/codex/themes'), 160)[1])).toBe('  Move up/down to live preview themes');
  });

  it("defaults to upstream's light theme on a light terminal (its answer to the background query), dark otherwise", () => {
    const light = reduce(chat(null), { type: 'terminal-background', rgb: [253, 246, 227] });
    expect(syntaxThemeOf(light)).toBe('catppuccin-latte');
    expect(syntaxThemeOf(reduce(chat(null), { type: 'terminal-background', rgb: [30, 30, 46] }))).toBe('catppuccin-mocha');
    expect(syntaxThemeOf({ ...light, syntaxTheme: 'nord' })).toBe('nord');
    expect(openThemePicker(undefined, [], undefined, 'catppuccin-latte').current).toBe('catppuccin-latte');
  });

  it('puts a short diff under the list when the screen is too narrow for both side by side', () => {
    expect(pickerLayout(80).wide).toBe(false);
    const rows = themePickerRows(openThemePicker(undefined), 80).map(rowText);
    expect(rows.at(-2)).toBe('  14  }');
    expect(rows.at(-5)).toBe('  12  fn greet(name: &str) -> String {');
  });
});
