// Where a JSON text first goes wrong, said as codex says it (its JSON reader's wording and
// positions): "expected ident at line 1 column 2". Lines count from 1; a column counts the bytes of
// its line up to the byte at fault: the last byte read, or for a byte only looked at (a stray comma,
// trailing text) that byte itself. codex's reader also refuses lone surrogate escapes and nesting
// past 127 levels, which JSON.parse accepts, so this check runs before JSON.parse.

const MAX_DEPTH = 127;

class Fault extends Error {
  constructor(
    readonly what: string,
    readonly at: number,
  ) {
    super(what);
  }
}

function position(bytes: Uint8Array, at: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < at && i < bytes.length; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: at - start };
}

const isHex = (b: number) => (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
const isDigit = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x39;

/** The first syntax error in `text` as codex words it, or null when it is valid JSON. */
export function jsonSyntaxError(text: string): string | null {
  const bytes = new TextEncoder().encode(text);
  let i = 0; // bytes read so far
  const peek = () => (i < bytes.length ? bytes[i] : undefined);
  // A byte that was read is at fault: its position is the count read. One only looked at: one more.
  const read = (what: string) => new Fault(what, i);
  const seen = (what: string) => new Fault(what, i + 1);
  const eof = (what: string) => new Fault(`EOF while parsing ${what}`, i);
  const ws = () => {
    while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x09 || bytes[i] === 0x0d)) i++;
  };

  const ident = (rest: string) => {
    i++;
    for (const ch of rest) {
      if (i >= bytes.length) throw eof('a value');
      i++;
      if (bytes[i - 1] !== ch.charCodeAt(0)) throw read('expected ident');
    }
  };

  const number = () => {
    if (peek() === 0x2d) {
      i++;
      if (i >= bytes.length) throw eof('a value');
    }
    if (!isDigit(peek())) {
      i++;
      throw read('invalid number');
    }
    if (peek() === 0x30) {
      i++;
      if (isDigit(peek())) throw seen('invalid number');
    } else while (isDigit(peek())) i++;
    const digitsAfter = () => {
      if (i >= bytes.length) throw eof('a value');
      if (!isDigit(peek())) {
        i++;
        throw read('invalid number');
      }
      while (isDigit(peek())) i++;
    };
    if (peek() === 0x2e) {
      i++;
      digitsAfter();
    }
    if (peek() === 0x65 || peek() === 0x45) {
      i++;
      if (peek() === 0x2b || peek() === 0x2d) i++;
      digitsAfter();
    }
  };

  const hex4 = (): number => {
    if (i + 4 > bytes.length) {
      i = bytes.length;
      throw eof('a string');
    }
    const digits = bytes.slice(i, i + 4);
    i += 4;
    if (!digits.every(isHex)) throw read('invalid escape');
    return parseInt(new TextDecoder().decode(digits), 16);
  };

  const string = () => {
    i++;
    for (;;) {
      if (i >= bytes.length) throw eof('a string');
      const b = bytes[i++];
      if (b === 0x22) return;
      if (b < 0x20) throw read('control character (\\u0000-\\u001F) found while parsing a string');
      if (b !== 0x5c) continue;
      if (i >= bytes.length) throw eof('a string');
      const e = bytes[i++];
      if ('"\\/bfnrt'.includes(String.fromCharCode(e))) continue;
      if (e !== 0x75) throw read('invalid escape');
      const unit = hex4();
      if (unit >= 0xdc00 && unit <= 0xdfff) throw read('lone leading surrogate in hex escape');
      if (unit < 0xd800 || unit > 0xdbff) continue;
      for (const want of [0x5c, 0x75]) {
        if (i >= bytes.length) throw eof('a string');
        if (bytes[i++] !== want) throw read('unexpected end of hex escape');
      }
      const low = hex4();
      if (low < 0xdc00 || low > 0xdfff) throw read('lone leading surrogate in hex escape');
    }
  };

  const value = (depth: number): void => {
    const b = peek();
    if (b === undefined) throw eof('a value');
    if (b === 0x6e) return ident('ull');
    if (b === 0x74) return ident('rue');
    if (b === 0x66) return ident('alse');
    if (b === 0x2d || isDigit(b)) return number();
    if (b === 0x22) return string();
    if (b === 0x5b || b === 0x7b) {
      i++;
      if (depth + 1 > MAX_DEPTH) throw read('recursion limit exceeded');
      return b === 0x5b ? list(depth + 1) : object(depth + 1);
    }
    throw seen('expected value');
  };

  const list = (depth: number) => {
    ws();
    if (peek() === undefined) throw eof('a list');
    if (peek() === 0x5d) return void i++;
    for (;;) {
      value(depth);
      ws();
      const b = peek();
      if (b === undefined) throw eof('a list');
      if (b === 0x5d) return void i++;
      if (b !== 0x2c) throw seen('expected `,` or `]`');
      i++;
      ws();
      if (peek() === 0x5d) throw seen('trailing comma');
    }
  };

  const object = (depth: number) => {
    ws();
    if (peek() === undefined) throw eof('an object');
    if (peek() === 0x7d) return void i++;
    for (;;) {
      if (peek() === undefined) throw eof('a value');
      if (peek() !== 0x22) throw seen('key must be a string');
      string();
      ws();
      if (peek() === undefined) throw eof('an object');
      if (peek() !== 0x3a) throw seen('expected `:`');
      i++;
      ws();
      value(depth);
      ws();
      const b = peek();
      if (b === undefined) throw eof('an object');
      if (b === 0x7d) return void i++;
      if (b !== 0x2c) throw seen('expected `,` or `}`');
      i++;
      ws();
      if (peek() === 0x7d) throw seen('trailing comma');
    }
  };

  try {
    ws();
    value(0);
    ws();
    if (i < bytes.length) throw seen('trailing characters');
    return null;
  } catch (e) {
    if (!(e instanceof Fault)) throw e;
    const { line, column } = position(bytes, e.at);
    return `${e.what} at line ${line} column ${column}`;
  }
}
