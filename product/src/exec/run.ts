// `csm exec`: one non-interactive turn (new, resumed or forked thread), printed for people (stderr
// transcript, stdout answer) or as JSONL events.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, loadConfig, resolveCodexHome, type ResolvedConfig } from '../core/config/index.ts';
import { BASE_INSTRUCTIONS, environmentContext, permissionsText } from '../core/agent/instructions.ts';
import { agentsMdBlock, collectInstructions } from '../core/agent/agents-md.ts';
import { contextUpdates, fullContext, type TurnSettings } from '../core/agent/context-refresh.ts';
import { localDate, localTimeZone } from '../core/agent/local-time.ts';
import { developerMessage, type ResponseItem } from '../core/agent/items.ts';
import { Thread, type ResumeMode } from '../core/agent/thread.ts';
import { createModelClient } from '../core/model/client.ts';
import type { Usage } from '../core/model/usage.ts';
import type { ThreadEvent } from '../core/protocol/thread-events.ts';
import { createCommandTools } from '../core/tools/commands.ts';
import { createToolRouter } from '../core/tools/router.ts';
import { VERSION } from '../version.ts';
import { printHeader, printUserPrompt, renderHuman, type Out } from './human.ts';
import { PromptError, readAll, resolvePrompt } from './prompt.ts';
import { openSession, SessionNotFoundError, type OpenSession, type SessionTarget } from './session.ts';

export interface ExecArgs {
  prompt?: string;
  json: boolean;
  outputLastMessage?: string;
  outputSchema?: string;
  skipGitRepoCheck: boolean;
  ephemeral: boolean;
  model?: string;
  sandbox?: string;
  profile?: string;
  config: string[];
  enable: string[];
  disable: string[];
  cd?: string;
  addDir: string[];
  target: SessionTarget;
}

const out: Out = { err: (t) => process.stderr.write(t), out: (t) => process.stdout.write(t) };

function insideGitRepo(cwd: string): boolean {
  try {
    execFileSync('git', ['rev-parse', '--is-inside-work-tree'], { cwd, stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

function sandboxLabel(cfg: ResolvedConfig): string {
  if (cfg.sandboxMode !== 'workspace-write') return cfg.sandboxMode;
  const roots = ['workdir', ...cfg.sandboxWorkspaceWrite.writableRoots];
  if (!cfg.sandboxWorkspaceWrite.excludeSlashTmp) roots.push('/tmp');
  if (!cfg.sandboxWorkspaceWrite.excludeTmpdirEnvVar) roots.push('$TMPDIR');
  return `workspace-write [${roots.join(', ')}]`;
}

function writableRoots(cfg: ResolvedConfig, addDirs: string[]): string[] {
  if (cfg.sandboxMode === 'danger-full-access') return ['/'];
  if (cfg.sandboxMode === 'read-only') return [];
  const roots = [cfg.cwd, ...cfg.sandboxWorkspaceWrite.writableRoots, ...addDirs];
  if (!cfg.sandboxWorkspaceWrite.excludeSlashTmp) roots.push('/tmp');
  if (!cfg.sandboxWorkspaceWrite.excludeTmpdirEnvVar && process.env.TMPDIR) roots.push(process.env.TMPDIR);
  return roots;
}

/** The environment the model is told about, now. */
function currentEnvironment(cwd: string) {
  return { cwd, shell: 'bash', date: localDate(), timezone: localTimeZone() };
}

/** The user-role context message: AGENTS.md instructions (when any) and the environment. */
function contextMessage(cwd: string, codexHome: string, cfg: ResolvedConfig): ResponseItem {
  const instructions = collectInstructions({ codexHome, cwd, configInstructions: cfg.instructions, maxBytes: cfg.projectDocMaxBytes });
  const env = environmentContext(currentEnvironment(cwd));
  return { type: 'message', role: 'user', content: [...(instructions ? [agentsMdBlock(cwd, instructions)] : []), env].map((text) => ({ type: 'input_text', text })) };
}

function settingsChanged(before: TurnSettings | null, cfg: ResolvedConfig): boolean {
  if (!before) return false;
  return (before.model !== undefined && before.model !== cfg.model) || (before.approval !== undefined && before.approval !== cfg.approvalPolicy) || (before.sandbox !== undefined && before.sandbox !== cfg.sandboxMode);
}

/**
 * What the first turn of this process sends ahead of the prompt, and how the Thread records it.
 * A new thread (or a resumed one with no history) gets the initial context. A resumed thread whose
 * rollout holds a world-state baseline gets what changed since its last turn; one without (a legacy
 * file, or a compaction after the last snapshot) gets the whole context again.
 */
function openingContext(session: OpenSession, initial: ResponseItem[], cfg: ResolvedConfig, roots: string[]): { items: ResponseItem[]; resume?: ResumeMode } {
  if (!session.history.length) return { items: initial };
  const before = session.lastSettings;
  const common = { settingsChanged: settingsChanged(session.storedSettings, cfg), firstSettings: before === null };
  if (!session.worldState) return { items: fullContext({ before, model: cfg.model, initial }), resume: { context: 'full', ...common } };
  const env = currentEnvironment(cfg.cwd);
  const items = contextUpdates({
    history: session.history,
    before,
    now: { model: cfg.model, approval: cfg.approvalPolicy, sandbox: cfg.sandboxMode },
    env: { cwd: env.cwd, shell: env.shell, current_date: env.date, timezone: env.timezone },
    writableRoots: roots,
  });
  return { items, resume: { context: 'update', ...common } };
}

export async function runExec(args: ExecArgs): Promise<number> {
  const cwd = path.resolve(args.cd ?? process.cwd());
  const codexHome = resolveCodexHome();
  let cfg: ResolvedConfig;
  try {
    cfg = loadConfig({
      codexHome,
      cwd,
      profile: args.profile,
      overrides: args.config,
      enable: args.enable,
      disable: args.disable,
      // exec never asks: approval is always `never`.
      cli: { ...(args.model ? { model: args.model } : {}), ...(args.sandbox ? { sandbox_mode: args.sandbox as never } : {}), approval_policy: 'never' },
    });
  } catch (e) {
    if (e instanceof ConfigError) {
      out.err(`Error loading config.toml: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  let prompt: string | null;
  try {
    prompt = await resolvePrompt({ arg: args.prompt, stdinIsTty: Boolean(process.stdin.isTTY), readStdin: () => readAll(process.stdin), resume: args.target.kind !== 'new' }, (line) => out.err(line + '\n'));
  } catch (e) {
    if (e instanceof PromptError) {
      out.err(`${e.message}\n`);
      return 1;
    }
    throw e;
  }

  if (!args.skipGitRepoCheck && !cfg.trusted && !insideGitRepo(cwd)) {
    out.err('Not inside a trusted directory and --skip-git-repo-check was not specified.\n');
    return 1;
  }

  const provider = cfg.modelProvider;
  const apiKey = provider.envKey ? process.env[provider.envKey] : undefined;
  if (provider.envKey && !apiKey) {
    out.err(`Missing environment variable: \`${provider.envKey}\`.${provider.envKeyInstructions ? ` ${provider.envKeyInstructions}` : ''}\n`);
    return 1;
  }
  let outputSchema: unknown;
  if (args.outputSchema) outputSchema = JSON.parse(readFileSync(path.resolve(cwd, args.outputSchema), 'utf8'));

  const roots = writableRoots(cfg, args.addDir.map((d) => path.resolve(cwd, d)));
  const context: ResponseItem[] = [
    developerMessage(permissionsText(cfg.sandboxMode, cfg.approvalPolicy, roots)),
    contextMessage(cwd, codexHome, cfg),
  ];
  let session;
  try {
    session = await openSession({ codexHome, cwd, target: args.target, ephemeral: args.ephemeral, provider: cfg.modelProviderId, baseInstructions: BASE_INSTRUCTIONS, source: 'exec', originator: 'codex_exec', cliVersion: VERSION });
  } catch (e) {
    if (e instanceof SessionNotFoundError) {
      out.err(`${e.message}\n`);
      return 1;
    }
    throw e;
  }

  const opening = openingContext(session, context, cfg, roots);
  const commands = createCommandTools({ sandboxMode: cfg.sandboxMode, writableRoots: roots, networkAccess: cfg.sandboxWorkspaceWrite.networkAccess, approvalPolicy: 'never' });
  const tools = createToolRouter({ writableRoots: roots, commands, interactive: false, sandboxed: cfg.sandboxMode !== 'danger-full-access' });
  const thread = new Thread({
    id: session.id,
    client: createModelClient({ baseURL: provider.baseUrl, apiKey: apiKey ?? '', headers: { originator: 'codex_exec', ...provider.httpHeaders }, query: provider.queryParams }),
    tools,
    retry: { requestMaxRetries: provider.requestMaxRetries, streamMaxRetries: provider.streamMaxRetries },
    settings: { model: cfg.model, provider: cfg.modelProviderId, cwd, approvalPolicy: 'never', sandboxMode: cfg.sandboxMode, reasoningEffort: cfg.modelReasoningEffort, verbosity: cfg.modelVerbosity, outputSchema, contextWindow: 258400 },
    baseInstructions: session.baseInstructions,
    history: session.history,
    pendingContext: opening.items,
    resume: opening.resume,
    legacy: session.legacy,
    rollout: session.rollout,
    priorUsage: session.usage,
    newId: session.newId,
  });

  // Like upstream, a turn's --json usage is the thread's running total (on resume: earlier turns included).
  const emit = (ev: ThreadEvent) =>
    args.json ? out.out(JSON.stringify(ev.type === 'turn.completed' ? { ...ev, usage: thread.totalUsage } : ev) + '\n') : renderHuman(out, ev, state);
  const state = { cwd, startedAt: new Map<string, number>(), totalTokens: () => blendedTotal(thread.totalUsage) };
  if (args.json) emit({ type: 'thread.started', thread_id: thread.id });
  else
    printHeader(out, {
      version: VERSION,
      workdir: cwd,
      model: cfg.model,
      provider: cfg.modelProviderId,
      approval: 'never',
      sandbox: sandboxLabel(cfg),
      reasoningEffort: cfg.modelReasoningEffort ?? 'none',
      reasoningSummaries: cfg.modelReasoningSummary ?? 'none',
      sessionId: thread.id,
    });
  if (prompt === null) {
    out.err('No prompt provided to continue the session.\n');
    tools.close?.();
    session.close();
    return 1;
  }
  if (!args.json) printUserPrompt(out, prompt);
  const prev = session.lastSettings?.model;
  if (prev && prev !== cfg.model) {
    const message = `This session was recorded with model \`${prev}\` but is resuming with \`${cfg.model}\`. Consider switching back to \`${prev}\` as it may affect Codex performance.`;
    if (args.json) emit(thread.warningEvent(message));
    else out.err(`warning: ${message}\n`);
  }

  const turn = thread.runTurn(prompt);
  let result;
  for (;;) {
    const next = await turn.next();
    if (next.done) {
      result = next.value;
      break;
    }
    emit(next.value);
  }
  tools.close?.();
  session.close();
  if (result.lastAgentMessage !== null) {
    if (!args.json) out.out(result.lastAgentMessage + '\n');
    if (args.outputLastMessage) writeFileSync(path.resolve(cwd, args.outputLastMessage), result.lastAgentMessage);
  }
  return result.ok ? 0 : 1;
}

/** What exec prints as "tokens used": input not served from cache, plus output (upstream's blended total). */
function blendedTotal(u: Usage): number {
  return Math.max(0, u.input_tokens - u.cached_input_tokens) + u.output_tokens;
}
