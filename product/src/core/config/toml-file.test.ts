import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.ts';
import { readTomlFile } from './toml-file.ts';

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
