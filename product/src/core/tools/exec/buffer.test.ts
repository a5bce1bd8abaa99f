import { describe, expect, it } from 'vitest';

import { approxTokens, HeadTailBuffer, LineEndingNormalizer } from './buffer.ts';

describe('HeadTailBuffer', () => {
  it('keeps everything while under its capacity', () => {
    const buffer = new HeadTailBuffer(10);
    buffer.append('abc');
    buffer.append('def');
    expect(buffer.snapshot()).toEqual({ text: 'abcdef', totalChars: 6, droppedChars: 0 });
  });

  it('keeps the first and last halves and marks the dropped middle', () => {
    const buffer = new HeadTailBuffer(8);
    for (const chunk of ['0123', '4567', '89ab', 'cdef']) buffer.append(chunk);
    expect(buffer.snapshot()).toEqual({ text: '0123\n…2 tokens truncated…\ncdef', totalChars: 16, droppedChars: 8 });
  });

  it('stays bounded however much is appended', () => {
    const buffer = new HeadTailBuffer(1000);
    for (let i = 0; i < 10_000; i += 1) buffer.append('x'.repeat(100));
    const { text, totalChars } = buffer.snapshot();
    expect(totalChars).toBe(1_000_000);
    expect(text.replace(/\n…\d+ tokens truncated…\n/, '')).toHaveLength(1000);
  });

  it('keeps output in order when a character pair straddles the head boundary', () => {
    const buffer = new HeadTailBuffer(6);
    buffer.append('ab😀'); // 'ab' + a surrogate pair: 4 code units, head holds 3
    buffer.append('c');
    expect(buffer.snapshot().text).toBe('ab😀c');
  });

  it('empties itself on take()', () => {
    const buffer = new HeadTailBuffer(10);
    buffer.append('hello');
    expect(buffer.take().text).toBe('hello');
    expect(buffer.take()).toEqual({ text: '', totalChars: 0, droppedChars: 0 });
  });
});

describe('LineEndingNormalizer', () => {
  it('turns CRLF into LF, including a pair split across chunks', () => {
    const normalizer = new LineEndingNormalizer();
    const out = ['one\r\ntwo\r', '\nthree\r'].map((chunk) => normalizer.push(chunk)).join('') + normalizer.flush();
    expect(out).toBe('one\ntwo\nthree\r');
  });

  it('keeps a lone carriage return (progress bars)', () => {
    const normalizer = new LineEndingNormalizer();
    expect(normalizer.push('10%\r20%\r') + normalizer.push('done\n')).toBe('10%\r20%\rdone\n');
  });
});

describe('approxTokens', () => {
  it.each([
    [0, 0],
    [1, 1],
    [4, 1],
    [16, 4],
    [17, 5],
  ])('%i characters ≈ %i tokens', (chars, tokens) => {
    expect(approxTokens(chars)).toBe(tokens);
  });
});
