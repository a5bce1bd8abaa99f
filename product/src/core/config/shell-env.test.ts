import { describe, expect, it } from 'vitest';

import { applyShellEnvironmentPolicy, DEFAULT_SHELL_ENVIRONMENT_POLICY, envPatternMatches } from './shell-env.ts';
import type { ShellEnvironmentPolicy } from './resolve.ts';

const parent = {
  HOME: '/home/u',
  PATH: '/usr/bin:/bin',
  SHELL: '/bin/bash',
  USER: 'u',
  LANG: 'en_US.UTF-8',
  TERM: 'xterm-256color',
  OPENAI_API_KEY: 'sk-secret',
  MOCK_API_KEY: 'sk-mock',
  GITHUB_TOKEN: 'ghp',
  aws_secret_access_key: 'aws',
  MonkeyBusiness: 'has key in it',
  EDITOR: 'vim',
  UNSET: undefined,
};

const policy = (over: Partial<ShellEnvironmentPolicy>): ShellEnvironmentPolicy => ({ ...DEFAULT_SHELL_ENVIRONMENT_POLICY, ...over });
const names = (env: Record<string, string>) => Object.keys(env).sort();

describe('envPatternMatches', () => {
  it.each([
    ['*KEY*', 'OPENAI_API_KEY', true],
    ['*KEY*', 'MonkeyBusiness', true],
    ['*key*', 'API_KEY', true],
    ['PATH', 'PATH', true],
    ['PATH', 'MANPATH', false],
    ['P?TH', 'path', true],
    ['P?TH', 'PTH', false],
    ['CODEX_*', 'CODEX_HOME', true],
    ['CODEX_*', 'MY_CODEX_HOME', false],
    ['A.B', 'AxB', false],
    ['A.B', 'A.B', true],
    ['[A]', '[A]', true],
    ['[A]', 'A', false],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(envPatternMatches(pattern, name)).toBe(expected);
  });
});

describe('applyShellEnvironmentPolicy', () => {
  it('passes every variable by default, credentials included (as upstream does with nothing configured)', () => {
    const env = applyShellEnvironmentPolicy(parent, DEFAULT_SHELL_ENVIRONMENT_POLICY);
    expect(env).toEqual(Object.fromEntries(Object.entries(parent).filter(([, v]) => v !== undefined)));
  });

  it('inherit = "core" passes only HOME, LOGNAME, PATH, SHELL, USER, USERNAME, TMPDIR, TEMP and TMP', () => {
    const env = applyShellEnvironmentPolicy({ ...parent, LOGNAME: 'u', TMPDIR: '/t', TEMP: '/t', TMP: '/t', USERNAME: 'u', home: 'lower' }, policy({ inherit: 'core' }));
    expect(names(env)).toEqual(['HOME', 'LOGNAME', 'PATH', 'SHELL', 'TEMP', 'TMP', 'TMPDIR', 'USER', 'USERNAME']);
  });

  it('inherit = "none" passes nothing but what set adds', () => {
    expect(applyShellEnvironmentPolicy(parent, policy({ inherit: 'none', set: { ONLY: 'yes' } }))).toEqual({ ONLY: 'yes' });
  });

  it('ignore_default_excludes = false drops every name containing KEY, SECRET or TOKEN, in any case', () => {
    const env = applyShellEnvironmentPolicy(parent, policy({ ignoreDefaultExcludes: false }));
    expect(names(env)).toEqual(['EDITOR', 'HOME', 'LANG', 'PATH', 'SHELL', 'TERM', 'USER']);
  });

  it('exclude drops the names its patterns match, case-insensitively', () => {
    const env = applyShellEnvironmentPolicy(parent, policy({ inherit: 'core', exclude: ['*key*'] }));
    expect(env).toEqual({ HOME: '/home/u', PATH: '/usr/bin:/bin', SHELL: '/bin/bash', USER: 'u' });
    expect(applyShellEnvironmentPolicy(parent, policy({ exclude: ['*KEY*', 'TERM'] }))).not.toHaveProperty('MOCK_API_KEY');
  });

  it('set adds and overrides after the excludes, so it can put back a name they dropped', () => {
    const env = applyShellEnvironmentPolicy(parent, policy({ ignoreDefaultExcludes: false, exclude: ['EDITOR'], set: { EDITOR: 'nano', MY_TOKEN: 'given' } }));
    expect(env).toMatchObject({ EDITOR: 'nano', MY_TOKEN: 'given' });
    expect(env).not.toHaveProperty('GITHUB_TOKEN');
  });

  it('include_only keeps only the names its patterns match, after set (so it can drop what set added)', () => {
    const env = applyShellEnvironmentPolicy(parent, policy({ includeOnly: ['p?th', 'LANG'], set: { FOO: 'x', LANG: 'C' } }));
    expect(env).toEqual({ PATH: '/usr/bin:/bin', LANG: 'C' });
  });
});
