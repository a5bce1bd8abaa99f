import { describe, expect, it } from 'vitest';
import { initialState, type HistoryCell } from './state.ts';
import { drawChat } from './view.ts';

const chat = (cells: HistoryCell[]) => ({ ...initialState({ product: 'csm', version: '0.1.0', cwdLabel: '~/ws', model: 'gpt-5.5', effort: null }), cells });
const list = (n: number) => Array.from({ length: n }, (_, i) => `- L${String(i + 1).padStart(2, '0')}`).join('\n');
const at = new Date(0);

describe('the prompt of the turn at the top of the transcript', () => {
  it('takes the top row once the turn has scrolled past it (upstream 0.171.0 keeps it in view)', () => {
    const c = drawChat(chat([{ kind: 'user', text: 'first prompt' }, { kind: 'agent', text: list(30) }, { kind: 'worked', ms: 1000, at }]), 80, 24, 0);
    expect(c.rowText(0)).toBe('› first prompt');
    // The rows under it are the turn's, unmoved: the pinned line covers the one that was there.
    expect(c.rowText(1)).toBe('  • L16');
    // Drawn word by word: the text in the prompt's colour, the spaces in the block's only.
    expect(c.cells[0][2].style).toEqual({ fg: '#eeeeee', bg: '#444444' });
    expect(c.cells[0][7].style).toEqual({ bg: '#444444' });
  });

  it("is the topmost turn's prompt, not the newest one", () => {
    const c = drawChat(chat([{ kind: 'user', text: 'first prompt' }, { kind: 'agent', text: list(30) }, { kind: 'worked', ms: 1000, at }, { kind: 'user', text: 'second' }, { kind: 'agent', text: 'short answer' }, { kind: 'worked', ms: 1000, at }]), 80, 24, 0);
    expect(c.rowText(0)).toBe('› first prompt');
    expect(c.rowText(1)).toBe('  • L24');
  });

  it('is not pinned while any of its block is still in view, nor before the transcript overflows', () => {
    const short = drawChat(chat([{ kind: 'user', text: 'hello' }, { kind: 'agent', text: 'hi' }]), 80, 24, 0);
    expect(short.rowText(1)).toContain('>_');
    // A window starting on the prompt block's bottom pad keeps the pad (upstream's tui-markdown-80x24 blocks frame).
    const c = drawChat(chat([{ kind: 'user', text: 'q' }, { kind: 'agent', text: 'a' }, { kind: 'user', text: 'more' }, { kind: 'agent', text: list(10) }]), 80, 24, 0);
    expect([c.rowText(0), c.rowText(1), c.rowText(2)]).toEqual(['', '', '• a']);
    expect(c.cells[0][0].style).toEqual({ fg: '#eeeeee', bg: '#444444' });
  });
});
