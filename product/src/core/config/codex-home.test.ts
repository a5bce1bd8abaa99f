import { describe, expect, it } from 'vitest';
import { resolveCodexHome } from './codex-home.ts';

describe('resolveCodexHome', () => {
  it('uses $CODEX_HOME when it is set', () => {
    expect(resolveCodexHome({ CODEX_HOME: '/srv/codex' }, '/home/ana')).toBe('/srv/codex');
  });

  it('falls back to ~/.codex when $CODEX_HOME is unset or blank', () => {
    expect(resolveCodexHome({}, '/home/ana')).toBe('/home/ana/.codex');
    expect(resolveCodexHome({ CODEX_HOME: '  ' }, '/home/ana')).toBe('/home/ana/.codex');
  });

  it('makes a relative $CODEX_HOME absolute', () => {
    expect(resolveCodexHome({ CODEX_HOME: 'rel/home' }, '/home/ana')).toBe(`${process.cwd()}/rel/home`);
  });
});
