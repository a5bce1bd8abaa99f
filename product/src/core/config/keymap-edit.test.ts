import { describe, expect, it } from 'vitest';
import { setKeymapBindingText } from './keymap-edit.ts';

describe('saving a keymap binding', () => {
  it('adds its own [tui.keymap.<context>] table, the file as it was above it', () => {
    const before = '# my settings\nmodel = "gpt-5.5" # the default\n\n[tui]\nshow_tooltips = false\n';
    expect(setKeymapBindingText(before, 'global', 'focus_sidebar_tabs', ['f12'])).toBe(`${before}\n[tui.keymap.global]\nfocus_sidebar_tabs = "f12"\n`);
  });

  it('writes several keys as an array, into the table that is there, keeping its comments', () => {
    const before = '[tui.keymap.editor]\n# emacs habits\nmove_left = "ctrl-b"\n';
    expect(setKeymapBindingText(before, 'editor', 'move_right', ['ctrl-f', 'right'])).toBe('[tui.keymap.editor]\n# emacs habits\nmove_left = "ctrl-b"\nmove_right = [ "ctrl-f", "right" ]\n');
  });

  it('removes a binding again, and leaves a file without it untouched', () => {
    const before = 'model = "x"\n\n[tui.keymap.editor]\nmove_left = "ctrl-b"\nmove_right = "ctrl-f"\n';
    expect(setKeymapBindingText(before, 'editor', 'move_left', null)).toBe('model = "x"\n\n[tui.keymap.editor]\nmove_right = "ctrl-f"\n');
    expect(setKeymapBindingText('model = "x"\n', 'editor', 'move_left', null)).toBe('model = "x"\n');
  });

  it('starts an empty file with the table', () => {
    expect(setKeymapBindingText('', 'composer', 'submit', ['ctrl-s'])).toBe('[tui.keymap.composer]\nsubmit = "ctrl-s"\n');
  });
});
