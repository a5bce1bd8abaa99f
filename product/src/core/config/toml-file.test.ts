import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.ts';
import { invalidUtf8, readTomlFile } from './toml-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'csm-toml-file-'));

describe('readTomlFile', () => {
  it('reads a missing file as undefined', () => {
    expect(readTomlFile(join(dir, 'absent.toml'))).toBeUndefined();
  });

  it('parses a TOML file into a table', () => {
    const file = join(dir, 'ok.toml');
    writeFileSync(file, 'model = "m"\n[tui]\nanimations = false\n');
    expect(readTomlFile(file)).toEqual({ model: 'm', tui: { animations: false } });
  });

  it('reports a syntax error with the file, line and column', () => {
    const file = join(dir, 'broken.toml');
    writeFileSync(file, 'model = "m"\nsandbox_mode = \n');
    let error: unknown;
    try {
      readTomlFile(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toMatch(new RegExp(`^${file}:2:\\d+: Invalid TOML document`));
    expect((error as ConfigError).line).toBe(2);
    expect((error as ConfigError).message).toContain('sandbox_mode =');
  });

  it('reports a file that cannot be read', () => {
    const sub = join(dir, 'a-directory.toml');
    mkdirSync(sub);
    expect(() => readTomlFile(sub)).toThrow(`${sub}: cannot read`);
  });

  it('drops prototype-polluting keys', () => {
    const file = join(dir, 'proto.toml');
    writeFileSync(file, '[__proto__]\npolluted = true\n');
    readTomlFile(file);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('a config file that is not UTF-8', () => {
  const write = (name: string, bytes: number[] | Buffer) => {
    const file = join(dir, name);
    writeFileSync(file, Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes));
    return file;
  };

  it("is refused with upstream's one line, not read with replacement characters", () => {
    // model = "\xff\xfe" : upstream 0.169.0 says "invalid utf-8 sequence of 1 bytes from index 9".
    const file = write('bad-utf8.toml', [...Buffer.from('model = "'), 0xff, 0xfe, ...Buffer.from('"\n')]);
    expect(() => readTomlFile(file)).toThrow(new ConfigError(`Failed to read config file ${file}: invalid utf-8 sequence of 1 bytes from index 9`, { source: file }));
  });

  it('is refused even when the bad byte sits in a comment', () => {
    const file = write('bad-comment.toml', [...Buffer.from('# caf'), 0xe9, ...Buffer.from('\nmodel = "gpt-5.5"\n')]);
    expect(() => readTomlFile(file)).toThrow(`Failed to read config file ${file}: invalid utf-8 sequence of 1 bytes from index 5`);
  });

  it('never echoes the bytes of a binary file', () => {
    // The head of an ELF binary: upstream stops at index 32 (0xe8 0xff).
    const elf = [0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0, 1, 0, 0, 0, 0x10, 0x10, 0x40, 0, 0, 0, 0, 0, 0xe8, 0xff, 0x0a, 0x1b, 0x5b, 0x32, 0x4a];
    const file = write('binary.toml', elf);
    let message = '';
    try {
      readTomlFile(file);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(`Failed to read config file ${file}: invalid utf-8 sequence of 1 bytes from index 32`);
  });
});

describe('invalidUtf8 (Rust Utf8Error wording)', () => {
  it.each([
    ['ASCII and multi-byte characters', Buffer.from('é € 😀 ok'), null],
    ['a stray continuation byte', [0x61, 0x80], 'invalid utf-8 sequence of 1 bytes from index 1'],
    ['an overlong two-byte form', [0xc0, 0xaf], 'invalid utf-8 sequence of 1 bytes from index 0'],
    ['a surrogate', [0xed, 0xa0, 0x80], 'invalid utf-8 sequence of 1 bytes from index 0'],
    ['a three-byte lead with a bad third byte', [0xe2, 0x82, 0x41], 'invalid utf-8 sequence of 2 bytes from index 0'],
    ['a four-byte lead with a bad fourth byte', [0x20, 0xf0, 0x9f, 0x98, 0x41], 'invalid utf-8 sequence of 3 bytes from index 1'],
    ['a character cut off at the end', [0x61, 0xe2, 0x82], 'incomplete utf-8 byte sequence from index 1'],
    ['a code point past U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 'invalid utf-8 sequence of 1 bytes from index 0'],
  ] as const)('%s', (_, bytes, expected) => expect(invalidUtf8(Buffer.from(bytes as never))).toBe(expected));
});
