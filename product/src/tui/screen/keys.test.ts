import { describe, expect, it } from 'vitest';
import { KeyParser, parseKeys, type Key } from './keys.ts';

/** Feeds `chunks` one read at a time, with no escape timeout in between; then lets it run out. */
function read(chunks: string[]): { beforeTimeout: Key[]; afterTimeout: Key[] } {
  const p = new KeyParser();
  const beforeTimeout = chunks.flatMap((c) => p.feed(c));
  return { beforeTimeout, afterTimeout: p.timeout() };
}

/** Consecutive text keys joined, so splitting text across reads does not change the comparison. */
function joined(keys: Key[]): Key[] {
  const out: Key[] = [];
  for (const k of keys) {
    const last = out.at(-1);
    if (k.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + k.text };
    else out.push(k);
  }
  return out;
}

describe('the key parser', () => {
  it('reads the function keys as xterm and vt220 send them (F2 keeps its own kind)', () => {
    expect(parseKeys('\x1bOP\x1bOQ\x1bOS\x1b[15~\x1b[21~\x1b[24~\x1b[24;2~\x1b[12~')).toEqual([
      { kind: 'fn', n: 1 },
      { kind: 'f2' },
      { kind: 'fn', n: 4 },
      { kind: 'fn', n: 5 },
      { kind: 'fn', n: 10 },
      { kind: 'fn', n: 12 },
      { kind: 'fn', n: 12 },
      { kind: 'f2' },
    ]);
  });

  it('turns text, control bytes and escape sequences into keys', () => {
    expect(parseKeys('ab\r\x7f\x1b[A\x1b[3~\x01\x05\x15\n\x03\x14\t\x1b[Z')).toEqual([
      { kind: 'text', text: 'ab' },
      { kind: 'enter' },
      { kind: 'backspace' },
      { kind: 'up' },
      { kind: 'delete' },
      { kind: 'ctrl-a' },
      { kind: 'ctrl-e' },
      { kind: 'ctrl-u' },
      { kind: 'newline' },
      { kind: 'ctrl-c' },
      { kind: 'ctrl-t' },
      { kind: 'tab' },
      { kind: 'backtab' },
    ]);
  });

  it('reads the navigation keys of xterm, vt220 and rxvt, ignoring modifiers', () => {
    expect(parseKeys('\x1b[5~\x1b[6~\x1b[H\x1b[F\x1b[1~\x1b[4~\x1bOH\x1bOF\x1b[5;2~\x1b[1;5A').map((k) => k.kind)).toEqual([
      'pageup',
      'pagedown',
      'home',
      'end',
      'home',
      'end',
      'home',
      'end',
      'pageup',
      'up',
    ]);
  });

  it('reads Shift-Enter (kitty and modifyOtherKeys) as a new line', () => {
    expect(parseKeys('\x1b[13;2u\x1b[27;2;13~\x1b[13u')).toEqual([{ kind: 'newline' }, { kind: 'newline' }, { kind: 'enter' }]);
  });

  const sequences: Array<[string, Key[]]> = [
    ['\x1b[A', [{ kind: 'up' }]],
    ['\x1b[5;2~', [{ kind: 'pageup' }]],
    ['\x1bOH', [{ kind: 'home' }]],
    ['\x1b[I', [{ kind: 'focus', focused: true }]],
    ['\x1b[200~pasted\x1b[201~', [{ kind: 'paste', text: 'pasted' }]],
    ['\x1b]11;rgb:0000/0000/0000\x1b\\', [{ kind: 'background', rgb: [0, 0, 0] }]],
    ['\x1b]11;rgb:fdfd/f6f6/e3e3\x07', [{ kind: 'background', rgb: [253, 246, 227] }]],
    ['\x1b]10;rgb:ffff/ffff/ffff\x07', []],
    ['\x1b[12;40R', []],
    ['x\x1b[Bz', [{ kind: 'text', text: 'x' }, { kind: 'down' }, { kind: 'text', text: 'z' }]],
  ];
  for (const [seq, want] of sequences) {
    it(`reads ${JSON.stringify(seq)} the same however it is split across two reads`, () => {
      for (let at = 1; at < seq.length; at++) {
        const { beforeTimeout, afterTimeout } = read([seq.slice(0, at), seq.slice(at)]);
        expect(joined(beforeTimeout), `split at byte ${at}`).toEqual(want);
        expect(afterTimeout).toEqual([]);
      }
    });
  }

  it('never turns an arrow key split after its Esc into Esc plus text', () => {
    const p = new KeyParser();
    expect(p.feed('\x1b')).toEqual([]);
    expect(p.waiting).toBe(true);
    expect(p.feed('[A')).toEqual([{ kind: 'up' }]);
  });

  it('reads a lone Esc as the Esc key once the escape timeout runs out', () => {
    const p = new KeyParser();
    expect(p.feed('\x1b')).toEqual([]);
    expect(p.timeout()).toEqual([{ kind: 'escape' }]);
    expect(p.waiting).toBe(false);
    expect(p.feed('a')).toEqual([{ kind: 'text', text: 'a' }]);
  });

  it('reads Esc Esc as two Esc keys', () => {
    const p = new KeyParser();
    expect([...p.feed('\x1b\x1b'), ...p.timeout()]).toEqual([{ kind: 'escape' }, { kind: 'escape' }]);
  });

  it('reads Esc followed by a character in the same read as Alt and that character', () => {
    expect(parseKeys('\x1bb')).toEqual([{ kind: 'alt', text: 'b' }]);
  });

  it('keeps a paste whole, escape bytes, newlines and sequence look-alikes included', () => {
    const inside = 'line 1\r\n\x1b[A not an arrow\x1b\x1b[31mred\x1b[0m\ttab';
    expect(parseKeys(`a\x1b[200~${inside}\x1b[201~\r`)).toEqual([{ kind: 'text', text: 'a' }, { kind: 'paste', text: inside }, { kind: 'enter' }]);
  });

  it('waits for the end of a paste across many reads and past the escape timeout', () => {
    const p = new KeyParser();
    expect(p.feed('\x1b[200~first ')).toEqual([]);
    expect(p.timeout()).toEqual([]);
    expect(p.feed('second\x1b')).toEqual([]);
    expect(p.feed('[20')).toEqual([]);
    expect(p.feed('1~x')).toEqual([{ kind: 'paste', text: 'first second' }, { kind: 'text', text: 'x' }]);
  });

  it('drops what the terminal answers on its own: cursor position, OSC 52 and colours, device attributes', () => {
    const replies = '\x1b[24;80R' + '\x1b]52;c;aGVsbG8=\x07' + '\x1b]10;rgb:ffff/ffff/ffff\x1b\\' + '\x1b[?62;22c' + '\x1b[?1u' + '\x1bP>|xterm(390)\x1b\\';
    expect(parseKeys(`a${replies}b`)).toEqual([{ kind: 'text', text: 'ab' }]);
  });

  it('drops an OSC reply split across reads without typing any of it', () => {
    const reply = '\x1b]52;c;aGVsbG8gd29ybGQ=\x1b\\';
    for (let at = 1; at < reply.length; at++) {
      const { beforeTimeout, afterTimeout } = read([reply.slice(0, at), reply.slice(at) + 'k']);
      expect([...beforeTimeout, ...afterTimeout], `split at byte ${at}`).toEqual([{ kind: 'text', text: 'k' }]);
    }
  });
});
