import { describe, expect, it } from 'vitest';
import { formatKeyPath, parseKeyPath } from './key-path.ts';

describe('parseKeyPath', () => {
  it.each([
    ['model', ['model']],
    ['model_providers.mock.base_url', ['model_providers', 'mock', 'base_url']],
    ['projects."/a/b".trust_level', ['projects', '/a/b', 'trust_level']],
    ["projects.'/a/b.c'.trust_level", ['projects', '/a/b.c', 'trust_level']],
    ['mcp_servers."my.server".enabled', ['mcp_servers', 'my.server', 'enabled']],
    [' features.undo ', ['features', 'undo']],
  ])('splits %s', (key, path) => {
    expect(parseKeyPath(key)).toEqual(path);
  });

  it('falls back to splitting on dots when the key is not valid TOML', () => {
    expect(parseKeyPath('mcp_servers.my server.command')).toEqual(['mcp_servers', 'my server', 'command']);
  });

  it('rejects empty keys and empty segments', () => {
    expect(parseKeyPath('')).toBeUndefined();
    expect(parseKeyPath('a..b')).toBeUndefined();
  });
});

describe('formatKeyPath', () => {
  it('quotes segments that are not bare keys and shows array indices', () => {
    expect(formatKeyPath(['projects', '/a/b', 'trust_level'])).toBe('projects."/a/b".trust_level');
    expect(formatKeyPath(['mcp_servers', 'x', 'args', 1])).toBe('mcp_servers.x.args[1]');
  });
});
