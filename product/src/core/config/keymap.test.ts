import { describe, expect, it } from 'vitest';
import { KEYMAP_ACTIONS, normalizeKeySpec, readKeymapConfig, resolveKeymap } from './keymap.ts';
import { validateConfigToml } from './validate.ts';

describe('the keymap catalogue', () => {
  it('holds upstream 0.171.0s 173 actions, six of them unbound by default', () => {
    expect(KEYMAP_ACTIONS).toHaveLength(173);
    expect(KEYMAP_ACTIONS.filter((a) => !a.defaults.length).map((a) => `${a.context}.${a.action}`)).toEqual([
      'global.open_agents',
      'global.toggle_vim_mode',
      'global.toggle_fast_mode',
      'chat.previous_permission_mode',
      'chat.next_permission_mode',
      'editor.kill_whole_line',
    ]);
  });
});

describe('key specs', () => {
  it('are stored in one spelling: modifiers ordered, aliases resolved, case folded', () => {
    expect(normalizeKeySpec('Shift-Ctrl-A')).toBe('ctrl-shift-a');
    expect(normalizeKeySpec('escape')).toBe('esc');
    expect(normalizeKeySpec('PgDn')).toBe('page-down');
    expect(normalizeKeySpec('option-control-h')).toBe('ctrl-alt-h');
    expect(normalizeKeySpec('F24')).toBe('f24');
    expect(normalizeKeySpec('ctrl-x   ctrl-s')).toBe('ctrl-x ctrl-s');
    expect(normalizeKeySpec('leader T')).toBe('leader t');
  });

  it('refuse what cannot be a key, saying why', () => {
    expect(() => normalizeKeySpec('')).toThrow(/cannot be empty/);
    expect(() => normalizeKeySpec('ctrl-')).toThrow(/no key after its modifiers/);
    expect(() => normalizeKeySpec('a-ctrl')).toThrow(/modifiers come before the key/);
    expect(() => normalizeKeySpec('ctrl-ctrl-a')).toThrow(/twice/);
    expect(() => normalizeKeySpec('f25')).toThrow(/unknown key `f25`/);
    expect(() => normalizeKeySpec('hyper')).toThrow(/unknown key `hyper`/);
    expect(() => normalizeKeySpec('a b c')).toThrow(/at most 2/);
  });
});

describe('[tui.keymap] in config.toml', () => {
  it('names the key of an unknown action, an unknown context and a bad spec', () => {
    const tui = { keymap: { global: { open_transcrip: 'ctrl-x' }, composr: {}, editor: { move_left: 'ctrl-hyper' } } };
    expect(() => validateConfigToml({ tui }, 'config.toml')).toThrow(
      [
        'config.toml: tui.keymap.global.open_transcrip: unknown action `global.open_transcrip`; /keymap lists every action and its config key',
        'config.toml: tui.keymap.composr: unknown keymap context `composr`; expected one of global, chat, composer, editor, vim_normal, vim_search, vim_operator, vim_text_object, pager, list, agents, approval',
        'config.toml: tui.keymap.editor.move_left: unknown key `hyper` in `ctrl-hyper`; use a printable character, f1-f24, or one of enter, tab, backspace, esc, delete, up, down, left, right, home, end, page-up, page-down, space, minus',
      ].join('\n'),
    );
  });

  it('refuses a key that another action of the same context has, naming both', () => {
    expect(() => validateConfigToml({ tui: { keymap: { composer: { submit: 'ctrl-s' } } } }, 'config.toml')).toThrow(
      'config.toml: tui.keymap.composer.submit: `ctrl-s` is also bound to `composer.history_search_next`; give each action its own key (an empty list unbinds one)',
    );
    expect(readKeymapConfig({ composer: { submit: 'ctrl-s', history_search_next: [] } }).problems).toEqual([]);
  });

  it('refuses a value that is neither a spec nor a list of them', () => {
    expect(() => validateConfigToml({ tui: { keymap: { composer: { submit: 3 } } } }, 'config.toml')).toThrow(/tui\.keymap\.composer\.submit: expected a key spec or an array/);
  });

  it('takes one spec or several; an empty list unbinds; the rest keep their defaults', () => {
    const { config, problems } = readKeymapConfig({ editor: { move_left: 'Ctrl-B', kill_line_start: [] }, composer: { submit: ['f5', 'enter'] } });
    expect(problems).toEqual([]);
    const keymap = resolveKeymap(config);
    expect(keymap.bindings('editor', 'move_left')).toEqual(['ctrl-b']);
    expect(keymap.bindings('editor', 'kill_line_start')).toEqual([]);
    expect(keymap.bindings('composer', 'submit')).toEqual(['f5', 'enter']);
    expect(keymap.bindings('editor', 'move_right')).toEqual(['right', 'ctrl-f']);
    expect(keymap.customized('editor', 'kill_line_start')).toBe(true);
    expect(keymap.customized('editor', 'move_right')).toBe(false);
  });

  it('lets global stand in for the composer actions it may set, below the composer own', () => {
    expect(resolveKeymap(readKeymapConfig({ global: { submit: 'ctrl-s' } }).config).bindings('composer', 'submit')).toEqual(['ctrl-s']);
    expect(resolveKeymap(readKeymapConfig({ global: { submit: 'ctrl-s' }, composer: { submit: 'f5' } }).config).bindings('composer', 'submit')).toEqual(['f5']);
  });
});
