import { describe, expect, it } from 'vitest';
import { readKeymapConfig, resolveKeymap } from '../../core/config/keymap.ts';
import { initialState, reduce, type ChatAction, type ChatState } from '../state.ts';
import type { Key } from '../screen/keys.ts';
import { composerCommand, keySpecs } from './bindings.ts';
import { routeKey } from './route.ts';

const start = () => initialState({ product: 'csm', version: '0.1.0', cwdLabel: '~/ws', model: 'gpt-5.5', effort: null });
const keymapOf = (raw: unknown) => {
  const { config, problems } = readKeymapConfig(raw);
  expect(problems).toEqual([]);
  return resolveKeymap(config);
};
function press(s: ChatState, keymap: ReturnType<typeof resolveKeymap>, ...keys: Key[]) {
  const effects = [];
  for (const k of keys) {
    const r = routeKey(s, k, { page: 10, rows: 30, keymap });
    s = r.actions.reduce((acc: ChatState, a: ChatAction) => reduce(acc, a), s);
    effects.push(...r.effects);
  }
  return { s, effects };
}
const text = (t: string): Key => ({ kind: 'text', text: t });

describe('the keys csm reads, as key specs', () => {
  it('names each the way a binding is written', () => {
    expect(keySpecs({ kind: 'ctrl-b' })).toEqual(['ctrl-b']);
    expect(keySpecs({ kind: 'alt', text: 'b' })).toEqual(['alt-b']);
    expect(keySpecs(text('d'))).toEqual(['d']);
    expect(keySpecs(text('?'))).toEqual(['?', 'shift-?']);
    expect(keySpecs(text('A'))).toEqual(['shift-a']);
    expect(keySpecs(text('-'))).toEqual(['minus']);
    expect(keySpecs({ kind: 'backspace' })).toEqual(['backspace', 'ctrl-h']);
    expect(keySpecs({ kind: 'pagedown' })).toEqual(['page-down']);
  });
});

describe('composer keys under [tui.keymap]', () => {
  it("are upstream's by default: Ctrl-B/Ctrl-F move, Ctrl-P recalls, Enter submits", () => {
    expect(composerCommand({ kind: 'ctrl-b' })).toBe('left');
    expect(composerCommand({ kind: 'ctrl-f' })).toBe('right');
    expect(composerCommand({ kind: 'ctrl-p' })).toBe('older');
    expect(composerCommand({ kind: 'enter' })).toBe('submit');
    expect(composerCommand({ kind: 'newline' })).toBe('newline');
  });

  it('submits with the key the config names, and Enter then breaks the line', () => {
    const keymap = keymapOf({ composer: { submit: 'f5' } });
    const typed = press(start(), keymap, text('hi'), { kind: 'enter' });
    expect(typed.effects).toEqual([]);
    expect(typed.s.composer.text).toBe('hi\n');
    expect(press(typed.s, keymap, { kind: 'fn', n: 5 }).effects).toEqual([{ kind: 'submit', text: 'hi\n' }]);
  });

  it('moves to the line start with a remapped key, and an unbound action does nothing', () => {
    const keymap = keymapOf({ editor: { move_line_start: 'ctrl-o', kill_line_start: [] } });
    let { s } = press(start(), keymap, text('abc'), { kind: 'ctrl-o' }, text('>'));
    expect(s.composer.text).toBe('>abc');
    ({ s } = press(s, keymap, { kind: 'ctrl-a' }, { kind: 'ctrl-u' }));
    expect(s.composer.text).toBe('>abc');
  });

  it('still quits on Ctrl-D in an empty composer, and deletes forward with text', () => {
    const keymap = resolveKeymap();
    expect(press(start(), keymap, { kind: 'ctrl-d' }).effects).toEqual([{ kind: 'quit' }]);
    const { s } = press(start(), keymap, text('ab'), { kind: 'left' }, { kind: 'ctrl-d' });
    expect(s.composer.text).toBe('a');
  });

  it('interrupts a running turn with chat.interrupt_turn, Esc by default', () => {
    const running = reduce(start(), { type: 'submitted', text: 'go', at: 0 });
    expect(press(running, resolveKeymap(), { kind: 'escape' }).effects).toEqual([{ kind: 'interrupt' }]);
    const keymap = keymapOf({ chat: { interrupt_turn: 'ctrl-g' } });
    expect(press(running, keymap, { kind: 'escape' }).effects).toEqual([]);
    expect(press(running, keymap, { kind: 'ctrl-g' }).effects).toEqual([{ kind: 'interrupt' }]);
  });

  it('runs the app-wide toggles csm has (Vim mode, Fast mode, raw output) from their keys', () => {
    expect(press(start(), resolveKeymap(), { kind: 'alt', text: 'r' }).effects).toEqual([{ kind: 'slash', line: '/raw' }]);
    expect(press(start(), resolveKeymap(), { kind: 'fn', n: 6 }).effects).toEqual([]);
    expect(press(start(), keymapOf({ global: { toggle_vim_mode: 'f6' } }), { kind: 'fn', n: 6 }).effects).toEqual([{ kind: 'slash', line: '/vim' }]);
  });
});
