import { describe, expect, it } from 'vitest';
import { outputStream, utf8Pieces } from './output-stream.ts';

describe('a command output stream', () => {
  it('sends nothing the command printed before it was shown, then every piece as it comes', () => {
    const sent: string[] = [];
    const s = outputStream((p) => sent.push(p));
    s.push('early\n');
    s.open();
    s.push('one\n');
    s.push('');
    s.push('two\n');
    expect(sent).toEqual(['one\n', 'two\n']);
  });

  it('cuts a long write into pieces of at most 8 KiB of UTF-8, between characters', () => {
    const text = 'a'.repeat(8191) + 'é' + 'b'.repeat(10);
    const pieces = utf8Pieces(text);
    expect(pieces).toEqual(['a'.repeat(8191), 'é' + 'b'.repeat(10)]);
    expect(pieces.join('')).toBe(text);
    // a character outside the BMP (two UTF-16 units, four bytes) stays whole
    expect(utf8Pieces('ab😀c', 4)).toEqual(['ab', '😀', 'c']);
  });

  it('stops after the most pieces a command may send', () => {
    const sent: string[] = [];
    const s = outputStream((p) => sent.push(p), { maxBytes: 2, maxPieces: 3 });
    s.open();
    s.push('aabbccdd');
    s.push('ee');
    expect(sent).toEqual(['aa', 'bb', 'cc']);
  });
});
