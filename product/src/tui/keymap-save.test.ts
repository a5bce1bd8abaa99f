import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkspace, type TestWorkspace } from '#test-support/workspace';
import { keymapConfigOf, saveKeymapChange } from './keymap-save.ts';

let home: TestWorkspace;
afterEach(() => home?.remove());

describe("/keymap's saving", () => {
  it('writes the binding to config.toml, keeps the rest of the file, and the keymap follows at once', () => {
    home = makeWorkspace('csm-keymap-');
    home.write('config.toml', '# mine\nmodel = "gpt-5.5"\n');
    const saved = saveKeymapChange(home.root, keymapConfigOf(undefined), { context: 'global', action: 'focus_sidebar_tabs', specs: ['f12'] });
    expect(home.read('config.toml')).toBe('# mine\nmodel = "gpt-5.5"\n\n[tui.keymap.global]\nfocus_sidebar_tabs = "f12"\n');
    expect(saved.keymap.bindings('global', 'focus_sidebar_tabs')).toEqual(['f12']);
    expect(saved.keymap.customized('global', 'focus_sidebar_tabs')).toBe(true);
    expect(saved.notice).toEqual({ kind: 'notice', text: 'Remapped `global.focus_sidebar_tabs` to `f12`.' });
  });

  it('removes a custom binding: the default is back, the file no longer names it', () => {
    home = makeWorkspace('csm-keymap-');
    home.write('config.toml', '[tui.keymap.editor]\nmove_left = "ctrl-o"\n');
    const config = keymapConfigOf({ keymap: { editor: { move_left: 'ctrl-o' } } });
    const saved = saveKeymapChange(home.root, config, { context: 'editor', action: 'move_left', specs: null });
    expect(home.read('config.toml')).not.toContain('move_left');
    expect(saved.keymap.bindings('editor', 'move_left')).toEqual(['left', 'ctrl-b']);
    expect(saved.notice).toEqual({ kind: 'notice', text: 'Removed custom shortcut for `editor.move_left`.' });
  });
});
