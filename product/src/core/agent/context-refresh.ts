// What a resumed session must tell the model before the next prompt. When the rollout holds a
// world-state baseline (what the model was last shown), only what changed since is re-sent: the
// model, the permissions or the environment, so an unchanged session resumes with its history as it
// was. Without a baseline (never recorded, or cleared by a compaction) the whole context is sent
// again. Upstream follows the same two rules.
import { BASE_INSTRUCTIONS, permissionsText, type ApprovalPolicy, type SandboxMode } from './instructions.ts';
import { developerMessage, userMessage, type ResponseItem } from './items.ts';

export interface EnvFields {
  cwd?: string;
  shell?: string;
  current_date?: string;
  timezone?: string;
}

export interface TurnSettings {
  model?: string;
  approval?: string;
  sandbox?: string;
}

const ENV_KEYS: (keyof EnvFields)[] = ['cwd', 'shell', 'current_date', 'timezone'];

/** The fields of the newest `<environment_context>` the model has seen, or null if none. */
export function lastEnvironment(history: readonly ResponseItem[]): EnvFields | null {
  for (let i = history.length - 1; i >= 0; i--) {
    const item = history[i];
    if (item.type !== 'message' || item.role !== 'user' || !Array.isArray(item.content)) continue;
    for (const part of [...(item.content as { text?: string }[])].reverse()) {
      const text = part?.text ?? '';
      if (!text.trimStart().startsWith('<environment_context>')) continue;
      return environmentFields(text);
    }
  }
  return null;
}

/** The fields an `<environment_context>` text names (an update names only what changed). */
export function environmentFields(text: string): EnvFields {
  const env: EnvFields = {};
  for (const key of ENV_KEYS) {
    const m = new RegExp(`<${key}>(.*?)</${key}>`).exec(text);
    if (m) env[key] = m[1];
  }
  return env;
}

export function environmentUpdate(before: EnvFields | null, now: EnvFields): string | null {
  const changed = ENV_KEYS.filter((k) => now[k] !== undefined && before?.[k] !== now[k]);
  if (!changed.length) return null;
  return ['<environment_context>', ...changed.map((k) => `  <${k}>${now[k]}</${k}>`), '</environment_context>'].join('\n');
}

export function modelSwitchText(from: string, to: string, instructions = BASE_INSTRUCTIONS): string {
  return `<model_switch>\nThis conversation was held with ${from} until now and continues with ${to}. From here on, follow these instructions:\n\n${instructions}\n</model_switch>`;
}

/** The model-switch notice, when the thread's last turn ran on another model. */
function modelSwitch(before: TurnSettings | null, model: string): ResponseItem[] {
  return before?.model && before.model !== model ? [developerMessage(modelSwitchText(before.model, model))] : [];
}

/**
 * The resume context when no world-state baseline survives: the model-switch notice (if the model
 * changed since the last turn that recorded its settings), then the whole initial context
 * (permissions, AGENTS.md and the full environment) exactly as a new thread gets it.
 */
export function fullContext(opts: { before: TurnSettings | null; model: string; initial: readonly ResponseItem[] }): ResponseItem[] {
  return [...modelSwitch(opts.before, opts.model), ...opts.initial];
}

/** The resume context against a world-state baseline: only what changed since the last turn. */
export function contextUpdates(opts: {
  history: readonly ResponseItem[];
  before: TurnSettings | null;
  now: Required<TurnSettings>;
  env: EnvFields;
  writableRoots: string[];
}): ResponseItem[] {
  const { before, now } = opts;
  const out: ResponseItem[] = modelSwitch(before, now.model);
  if (before && ((before.approval && before.approval !== now.approval) || (before.sandbox && before.sandbox !== now.sandbox)))
    out.push(developerMessage(permissionsText(now.sandbox as SandboxMode, now.approval as ApprovalPolicy, opts.writableRoots)));
  const env = environmentUpdate(lastEnvironment(opts.history), opts.env);
  if (env) out.push(userMessage(env));
  return out;
}

