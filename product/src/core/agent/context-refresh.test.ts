import { describe, expect, it } from 'vitest';
import { contextUpdates, environmentUpdate, lastEnvironment } from './context-refresh.ts';
import { environmentContext } from './instructions.ts';
import { userMessage } from './items.ts';

const env = { cwd: '/w', shell: 'bash', current_date: '2026-11-24', timezone: 'Etc/UTC' };
const history = [userMessage(environmentContext({ cwd: '/w', shell: 'bash', date: '2026-11-24', timezone: 'Etc/UTC' })), userMessage('hi')];
const same = { model: 'gpt-5.5', approval: 'never', sandbox: 'workspace-write' };

describe('context refresh on resume', () => {
  it('reads the environment the model last saw', () => {
    expect(lastEnvironment(history)).toEqual(env);
    expect(lastEnvironment([userMessage('hi')])).toBeNull();
  });

  it('sends nothing when nothing changed', () => {
    expect(contextUpdates({ history, before: same, now: same, env, writableRoots: [] })).toEqual([]);
  });

  it('sends only the environment fields that changed', () => {
    expect(environmentUpdate(env, { ...env, current_date: '2026-11-25' })).toBe('<environment_context>\n  <current_date>2026-11-25</current_date>\n</environment_context>');
  });

  it('announces a model switch and changed permissions as developer messages', () => {
    const items = contextUpdates({ history, before: { ...same, model: 'gpt-5.1' }, now: { ...same, sandbox: 'read-only' }, env, writableRoots: [] });
    expect(items.map((i) => [i.role, JSON.stringify(i.content).slice(0, 60)])).toEqual([
      ['developer', expect.stringContaining('<model_switch>')],
      ['developer', expect.stringContaining('<permissions instructions>')],
    ]);
  });
});
