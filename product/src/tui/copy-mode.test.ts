import { describe, expect, it } from 'vitest';
import { initialState, type ChatState, type HistoryCell } from './state.ts';
import type { Key } from './screen/keys.ts';
import { copiedText, copyKey, openCopyMode } from './copy-mode.ts';
import { drawChat } from './view.ts';

const cells: HistoryCell[] = [
  { kind: 'user', text: 'one' },
  { kind: 'agent', text: 'First **answer**.' },
  { kind: 'user', text: 'two' },
  { kind: 'agent', text: 'Second answer.' },
];
const base = (): ChatState => ({ ...initialState({ product: 'csm', version: '0', cwdLabel: '~/ws', model: 'gpt-5.5', effort: null, history: cells }) });

/** The state after /copy and these keys. */
function after(...keys: Key[]): ChatState {
  let s: ChatState = { ...base(), copy: openCopyMode(cells) };
  for (const k of keys) for (const a of copyKey(s, k)!.actions) if (a.type === 'copy') s = { ...s, copy: a.copy };
  return s;
}

describe('/copy mode', () => {
  it('starts on the newest answer, and has nothing to open without one', () => {
    expect(openCopyMode(cells)).toEqual({ cell: 3, sent: false });
    expect(openCopyMode([{ kind: 'user', text: 'x' }])).toBeNull();
  });

  it('moves between answers with ↑/↓, j/k and g/G, staying within them', () => {
    expect(after({ kind: 'up' }).copy?.cell).toBe(1);
    expect(after({ kind: 'text', text: 'k' }, { kind: 'text', text: 'k' }).copy?.cell).toBe(1);
    expect(after({ kind: 'text', text: 'g' }, { kind: 'text', text: 'j' }).copy?.cell).toBe(3);
    expect(after({ kind: 'text', text: 'g' }, { kind: 'text', text: 'G' }).copy?.cell).toBe(3);
  });

  it('copies the chosen answer as its Markdown on Enter, and Esc leaves', () => {
    const s = after({ kind: 'up' });
    expect(copiedText(s)).toBe('First **answer**.');
    const r = copyKey(s, { kind: 'enter' })!;
    expect(r.effects).toEqual([{ kind: 'list', id: 'copy', index: 1, how: 'enter' }]);
    expect(r.actions).toEqual([{ type: 'copy', copy: { cell: 1, sent: true } }]);
    expect(after({ kind: 'escape' }).copy).toBeNull();
  });

  it('draws the chosen answer in reverse, the mode under the status line and the toast once sent', () => {
    const c = drawChat({ ...after(), copy: { cell: 3, sent: true } }, 80, 24, 0);
    const rows = Array.from({ length: 24 }, (_, y) => c.rowText(y).trimEnd());
    expect(rows[22]).toBe('  Copy whole response');
    expect(rows[23]).toBe('  ↑/↓/j/k select · g/G ends · enter copy · esc close');
    expect(rows.some((r) => r.endsWith('Copy sent to terminal · paste to verify'))).toBe(true);
    const answer = rows.indexOf('• Second answer.');
    expect(c.cells[answer][40].style).toMatchObject({ bold: true, reverse: true });
  });
});

describe('/copy mode on an older answer', () => {
  it('scrolls the transcript so the chosen answer shows', () => {
    const many: HistoryCell[] = Array.from({ length: 12 }, (_, i): HistoryCell[] => [
      { kind: 'user', text: `question ${i}` },
      { kind: 'agent', text: `answer ${i}` },
    ]).flat();
    const s: ChatState = { ...initialState({ product: 'csm', version: '0', cwdLabel: '~/ws', model: 'gpt-5.5', effort: null, history: many }), copy: { cell: 1, sent: false } };
    const c = drawChat(s, 80, 24, 0);
    const rows = Array.from({ length: 24 }, (_, y) => c.rowText(y).trimEnd());
    expect(rows).toContain('• answer 0');
    expect(rows).not.toContain('• answer 11');
  });
});
