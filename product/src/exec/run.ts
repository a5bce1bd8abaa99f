// `csm exec`: one non-interactive turn (new, resumed or forked thread), printed for people (stderr
// transcript, stdout answer) or as JSONL events.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError, resolveCodexHome, type ResolvedConfig } from '../core/config/index.ts';
import type { Usage } from '../core/model/usage.ts';
import type { ThreadEvent } from '../core/protocol/thread-events.ts';
import { loadFrontEndConfig, type FrontEndArgs } from '../runtime/front-end.ts';
import { openThread, providerApiKey, type OpenedThread } from '../runtime/open-thread.ts';
import { SessionOpenError } from '../runtime/session.ts';
import { VERSION } from '../version.ts';
import { printHeader, printUserPrompt, renderHuman, type Out } from './human.ts';
import { PromptError, readAll, resolvePrompt } from './prompt.ts';
import { ExecInputError, checkOutputFile, readOutputSchema } from './inputs.ts';
import { REVIEW_TOOLS, reviewEvents, type ReviewRequest } from './review.ts';
import { REVIEW_INSTRUCTIONS } from '../core/review/instructions.ts';
import { loadRules, RulesError, type PrefixRule } from '../core/tools/exec/rules.ts';

export interface ExecArgs extends FrontEndArgs {
  prompt?: string;
  json: boolean;
  outputLastMessage?: string;
  outputSchema?: string;
  skipGitRepoCheck: boolean;
  ephemeral: boolean;
  /** `review` / `exec review`: the reviewer's request instead of a prompt */
  review?: ReviewRequest;
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

export async function runExec(args: ExecArgs): Promise<number> {
  const cwd = path.resolve(args.cd ?? process.cwd());
  const codexHome = resolveCodexHome();
  let cfg: ResolvedConfig;
  try {
    // exec never asks: approval is always `never`.
    cfg = loadFrontEndConfig(args, cwd, codexHome, { approval_policy: 'never' });
  } catch (e) {
    if (e instanceof ConfigError) {
      out.err(`Error loading config.toml: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  // The rules are read before anything else happens (stdin included); a bad file stops exec here.
  let rules: PrefixRule[];
  try {
    rules = loadRules(codexHome);
  } catch (e) {
    if (!(e instanceof RulesError)) throw e;
    out.err(`Error loading rules:\n${e.message}\n`);
    return 1;
  }

  let prompt: string | null;
  try {
    prompt = args.review ? args.review.prompt : await resolvePrompt({ arg: args.prompt, stdinIsTty: Boolean(process.stdin.isTTY), readStdin: () => readAll(process.stdin), resume: args.target.kind !== 'new' }, (line) => out.err(line + '\n'));
  } catch (e) {
    if (e instanceof PromptError) {
      out.err(`${e.message}\n`);
      return 1;
    }
    throw e;
  }

  // Files named on the command line are checked now, before any session or model request.
  let outputSchema: unknown;
  try {
    if (args.outputSchema) outputSchema = readOutputSchema(args.outputSchema, cwd);
    if (args.outputLastMessage) checkOutputFile(args.outputLastMessage, cwd);
  } catch (e) {
    if (e instanceof ExecInputError) {
      out.err(`${e.message}\n`);
      return 1;
    }
    throw e;
  }

  if (!args.skipGitRepoCheck && !cfg.trusted && !insideGitRepo(cwd)) {
    out.err('Not inside a trusted directory and --skip-git-repo-check was not specified.\n');
    return 1;
  }

  const key = providerApiKey(cfg);
  if ('error' in key) {
    out.err(`${key.error}\n`);
    return 1;
  }

  let opened: OpenedThread;
  try {
    opened = await openThread({
      cfg,
      codexHome,
      target: args.target,
      ephemeral: args.ephemeral,
      addDirs: args.addDir,
      apiKey: key.apiKey,
      outputSchema,
      source: 'exec',
      originator: 'codex_exec',
      approvalPolicy: 'never',
      interactive: false,
      rules,
      // Upstream's log line for a call refused before it ran.
      onToolError: (message) => !args.json && out.err(`${new Date().toISOString()} ERROR codex_core::tools::router: error=${message}\n`),
      ...(args.review ? { baseInstructions: REVIEW_INSTRUCTIONS, toolNames: REVIEW_TOOLS } : {}),
    });
  } catch (e) {
    // A session that does not exist, is not a rollout, or is open elsewhere: one line, exit 1.
    if (e instanceof SessionOpenError) {
      out.err(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
  const { thread, session, tools } = opened;

  // Like upstream, a turn's --json usage is the thread's running total (on resume: earlier turns included).
  const show = (ev: ThreadEvent) =>
    // A compaction is no exec --json event (upstream prints nothing for it); the transcript shows it.
    args.json ? ev.type !== 'context.compacted' && out.out(JSON.stringify(ev.type === 'turn.completed' && !review ? { ...ev, usage: thread.totalUsage } : ev) + '\n') : renderHuman(out, ev, state);
  // A review shows only the request and the rendered findings (see review.ts).
  const review = args.review ? reviewEvents({ json: args.json }) : null;
  const emit = (ev: ThreadEvent) => (review ? review.pass(ev) : [ev]).forEach(show);
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
  if (!args.json) printUserPrompt(out, args.review ? args.review.hint : prompt);
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
  if (review) {
    const { events, text } = review.finish(result);
    events.forEach(show);
    result = { ...result, lastAgentMessage: text };
  }
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
