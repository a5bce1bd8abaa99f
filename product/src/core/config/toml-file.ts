// Reading a TOML config file. A missing file is not an error (it reads as undefined); a file that is
// not UTF-8 is refused with upstream's one line (never decoded with replacement characters, never
// echoed); a syntax error names the file, line and column and shows the offending lines.
import { readFileSync } from 'node:fs';
import { parse, TomlError } from 'smol-toml';
import { ConfigError } from './config-error.ts';
import type { Table } from './merge.ts';

export function readTomlFile(file: string): Table | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`${file}: cannot read: ${(err as Error).message}`, { source: file });
  }
  const bad = invalidUtf8(bytes);
  if (bad) throw new ConfigError(`Failed to read config file ${file}: ${bad}`, { source: file });
  return parseToml(bytes.toString('utf8'), file);
}

const isContinuation = (b: number | undefined) => b !== undefined && b >= 0x80 && b <= 0xbf;

/**
 * Where a byte string stops being UTF-8, in the words upstream (Rust's Utf8Error) uses: "invalid
 * utf-8 sequence of N bytes from index I" (N: how many bytes make up the bad sequence), or
 * "incomplete utf-8 byte sequence from index I" when the text ends inside a character. null: valid.
 */
export function invalidUtf8(bytes: Uint8Array): string | null {
  const invalid = (i: number, n: number) => `invalid utf-8 sequence of ${n} bytes from index ${i}`;
  const incomplete = (i: number) => `incomplete utf-8 byte sequence from index ${i}`;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const width = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (width === 0) return invalid(i, 1);
    const second = bytes[i + 1];
    if (second === undefined) return incomplete(i);
    // The second byte's allowed range excludes overlong forms, surrogates and code points past U+10FFFF.
    const [lo, hi] = b === 0xe0 ? [0xa0, 0xbf] : b === 0xed ? [0x80, 0x9f] : b === 0xf0 ? [0x90, 0xbf] : b === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    if (second < lo || second > hi) return invalid(i, 1);
    for (let k = 2; k < width; k++) {
      if (bytes[i + k] === undefined) return incomplete(i);
      if (!isContinuation(bytes[i + k])) return invalid(i, k);
    }
    i += width;
  }
  return null;
}

export function parseToml(text: string, file: string): Table {
  try {
    return parse(text, { unsafeKeyBehaviour: 'drop' });
  } catch (err) {
    if (!(err instanceof TomlError)) throw err;
    const [headline = 'invalid TOML'] = err.message.split('\n');
    const snippet = err.codeblock ? `\n${err.codeblock.replace(/\n+$/, '')}` : '';
    throw new ConfigError(`${file}:${err.line}:${err.column}: ${headline}${snippet}`, { source: file, line: err.line });
  }
}
