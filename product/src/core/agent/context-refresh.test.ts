import { describe, expect, it } from 'vitest';
import { contextUpdates, environmentUpdate, fullContext, lastEnvironment } from './context-refresh.ts';
import { environmentContext } from './instructions.ts';
import { developerMessage, userMessage } from './items.ts';

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

  it('without a baseline, re-sends the whole initial context, after a model switch when there was one', () => {
    const initial = [developerMessage('<permissions instructions>'), userMessage('<environment_context>')];
    expect(fullContext({ before: same, model: 'gpt-5.5', initial })).toEqual(initial);
    expect(fullContext({ before: null, model: 'gpt-5.5', initial })).toEqual(initial);
    const switched = fullContext({ before: { ...same, model: 'gpt-5.4' }, model: 'gpt-5.5', initial });
    expect(switched.slice(1)).toEqual(initial);
    expect(JSON.stringify(switched[0])).toContain('<model_switch>');
  });
});
