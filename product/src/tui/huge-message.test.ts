// A session whose newest answer is one enormous message opens at once, showing that answer's end.
import { describe, expect, it } from 'vitest';
import { initialState } from './state.ts';
import { drawChat } from './view.ts';

const FIFTY_MB = 50 * 1024 * 1024;

function hugeAnswer(): string {
  const line = 'A line of a very long answer, with **bold** text and `code` in it, and a [link](https://example.com).\n';
  return line.repeat(Math.ceil(FIFTY_MB / line.length)) + '\nThe very end of the answer.';
}

describe('an answer of 50 MB', () => {
  it('draws its tail on the first frame, within a second, without exhausting the stack', () => {
    const s = initialState({ product: 'csm', version: '0.1.0', cwdLabel: '~/ws', model: 'gpt-5.5', effort: null, history: [{ kind: 'user', text: 'write a lot' }, { kind: 'agent', text: hugeAnswer() }] });
    const started = performance.now();
    const c = drawChat(s, 100, 30, 0);
    const ms = performance.now() - started;
    const rows = Array.from({ length: 30 }, (_, y) => c.rowText(y));
    expect(rows.join('\n')).toContain('The very end of the answer.');
    expect(rows.join('\n')).toContain('A line of a very long answer, with bold text and code in it, and a link');
    expect(ms).toBeLessThan(1000);
  });
});
