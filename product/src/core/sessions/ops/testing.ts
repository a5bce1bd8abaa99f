// Test support: a throwaway CODEX_HOME and sessions written the way upstream writes them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { newThreadId, RolloutWriter, type RolloutItem } from '../../rollout/index.ts';

export function tempHome(): { home: string; cleanup: () => void } {
  const home = mkdtempSync(path.join(tmpdir(), 'csm-ops-'));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

export const meta = (id: string, extra: Record<string, unknown> = {}): RolloutItem => ({
  type: 'session_meta',
  payload: { id, timestamp: '2026-11-24T23:03:56.659Z', cwd: '/ws', originator: 'codex_exec', cli_version: '0.169.0', source: 'exec', model_provider: 'mock', history_mode: 'paginated', ...extra },
});
export const event = (payload: Record<string, unknown>): RolloutItem => ({ type: 'event_msg', payload });
export const say = (role: 'user' | 'assistant' | 'developer', text: string): RolloutItem => ({
  type: 'response_item',
  payload: { type: 'message', role, content: [{ type: role === 'assistant' ? 'output_text' : 'input_text', text }] },
});
export const turnContext = (model = 'gpt-5.5'): RolloutItem => ({ type: 'turn_context', payload: { cwd: '/ws', model, approval_policy: 'never' } });

/** One user turn the way 0.169.0 lays it out: task_started, (context), turn_context, prompt, answer, task_complete. */
export function turn(prompt: string, answer: string, opts: { context?: boolean } = {}): RolloutItem[] {
  return [
    event({ type: 'task_started', turn_id: `t-${prompt}` }),
    ...(opts.context ? [say('developer', '<permissions instructions>sandboxed</permissions instructions>'), say('user', '<environment_context>\n  <cwd>/ws</cwd>\n</environment_context>')] : []),
    turnContext(),
    event({ type: 'thread_settings_applied', thread_id: 'x' }),
    say('user', prompt),
    event({ type: 'user_message', message: prompt }),
    say('assistant', answer),
    event({ type: 'token_count', info: { total_token_usage: { total_tokens: 100 } } }),
    event({ type: 'task_complete', turn_id: `t-${prompt}`, last_agent_message: answer }),
  ];
}

/** A csm/upstream-style paginated session with the given turns; returns its id and file. */
export function writeSession(
  home: string,
  turns: Array<[string, string]>,
  opts: { id?: string; createdAt?: Date; extra?: RolloutItem[] } = {},
): { id: string; file: string } {
  const createdAt = opts.createdAt ?? new Date('2026-11-24T12:00:00Z');
  const id = opts.id ?? newThreadId(createdAt.getTime());
  const w = RolloutWriter.create(home, id, { createdAt, now: () => createdAt });
  w.append(meta(id), ...turns.flatMap(([p, a], i) => turn(p, a, { context: i === 0 })), ...(opts.extra ?? []));
  w.close();
  return { id, file: w.path };
}
