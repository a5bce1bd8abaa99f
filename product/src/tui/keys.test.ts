import { describe, expect, it } from 'vitest';
import { createKeyParser, parseKeys } from './keys.ts';

describe('terminal input', () => {
  it('becomes text runs and named keys', () => {
    expect(parseKeys('ab\r\x7f\x1b[A\x1b[3~\x01\x05\x15\n\x03')).toEqual([
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
    ]);
  });

  it('reads a bracketed paste as one key, newlines and all, even across chunks', () => {
    const parse = createKeyParser();
    expect(parse('x\x1b[200~line 1\r\nli')).toEqual([{ kind: 'text', text: 'x' }]);
    expect(parse('ne 2\x1b[201~\r')).toEqual([{ kind: 'paste', text: 'line 1\r\nline 2' }, { kind: 'enter' }]);
  });
});
