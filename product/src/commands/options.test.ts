import { describe, expect, it } from 'vitest';
import { refusedFlag, remoteFlagsError } from './options.ts';

describe('--remote', () => {
  it("is the TUI's: exec refuses it and says where it works", () => {
    expect(refusedFlag({ remote: 'ws://127.0.0.1:4500' })).toBe('--remote is not supported by csm: csm exec runs the agent in-process; only the TUI connects to an app server (csm --remote ADDR)');
    expect(refusedFlag({ remoteAuthTokenEnv: 'TOKEN' })).toMatch(/^--remote-auth-token-env is not supported by csm: /);
  });

  it('refuses what codex refuses with it: a token variable without an address, and --no-daemon', () => {
    expect(remoteFlagsError({ remote: 'ws://127.0.0.1:4500', remoteAuthTokenEnv: 'TOKEN' })).toBeNull();
    expect(remoteFlagsError({ remoteAuthTokenEnv: 'TOKEN' })).toBe('`--remote-auth-token-env` requires `--remote`.');
    expect(remoteFlagsError({ remote: 'ws://127.0.0.1:4500', daemon: false })).toBe('--no-daemon cannot be used with --remote.');
    expect(remoteFlagsError({ daemon: false })).toBeNull();
  });
});
