import { describe, expect, it } from 'vitest';
import { renderHuman, thousands } from './human.ts';

describe('token counts', () => {
  it('are grouped by thousands as en-US does', () => {
    for (const n of [0, 7, 999, 1000, 12_345, 1_234_567, 200_048_186]) expect(thousands(n)).toBe(n.toLocaleString('en-US'));
  });
});

describe('error events in the transcript', () => {
  const render = (message: string) => {
    let err = '';
    renderHuman({ err: (t) => (err += t), out: () => {} }, { type: 'error', message }, { cwd: '/ws', startedAt: new Map(), totalTokens: () => 0 });
    return err;
  };

  it('show a reconnect notice without its reason, as upstream does (--json keeps it)', () => {
    expect(render('Reconnecting... waiting for network (Connection failed: error sending request)')).toBe('ERROR: Reconnecting... waiting for network\n');
    expect(render('Reconnecting... 1/5 (We’re currently experiencing high demand, which may cause temporary errors.)')).toBe('ERROR: Reconnecting... 1/5\n');
  });

  it('show any other error whole', () => {
    expect(render('Connection failed: error sending request')).toBe('ERROR: Connection failed: error sending request\n');
    expect(render('exceeded retry limit (429)')).toBe('ERROR: exceeded retry limit (429)\n');
  });
});
