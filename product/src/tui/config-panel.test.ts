import { describe, expect, it } from 'vitest';
import { configRows, openConfigPanel, type ConfigPanel } from './config-panel.ts';
import { routeKey } from './input/route.ts';
import type { Key } from './screen/keys.ts';
import { slashOutcome } from './slash-dispatch.ts';
import { parseSlash } from './slash.ts';
import { initialState, reduce, type ChatAction, type ChatState } from './state.ts';

const start = (tui: Record<string, unknown> = {}): ChatState => ({
  ...initialState({ product: 'csm', version: '0', cwdLabel: '~/ws', model: 'gpt-5.5', effort: null }),
  configPanel: openConfigPanel({ tui, toml: {} }),
});
function press(s: ChatState, ...keys: Key[]) {
  const effects = [];
  for (const k of keys) {
    const r = routeKey(s, k, { page: 10, rows: 30 });
    s = r.actions.reduce((acc: ChatState, a: ChatAction) => reduce(acc, a), s);
    effects.push(...r.effects);
  }
  return { s, effects };
}
const text = (p: ConfigPanel) => configRows(p, 100).map((r) => r.spans.map((x) => x.text).join('').trimEnd());

describe('/config', () => {
  it("opens /keymap's browser from the Input group's Keyboard shortcuts row", () => {
    const { s, effects } = press(start(), { kind: 'right' }, { kind: 'right' });
    expect(s.configPanel?.groups[s.configPanel.group].rows[0]).toMatchObject({ name: 'Keyboard shortcuts', action: { kind: 'open', target: 'keymap' } });
    expect(effects).toEqual([]);
    expect(slashOutcome(parseSlash('/keymap')!, { threadId: 't', hasTurns: false })).toEqual({ kind: 'keymap' });
  });

  it("opens /theme's picker from the Appearance group's Theme row, which names the theme in force", () => {
    const s = start({ theme: 'nord' });
    expect(s.configPanel?.groups[0].rows[0]).toMatchObject({ name: 'Theme', value: 'nord ›', action: { kind: 'open', target: 'theme' } });
    expect(start().configPanel?.groups[0].rows[0].value).toBe('Automatic ›');
    expect(slashOutcome(parseSlash('/theme')!, { threadId: 't', hasTurns: false })).toEqual({ kind: 'theme' });
  });

  it('is asked for by name', () => {
    expect(slashOutcome(parseSlash('/config')!, { threadId: 't', hasTurns: false })).toEqual({ kind: 'config' });
  });

  it("opens on upstream's Appearance group with the person's values, descriptions cut at the edge", () => {
    expect(text(start({ show_tooltips: false }).configPanel!)).toEqual([
      '  Configuration',
      '  Changes save automatically',
      '',
      '   Appearance   Notifications   Input   Sessions   Text selection',
      '',
      '› Theme                   Automatic ›          Choose a syntax color palette with a live preview',
      '  Effects                 Configure ›          Configure animations and composer effects',
      '  Tips                    [ ] Off              Show helpful shortcuts and suggestions',
      '  Status line colors      [x] On               Use theme colors for the model, branch, and other st…',
      '  Status line display     Configure ›          Choose and reorder the information below the composer',
      '  Terminal title display  Configure ›          Choose and reorder the information in your terminal …',
      '',
      '  left/right group · / search · enter open · esc clear search/close',
    ]);
  });

  it('←/→ go through the groups and wrap; the Input group shows the Vim switch', () => {
    const input = press(start({ vim_mode_default: true }), { kind: 'right' }, { kind: 'right' }).s.configPanel!;
    expect(text(input)[6]).toBe('  Start in Vim mode     [x] On               Start new composers in Vim mode and use /vim for the c…');
    expect(press(start(), { kind: 'left' }).s.configPanel!.group).toBe(4);
  });

  it('Enter flips a switch at once and asks the app to save it; the hint names what Enter does', () => {
    const { s, effects } = press(start({ show_tooltips: false }), { kind: 'down' }, { kind: 'down' }, { kind: 'enter' });
    expect(text(s.configPanel!)[7]).toBe('› Tips                    [x] On               Show helpful shortcuts and suggestions');
    expect(text(s.configPanel!).at(-1)).toContain('enter toggle');
    expect(effects).toEqual([{ kind: 'list', id: 'config', index: 2, how: 'enter' }]);
    expect(s.configPanel!.groups[0].rows[2].action).toMatchObject({ kind: 'switch', key: ['tui', 'show_tooltips'], on: true });
  });

  it('Esc closes the panel', () => {
    expect(press(start(), { kind: 'escape' }).s.configPanel).toBeNull();
  });
});
