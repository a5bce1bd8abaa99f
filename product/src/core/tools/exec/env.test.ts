// The environment of a command, as measured from upstream 0.169.0 in the lab (inherit all/core,
// `set`, include_only; login and non-login shells).
import { describe, expect, it } from 'vitest';

import { commandEnv, EXEC_ENV_OVERRIDES } from './env.ts';

const base = { policyEnv: {}, login: true, networkDisabled: false } as const;

describe('commandEnv', () => {
  it('adds the thread, the call, the version, the line-ending switch and the readable-output settings', () => {
    const env = commandEnv({ ...base, policyEnv: { PATH: '/bin' }, threadId: 't-1', callId: 'call_1', version: '9.9.9', networkDisabled: true });
    expect(env).toEqual({
      PATH: '/bin',
      CODEX_THREAD_ID: 't-1',
      CODEX_SESSION_ID: 't-1',
      CODEX_TOOL_CALL_ID: 'call_1',
      CODEX_VERSION: '9.9.9',
      CODEX_APPLY_PATCH_PRESERVE_LINE_ENDINGS: '1',
      CODEX_SANDBOX_NETWORK_DISABLED: '1',
      ...EXEC_ENV_OVERRIDES,
    });
    expect(EXEC_ENV_OVERRIDES).toEqual({
      NO_COLOR: '1',
      TERM: 'dumb',
      LANG: 'C.UTF-8',
      LC_CTYPE: 'C.UTF-8',
      LC_ALL: 'C.UTF-8',
      COLORTERM: '',
      PAGER: 'cat',
      GIT_PAGER: 'cat',
      GH_PAGER: 'cat',
      CODEX_CI: '1',
    });
  });

  it('says the network is off only when the sandbox cuts it', () => {
    expect(commandEnv({ ...base, networkDisabled: false })).not.toHaveProperty('CODEX_SANDBOX_NETWORK_DISABLED');
  });

  it('in a login shell, a variable the policy passes keeps its value over the readable-output settings', () => {
    const env = commandEnv({ ...base, policyEnv: { TERM: 'xterm-256color', COLORTERM: 'truecolor', LANG: 'fr_FR.UTF-8' } });
    expect(env).toMatchObject({ TERM: 'xterm-256color', COLORTERM: 'truecolor', LANG: 'fr_FR.UTF-8', NO_COLOR: '1', PAGER: 'cat' });
  });

  it('without a login shell the readable-output settings win', () => {
    const env = commandEnv({ ...base, login: false, policyEnv: { TERM: 'xterm-256color', COLORTERM: 'truecolor' } });
    expect(env).toMatchObject({ TERM: 'dumb', COLORTERM: '' });
  });

  it('a variable the policy sets explicitly does not override them either, even in a login shell', () => {
    const env = commandEnv({ ...base, policyEnv: { TERM: 'vt100', PAGER: 'less', EDITOR: 'vim' }, explicit: ['TERM', 'PAGER', 'EDITOR'] });
    expect(env).toMatchObject({ TERM: 'dumb', PAGER: 'cat', EDITOR: 'vim' });
  });

  it('never takes csm’s own identity variables from its environment', () => {
    const env = commandEnv({ ...base, policyEnv: { CODEX_THREAD_ID: 'parent', CODEX_TOOL_CALL_ID: 'parent-call', CODEX_APPLY_PATCH_PRESERVE_LINE_ENDINGS: '0' }, threadId: 'mine' });
    expect(env).toMatchObject({ CODEX_THREAD_ID: 'mine', CODEX_APPLY_PATCH_PRESERVE_LINE_ENDINGS: '1' });
    expect(env).not.toHaveProperty('CODEX_TOOL_CALL_ID');
  });
});
