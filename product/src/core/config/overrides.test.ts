import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.ts';
import { overridesToTable, parseOverride, parseOverrideValue } from './overrides.ts';

describe('-c key=value values', () => {
  it.each([
    ['"gpt-5.5"', 'gpt-5.5'],
    ['3', 3],
    ['true', true],
    ['[1,2]', [1, 2]],
    ['{a=1}', { a: 1 }],
    ["'single quoted'", 'single quoted'],
  ])('parses %s as TOML', (text, value) => {
    expect(parseOverrideValue(text)).toEqual(value);
  });

  it.each([
    ['gpt-5.5', 'gpt-5.5'],
    ['o3', 'o3'],
    ['http://127.0.0.1:18080/v1', 'http://127.0.0.1:18080/v1'],
    [' spaced out ', 'spaced out'],
    ['"unbalanced', 'unbalanced'],
    ['', ''],
  ])('takes %j, which is not TOML, as a literal string', (text, value) => {
    expect(parseOverrideValue(text)).toBe(value);
  });

  it('does not let a value smuggle in extra keys', () => {
    expect(typeof parseOverrideValue('1\nsandbox_mode = "danger-full-access"')).toBe('string');
  });
});

describe('parseOverride', () => {
  it('splits at the first = and parses the key as a dotted path', () => {
    expect(parseOverride('model_providers.mock.base_url="http://x/v1?a=b"')).toMatchObject({
      path: ['model_providers', 'mock', 'base_url'],
      value: 'http://x/v1?a=b',
    });
  });

  it('accepts quoted key segments', () => {
    expect(parseOverride('projects."/a/b".trust_level="trusted"').path).toEqual(['projects', '/a/b', 'trust_level']);
  });

  it('rejects an argument without =', () => {
    expect(() => parseOverride('model')).toThrow(ConfigError);
    expect(() => parseOverride('model')).toThrow(/^-c model: expected key=value$/);
  });

  it('rejects an empty key and prototype keys', () => {
    expect(() => parseOverride('=1')).toThrow(ConfigError);
    expect(() => parseOverride('__proto__.x=1')).toThrow(/not allowed/);
  });
});

describe('overridesToTable', () => {
  it('combines overrides, later ones winning', () => {
    const table = overridesToTable(['model=a', 'tui.theme=x', 'model=b', 'tui.animations=false'].map(parseOverride));
    expect(table).toEqual({ model: 'b', tui: { theme: 'x', animations: false } });
  });
});
