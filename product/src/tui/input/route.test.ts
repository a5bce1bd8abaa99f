import { describe, expect, it } from 'vitest';
import { initialState, reduce, type ChatAction, type ChatState } from '../state.ts';
import type { Key } from '../screen/keys.ts';
import { routeKey } from './route.ts';

const start = () => initialState({ product: 'csm', version: '0.1.0', cwdLabel: '~/ws', model: 'gpt-5.5', effort: null });
const ctx = { page: 10, rows: 30 };
/** Routes the keys one by one, applying each key's actions, and returns the state and every effect asked for. */
function press(s: ChatState, ...keys: Key[]) {
  const effects = [];
  for (const k of keys) {
    const r = routeKey(s, k, ctx);
    s = r.actions.reduce((acc: ChatState, a: ChatAction) => reduce(acc, a), s);
    effects.push(...r.effects);
  }
  return { s, effects };
}
const text = (t: string): Key => ({ kind: 'text', text: t });

describe('routing keys', () => {
  it('sends a typed prompt with Enter', () => {
    expect(press(start(), text('hi'), { kind: 'enter' }).effects).toEqual([{ kind: 'submit', text: 'hi' }]);
  });

  it('runs `!ls` locally instead of sending it, in shell mode', () => {
    const { s, effects } = press(start(), text('!'), text('ls'), { kind: 'enter' });
    expect(s.shell).toBe(true);
    expect(effects).toEqual([{ kind: 'shell', command: 'ls' }]);
  });

  it('leaves shell mode on Backspace in an empty composer', () => {
    expect(press(start(), text('!'), { kind: 'backspace' }).s.shell).toBe(false);
  });

  it('expands a collapsed paste when sending', () => {
    const big = 'x'.repeat(1500);
    const { s, effects } = press(start(), text('see '), { kind: 'paste', text: big });
    expect(s.composer.text).toBe('see [Pasted Content 1500 chars]');
    expect(press(s, { kind: 'enter' }).effects).toEqual([{ kind: 'submit', text: `see ${big}` }]);
  });

  it('steers Enter during a running turn', () => {
    const running = reduce(start(), { type: 'submitted', text: 'first', at: 0 });
    expect(press(running, text('more'), { kind: 'enter' }).effects).toEqual([{ kind: 'steer', text: 'more' }]);
  });

  it('runs the highlighted slash command on Enter, from the one popup the reducer keeps', () => {
    const { s, effects } = press(start(), text('/st'), { kind: 'enter' });
    expect(s.popup?.kind === 'slash' && s.popup.commands.map((c) => c.name)).toEqual(['status', 'statusline', 'stop']);
    expect(effects).toEqual([{ kind: 'slash', line: '/status' }]);
  });

  it('opens the shortcuts panel with ? and closes it with Esc; other keys close it and type', () => {
    expect(press(start(), text('?')).s.help).toBe(true);
    expect(press(start(), text('?'), { kind: 'escape' }).s.help).toBe(false);
    const typed = press(start(), text('?'), text('h')).s;
    expect([typed.help, typed.composer.text]).toEqual([false, 'h']);
  });

  it('backtracks with Esc Esc over earlier prompts and rewinds with Enter', () => {
    let s = start();
    for (const p of ['one', 'two']) {
      s = reduce(s, { type: 'submitted', text: p, at: 0 });
      s = reduce(s, { type: 'turn-ended', at: 1, now: new Date(0) });
    }
    const primed = press(s, { kind: 'escape' }).s;
    expect(primed.backtrack).toEqual({ stage: 'primed' });
    const browsing = press(primed, { kind: 'escape' }).s;
    expect(browsing.backtrack).toEqual({ stage: 'browsing', index: 1 });
    const older = press(browsing, { kind: 'left' }).s;
    expect(press(older, { kind: 'enter' }).effects).toEqual([{ kind: 'rewind', turnsBack: 2 }]);
    // Anything else after one Esc is just that key.
    expect(press(primed, text('x')).s).toMatchObject({ backtrack: null, composer: { text: 'x' } });
  });

  it('interrupts a running turn with Esc and quits on Ctrl-C only when idle and empty', () => {
    const running = reduce(start(), { type: 'submitted', text: 'first', at: 0 });
    expect(press(running, { kind: 'escape' }).effects).toEqual([{ kind: 'interrupt' }]);
    expect(press(start(), text('x'), { kind: 'ctrl-c' }).effects).toEqual([]);
    expect(press(start(), { kind: 'ctrl-c' }).effects).toEqual([{ kind: 'quit' }]);
  });

  it('gives every key to an open approval modal', () => {
    const asking = reduce(start(), { type: 'approval-requested', request: { kind: 'command', command: 'rm x', cwd: '/ws', reason: null } });
    expect(press(asking, text('y')).effects).toEqual([{ kind: 'answer', decision: 'approve' }]);
    expect(press(asking, text('?')).s.help).toBe(false);
  });
});
