import { describe, expect, it } from 'vitest';
import { contextLeft, permissionsLabel, shortTokens, statusCardLines, type StatusFacts } from './status-card.ts';

const facts: StatusFacts = {
  product: 'csm',
  version: '0.1.0',
  model: 'gpt-5.5',
  effort: null,
  summary: null,
  provider: 'mock',
  cwdLabel: '~/ws',
  sandboxMode: 'workspace-write',
  approvalPolicy: 'on-request',
  agentsFiles: ['AGENTS.md'],
  title: null,
  threadId: '0000-1111',
  usage: { input: 0, cached: 0, output: 0 },
  context: null,
};
const text = (f: StatusFacts) => statusCardLines(f).map((l) => l.map((s) => s.text).join(''));

describe('the /status card', () => {
  it("lays out upstream's rows for a new session: model with effort and summaries, provider, permissions, AGENTS.md, mode, session, usage, limits", () => {
    expect(text(facts)).toEqual([
      '/status',
      '',
      '  >_ csm (v0.1.0)',
      '',
      '  Model:               GPT-5.5 (reasoning medium, summaries auto)',
      '  Model provider:      mock',
      '  Directory:           ~/ws',
      '  Permissions:         Workspace (Ask for approval)',
      '  Agents.md:           AGENTS.md',
      '  Collaboration mode:  Default',
      '  Session:             0000-1111',
      '',
      '  Token usage:         0 total  (0 input + 0 output)',
      '  Limits:              data not available yet',
    ]);
  });

  it('adds the thread name and, once a turn reported usage, the context window left', () => {
    const rows = text({ ...facts, title: 'Mock task', usage: { input: 120, cached: 0, output: 12 }, context: { used: 132, window: 258_400 } });
    expect(rows).toContain('  Thread name:         Mock task');
    expect(rows).toContain('  Token usage:         132 total  (120 input + 12 output)');
    expect(rows).toContain('  Context window:      100% left (132 used / 258K)');
  });

  it('names permissions and abbreviates token counts', () => {
    expect(permissionsLabel('read-only', 'never')).toBe('Read Only (Never ask)');
    expect([shortTokens(999), shortTokens(258_400), shortTokens(1_000_000)]).toEqual(['999', '258K', '1M']);
    expect([contextLeft(132, 258_400), contextLeft(258_400, 258_400)]).toEqual([100, 0]);
  });
});
