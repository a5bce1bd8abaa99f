// What codex 0.171.0 said of each text as an --output-schema file (`exec --output-schema FILE`,
// before any request), and csm must say the same.
import { describe, expect, it } from 'vitest';
import { jsonSyntaxError } from './json-syntax.ts';

const SEEN: Array<[string, string | null]> = [
  ["", "EOF while parsing a value at line 1 column 0"],
  ["   ", "EOF while parsing a value at line 1 column 3"],
  ["not json\n", "expected ident at line 1 column 2"],
  ["nul", "EOF while parsing a value at line 1 column 3"],
  ["nulx", "expected ident at line 1 column 4"],
  ["tru", "EOF while parsing a value at line 1 column 3"],
  ["x", "expected value at line 1 column 1"],
  ["{", "EOF while parsing an object at line 1 column 1"],
  ["{\"a\"", "EOF while parsing an object at line 1 column 4"],
  ["{\"a\":", "EOF while parsing a value at line 1 column 5"],
  ["{\"a\":1", "EOF while parsing an object at line 1 column 6"],
  ["{\"a\":1,}", "trailing comma at line 1 column 8"],
  ["{\"a\" 1}", "expected `:` at line 1 column 6"],
  ["{1:2}", "key must be a string at line 1 column 2"],
  ["{\"a\":1 \"b\":2}", "expected `,` or `}` at line 1 column 8"],
  ["[", "EOF while parsing a list at line 1 column 1"],
  ["[1", "EOF while parsing a list at line 1 column 2"],
  ["[1,]", "trailing comma at line 1 column 4"],
  ["[1 2]", "expected `,` or `]` at line 1 column 4"],
  ["[1,", "EOF while parsing a value at line 1 column 3"],
  ["1 x", "trailing characters at line 1 column 3"],
  ["{} {}", "trailing characters at line 1 column 4"],
  ["\"abc", "EOF while parsing a string at line 1 column 4"],
  ["\"a\u0001\"", "control character (\\u0000-\\u001F) found while parsing a string at line 1 column 3"],
  ["\"\\q\"", "invalid escape at line 1 column 3"],
  ["\"\\u12\"", "EOF while parsing a string at line 1 column 6"],
  ["\"\\uZZZZ\"", "invalid escape at line 1 column 7"],
  ["-", "EOF while parsing a value at line 1 column 1"],
  ["-x", "invalid number at line 1 column 2"],
  ["01", "invalid number at line 1 column 2"],
  ["1.", "EOF while parsing a value at line 1 column 2"],
  ["1.x", "invalid number at line 1 column 3"],
  ["1e", "EOF while parsing a value at line 1 column 2"],
  ["1e+", "EOF while parsing a value at line 1 column 3"],
  ["{\n  \"a\": [1,\n  2,,]\n}", "expected value at line 3 column 5"],
  ["{\"a\":tru}", "expected ident at line 1 column 9"],
  ["[1]\n\n x", "trailing characters at line 3 column 2"],
  ["\t\n{\"é\": x}", "expected value at line 2 column 8"],
  ["{\"a\":1}}", "trailing characters at line 1 column 8"],
  [".5", "expected value at line 1 column 1"],
  ["+1", "expected value at line 1 column 1"],
  ["[-]", "invalid number at line 1 column 3"],
  ["1E5x", "trailing characters at line 1 column 4"],
  ["NaN", "expected value at line 1 column 1"],
  ["\"\\ud800\"", "unexpected end of hex escape at line 1 column 8"],
  ["\"\\ud800\\u0041\"", "lone leading surrogate in hex escape at line 1 column 13"],
  ["{\"a\":1,\"a\":2}", null],
  ["[1,2]]", "trailing characters at line 1 column 6"],
  ["\"a\nb\"", "control character (\\u0000-\\u001F) found while parsing a string at line 2 column 0"],
  ["'a'", "expected value at line 1 column 1"],
  ["{\"a\":1,", "EOF while parsing a value at line 1 column 7"],
  ["{\"a\":1, ", "EOF while parsing a value at line 1 column 8"],
  ["[1, ", "EOF while parsing a value at line 1 column 4"],
  ["{\"a\"  ", "EOF while parsing an object at line 1 column 6"],
  ["{ ", "EOF while parsing an object at line 1 column 2"],
  ["[ ", "EOF while parsing a list at line 1 column 2"],
  ["{\"a\":1 x", "expected `,` or `}` at line 1 column 8"],
  ["[1 x", "expected `,` or `]` at line 1 column 4"],
  ["}", "expected value at line 1 column 1"],
  ["]", "expected value at line 1 column 1"],
  ["\"\\udc00\"", "lone leading surrogate in hex escape at line 1 column 7"],
  ["\"\\ud800\\", "EOF while parsing a string at line 1 column 8"],
  ["\"\\ud800x\"", "unexpected end of hex escape at line 1 column 8"],
  ["\"\\ud800\\x\"", "unexpected end of hex escape at line 1 column 9"],
  ["\"\\u00e9\"", null],
  ["{\"a\":\n\n", "EOF while parsing a value at line 3 column 0"],
  ["1.5e3", null],
  ["-0.0E-2", null],
  ["\"\\", "EOF while parsing a string at line 1 column 2"],
];

describe('where a JSON text first goes wrong, in codex\'s words', () => {
  it.each(SEEN)('%j → %s', (text, said) => {
    expect(jsonSyntaxError(text)).toBe(said);
  });

  it('refuses nesting past 127 levels at the 128th', () => {
    expect(jsonSyntaxError('['.repeat(130) + ']'.repeat(130))).toBe('recursion limit exceeded at line 1 column 128');
    expect(jsonSyntaxError('['.repeat(127) + ']'.repeat(127))).toBeNull();
  });

  it('agrees with JSON.parse on what is valid, but for lone surrogate escapes', () => {
    for (const [text, said] of SEEN) {
      if (/\\ud[89a-f]/i.test(text)) continue;
      let ok = true;
      try {
        JSON.parse(text);
      } catch {
        ok = false;
      }
      expect(said === null, text).toBe(ok);
    }
  });
});
