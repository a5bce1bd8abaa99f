// A session whose newest answer is one enormous message opens at once, showing that answer's end:
// a frame lays out at most MAX_LAID_OUT_CHARS of a message, whatever its size, so drawing it costs
// the same for 50 MB as for 128 KB. (How long a real `csm resume` of such a session takes is
// measured, against upstream, by bench/tui.ts's huge-answer case.)
import { describe, expect, it } from 'vitest';
import { MAX_LAID_OUT_CHARS } from './markdown.ts';
import { initialState } from './state.ts';
import { drawChat } from './view.ts';

const FIFTY_MB = 50 * 1024 * 1024;

function hugeAnswer(): string {
  const line = 'A line of a very long answer, with **bold** text and `code` in it, and a [link](https://example.com).\n';
  return line.repeat(Math.ceil(FIFTY_MB / line.length)) + '\nThe very end of the answer.';
}

describe('an answer of 50 MB', () => {
  it('draws its tail on the first frame without exhausting the stack, laying out only the end of it', () => {
    const answer = hugeAnswer();
    const s = initialState({ product: 'csm', version: '0.1.0', cwdLabel: '~/ws', model: 'gpt-5.5', effort: null, history: [{ kind: 'user', text: 'write a lot' }, { kind: 'agent', text: answer }] });
    const c = drawChat(s, 100, 30, 0);
    const rows = Array.from({ length: 30 }, (_, y) => c.rowText(y));
    expect(rows.join('\n')).toContain('The very end of the answer.');
    expect(rows.join('\n')).toContain('A line of a very long answer, with bold text and code in it, and a link');
    // Scrolled to the top of what was laid out, the notice says how much of the message was left out.
    const top = drawChat({ ...s, scroll: 1_000_000 }, 100, 30, 0);
    const notice = /… ([\d,]+) earlier characters of this message not shown/.exec(Array.from({ length: 30 }, (_, y) => top.rowText(y)).join('\n'));
    expect(notice, 'the omitted-characters notice').not.toBeNull();
    const omitted = Number(notice![1].replaceAll(',', ''));
    expect(answer.length - omitted).toBeLessThanOrEqual(MAX_LAID_OUT_CHARS);
    expect(answer.length - omitted).toBeGreaterThan(MAX_LAID_OUT_CHARS / 2);
  });
});
