import { describe, expect, it } from 'vitest';
import { linesWrittenTwice, rawCounters } from './raw-counters.ts';

describe('raw counters', () => {
  it('counts a line repainted with the same text at the same row', () => {
    const paint = (status: string) => `\x1b[1;1H› hello\x1b[K\x1b[3;1H${status}\x1b[K`;
    // Second paint: the prompt row is written again unchanged, the status row changed.
    expect(linesWrittenTwice(paint('working') + paint('done'))).toBe(1);
    expect(linesWrittenTwice(paint('working') + paint('working'))).toBe(2);
  });

  it('does not count the same text on another row, nor a repaint after a full clear', () => {
    expect(linesWrittenTwice('same\r\nsame\r\n')).toBe(0);
    expect(linesWrittenTwice('\x1b[1;1Hsame\x1b[2J\x1b[1;1Hsame')).toBe(0);
  });

  it('follows relative moves and ignores styling inside a line', () => {
    expect(linesWrittenTwice('a\x1b[1mb\x1b[0m\r\nz\x1b[1A\rab')).toBe(1);
  });

  it('leaves out rows it is told to ignore (a status row an animation rewrites)', () => {
    const frame = (status: string) => `\x1b[1;1H› hello\x1b[3;1H${status}`;
    expect(linesWrittenTwice(frame('• Working') + frame('• Working'))).toBe(2);
    expect(linesWrittenTwice(frame('• Working') + frame('• Working'), new Set([2]))).toBe(1);
  });

  it('reports clears and the rest beside it', () => {
    expect(rawCounters('\x1b[2J\x1b[?1049hx\x1b[K')).toEqual({ bytes: 16, fullClears: 1, eraseLines: 1, cursorUps: 0, altScreenEnters: 1, syncUpdates: 0, linesWrittenTwice: 0 });
  });
});
