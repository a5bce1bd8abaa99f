// The world state csm records: upstream's section ids and shapes, describing only what csm's
// context items told the model, so codex resuming a csm session re-sends just the rest.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { agentsMdBlock } from './agents-md.ts';
import { PLAN_MODE_INSTRUCTIONS, DEFAULT_MODE_INSTRUCTIONS } from './collaboration.ts';
import { environmentContext, permissionsText } from './instructions.ts';
import { developerMessage, userMessage, type ResponseItem } from './items.ts';
import { contextState, diffPatch, fragmentHash, mergePatch } from './world-state.ts';
import { deferredToolsNote } from '../mcp/tool-specs.ts';

/** exec-tool-call as codex 0.171.0 recorded it in the lab (danger-full-access, so its paths carry no run directory). */
const codexLines = readFileSync(fileURLToPath(new URL('../rollout/fixtures/exec-tool-call.rollout.jsonl', import.meta.url)), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { type: string; payload: Record<string, unknown> });
const codexState = codexLines.find((l) => l.type === 'world_state')!.payload.state as Record<string, unknown>;
/** The context messages codex sent ahead of the first prompt. */
const codexContext = (() => {
  const items = codexLines.filter((l) => l.type === 'response_item').map((l) => l.payload as ResponseItem);
  return items.slice(0, items.findIndex((i) => i.role === 'user' && !String((i.content as { text: string }[])[0].text).startsWith('<')));
})();
const textOf = (item: ResponseItem, start: string) => (item.content as { text: string }[]).find((p) => p.text.startsWith(start))!.text;

const permissions = permissionsText('workspace-write', 'never', ['/ws', '/tmp']);
const environment = environmentContext({ cwd: '/ws', shell: 'bash', date: '2026-12-02', timezone: 'Etc/UTC' });

describe('fragmentHash', () => {
  it("is the fingerprint codex records for a context fragment: its permissions text gives its world state's permissions.instructions", () => {
    const text = textOf(codexContext.find((i) => i.role === 'developer')!, '<permissions instructions>');
    expect(fragmentHash('developer', text)).toBe((codexState.permissions as { instructions: string }).instructions);
  });

  it('depends on the role and reads CRLF as LF', () => {
    expect(fragmentHash('developer', 'a\nb')).toBe(fragmentHash('developer', 'a\r\nb'));
    expect(fragmentHash('developer', 'a')).not.toBe(fragmentHash('user', 'a'));
    expect(fragmentHash('developer', 'a')).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe('contextState', () => {
  it("csm's opening context: model, its permissions text's fingerprint, the environment, no AGENTS.md, no deferred tools, and nothing csm did not send", () => {
    const state = contextState([developerMessage(permissions), userMessage(environment)], { model: 'gpt-5.5', full: true });
    expect(state).toEqual({
      agents_md: {},
      environments: { environments: { local: { cwd: '/ws', status: 'available', shell: 'bash' } }, current_date: '2026-12-02', timezone: 'Etc/UTC' },
      model: 'gpt-5.5',
      permissions: { instructions: fragmentHash('developer', permissions), approved_command_prefixes: [] },
      tools: {},
    });
    // Sections in codex's order, by id.
    expect(Object.keys(state)).toEqual(['agents_md', 'environments', 'model', 'permissions', 'tools']);
  });

  it("read off codex's own opening context, gives back codex's recorded sections of the same names", () => {
    const state = contextState(codexContext, { model: codexState.model as string, full: true });
    for (const id of ['agents_md', 'environments', 'model', 'permissions']) expect(state[id], id).toEqual(codexState[id]);
    // codex's skills and sub-agent tools are its own: csm never describes them.
    expect(state).not.toHaveProperty('host_skills');
    expect(state.tools).toEqual({});
  });

  it('names the AGENTS.md block by directory and text, and the MCP namespaces csm told the model to load', () => {
    const user = { type: 'message', role: 'user', content: [agentsMdBlock('/ws', '# Rules\n\nBe brief.\n'), environment].map((text) => ({ type: 'input_text', text })) };
    const state = contextState([developerMessage(permissions, deferredToolsNote(['files', 'db'])), user], { model: 'gpt-5.5', full: true });
    expect(state.agents_md).toEqual({ directory: '/ws', text: '# Rules\n\nBe brief.\n' });
    expect(state.tools).toEqual({ mcp__files: '', mcp__db: '' });
  });

  it('a collaboration-mode text records its mode and fingerprint', () => {
    expect(contextState([developerMessage(PLAN_MODE_INSTRUCTIONS)], { model: 'm', full: false })).toEqual({
      collaboration_mode: { mode: 'plan', model: 'm', instructions: fragmentHash('developer', PLAN_MODE_INSTRUCTIONS) },
      model: 'm',
    });
    expect(contextState([developerMessage(DEFAULT_MODE_INSTRUCTIONS)], { model: 'm', full: false }).collaboration_mode).toMatchObject({ mode: 'default' });
  });

  it('an update names only what it re-sent, and patches the state before it without losing the rest', () => {
    const update = contextState([userMessage('<environment_context>\n  <current_date>2026-12-03</current_date>\n</environment_context>')], { model: 'gpt-5.5', full: false });
    expect(update).toEqual({ environments: { current_date: '2026-12-03' }, model: 'gpt-5.5' });
    const after = mergePatch(codexState, update) as Record<string, unknown>;
    expect(diffPatch(codexState, after)).toEqual({ environments: { current_date: '2026-12-03' } });
    expect(after.host_skills).toEqual(codexState.host_skills);
  });

  it('ignores prompts, answers and texts it does not know', () => {
    const items = [userMessage('hello'), { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: '<permissions instructions>' }] }, developerMessage('<model_switch>\n…\n</model_switch>')];
    expect(contextState(items, { model: 'm', full: false })).toEqual({ model: 'm' });
  });
});

describe('diffPatch', () => {
  it('is null for equal states', () => {
    expect(diffPatch({ a: { b: [1, 2] } }, { a: { b: [1, 2] } })).toBeNull();
  });

  it('deletes removed keys with null, recurses into objects and replaces arrays whole', () => {
    const before = { gone: 1, env: { date: 'd1', tz: 'z' }, list: [1, 2], same: 's' };
    const after = { env: { date: 'd2', tz: 'z' }, list: [1], same: 's', added: { x: 1 } };
    const patch = diffPatch(before, after);
    expect(patch).toEqual({ gone: null, env: { date: 'd2' }, list: [1], added: { x: 1 } });
    expect(mergePatch(before, patch)).toEqual(after);
  });
});
