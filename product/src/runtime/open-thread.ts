// Opens a thread for a front end (exec, the TUI): the session (new, resumed or forked), its opening
// context, the tools and the model client, wired into a Thread. Config loading, prompts and
// rendering stay with each front end.
import path from 'node:path';
import type { ApprovalPolicy, ResolvedConfig } from '../core/config/index.ts';
import { agentsMdBlock, collectInstructions } from '../core/agent/agents-md.ts';
import { contextUpdates, fullContext, type TurnSettings } from '../core/agent/context-refresh.ts';
import { BASE_INSTRUCTIONS, environmentContext, permissionsText } from '../core/agent/instructions.ts';
import { developerMessage, type ResponseItem } from '../core/agent/items.ts';
import { localDate, localTimeZone } from '../core/agent/local-time.ts';
import { Thread, type ResumeMode } from '../core/agent/thread.ts';
import { autoCompactLimit } from '../core/agent/compact.ts';
import { createModelClient } from '../core/model/client.ts';
import { readAuth, storedApiKey } from '../core/auth/auth-file.ts';
import { resolveCodexHome } from '../core/config/index.ts';
import { isAuthHeader, rememberSecret } from '../core/rollout/secrets.ts';
import { createCommandTools } from '../core/tools/commands.ts';
import { permissionProfile } from '../core/tools/exec/permission-profile.ts';
import type { ToolContext, ToolRouter } from '../core/agent/tools.ts';
import { createToolRouter } from '../core/tools/router.ts';
import type { McpConnections } from '../core/mcp/connections.ts';
import { serverFromToml } from '../core/mcp/config.ts';
import { deferredToolsNote } from '../core/mcp/tool-specs.ts';
import { loadRules, type PrefixRule } from '../core/tools/exec/rules.ts';
import { VERSION } from '../version.ts';
import { openSession, type OpenSession, type OpenSessionOptions, type SessionTarget } from './session.ts';

export function writableRoots(cfg: ResolvedConfig, addDirs: string[]): string[] {
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
export function contextMessage(cwd: string, codexHome: string, cfg: ResolvedConfig): ResponseItem {
  const instructions = collectInstructions({ codexHome, cwd, configInstructions: cfg.instructions, maxBytes: cfg.projectDocMaxBytes });
  const env = environmentContext(currentEnvironment(cwd));
  return { type: 'message', role: 'user', content: [...(instructions ? [agentsMdBlock(cwd, instructions)] : []), env].map((text) => ({ type: 'input_text', text })) };
}

/** Whether this process's settings differ from the ones the session last recorded; none recorded at all counts as a change (upstream re-applies). */
function settingsChanged(before: TurnSettings | null, cfg: ResolvedConfig): boolean {
  if (!before) return true;
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

export interface OpenThreadOptions {
  cfg: ResolvedConfig;
  codexHome: string;
  target: SessionTarget;
  ephemeral: boolean;
  /** extra writable directories (--add-dir), relative to the cwd or absolute */
  addDirs: string[];
  apiKey: string;
  outputSchema?: unknown;
  /** session_meta source and the originator header: exec/codex_exec, cli/codex-tui */
  source: 'exec' | 'cli' | 'vscode';
  originator: string;
  approvalPolicy: ApprovalPolicy;
  /** a person can answer questions (request_user_input) */
  interactive: boolean;
  /** asks the person before calls that need approval (see the approval policy) */
  requestApproval?: ToolContext['requestApproval'];
  /** the agent's message text as it streams, with the Responses item id it belongs to */
  onTextDelta?: (delta: string, itemId: string) => void;
  /** a command is known to run: the call that started it and its OS process id */
  onCommandStarted?: (callId: string, pid: number) => void;
  /** a command's output as it runs, by the call that started it (see core/tools/exec/output-stream.ts) */
  onCommandOutput?: (callId: string, piece: string) => void;
  /**
   * Offer the MCP resource tools with no MCP server configured (default: when interactive). Upstream's
   * TUI always has its own built-in server; its app-server threads have only the configured ones.
   */
  resourceToolsAlways?: boolean;
  /** instructions in place of csm's own (a review turn) */
  baseInstructions?: string;
  /** only these tools are offered (a review turn); all of them when absent */
  toolNames?: string[];
  /** the exec-policy rules, when the front end loaded them already (see core/tools/exec/rules.ts); read from CODEX_HOME otherwise */
  rules?: PrefixRule[];
  /** a call refused before it ran, as upstream logs it (exec: on stderr) */
  onToolError?: (message: string) => void;
  /** an app-server's thread: a rollback's new file opens as upstream's app-server writes it (see ./revert.ts) */
  served?: boolean;
  /** a new thread working for another one (a review's reviewer), recorded as its sub-agent (see runtime/session.ts) */
  subagentOf?: OpenSessionOptions['subagentOf'];
  /** session_meta's thread_source for a new thread (see runtime/session.ts) */
  threadSource?: OpenSessionOptions['threadSource'];
}

export interface OpenedThread {
  thread: Thread;
  session: OpenSession;
  tools: ToolRouter;
  /** the directories commands may write to */
  roots: string[];
  /** the thread's MCP servers (none configured and enabled: absent) */
  mcp?: McpConnections;
}

function loggedInKey(): string | undefined {
  try {
    return storedApiKey(readAuth(resolveCodexHome()));
  } catch {
    return undefined; // an unreadable auth.json reads as no login; `csm login status` says why
  }
}

/** The API key of the configured provider, or the error to show when its variable is not set. */
export function providerApiKey(cfg: ResolvedConfig, env: NodeJS.ProcessEnv = process.env): { apiKey: string } | { error: string } {
  const provider = cfg.modelProvider;
  if (!provider.envKey) return { apiKey: '' };
  // OpenAI's own provider also takes the key `csm login --with-api-key` (or codex's) stored.
  const apiKey = env[provider.envKey] || (cfg.modelProviderId === 'openai' ? loggedInKey() : undefined);
  if (!apiKey) return { error: `Missing environment variable: \`${provider.envKey}\`.${provider.envKeyInstructions ? ` ${provider.envKeyInstructions}` : ''}` };
  // The key (and the credentials sent as headers) never reach a rollout or a log: see rollout/secrets.ts.
  rememberSecret(apiKey);
  for (const [name, value] of Object.entries(provider.httpHeaders)) if (isAuthHeader(name)) rememberSecret(value);
  for (const [name, variable] of Object.entries(provider.envHttpHeaders)) if (isAuthHeader(name)) rememberSecret(env[variable]);
  return { apiKey };
}

/** The router offering only the named tools (by function or custom tool name). */
function onlyTools(tools: ToolRouter, names: string[]): ToolRouter {
  return {
    specs: () => tools.specs().filter((t) => names.includes(String(t.name ?? t.type))),
    handle: (call, ctx) => tools.handle(call, ctx),
    close: () => tools.close?.(),
  };
}

/** Throws SessionNotFoundError when the target session does not exist. */
export async function openThread(o: OpenThreadOptions): Promise<OpenedThread> {
  const { cfg, codexHome } = o;
  const cwd = cfg.cwd;
  const provider = cfg.modelProvider;
  const addDirs = o.addDirs.map((d) => path.resolve(cwd, d));
  const roots = writableRoots(cfg, addDirs);
  // MCP servers start now, together, while the session opens; the first call that needs them waits.
  const servers = Object.entries(cfg.mcpServers).flatMap(([name, t]) => serverFromToml(name, t as Record<string, unknown>) ?? []);
  // The MCP SDK (and the JSON-schema validator it brings) loads only for a session that has servers.
  const mcp = servers.some((s) => s.enabled) && !o.toolNames ? new (await import('../core/mcp/connections.ts')).McpConnections(servers, { cwd, clientVersion: VERSION }) : undefined;
  const mcpNote = mcp ? [deferredToolsNote(servers.filter((s) => s.enabled).map((s) => s.name))] : [];
  const initialContext = (): ResponseItem[] => [developerMessage(permissionsText(cfg.sandboxMode, cfg.approvalPolicy, roots), ...mcpNote), contextMessage(cwd, codexHome, cfg)];
  const context = initialContext();
  const session = await openSession({ codexHome, cwd, target: o.target, ephemeral: o.ephemeral, provider: cfg.modelProviderId, baseInstructions: o.baseInstructions ?? BASE_INSTRUCTIONS, source: o.source, originator: o.originator, cliVersion: VERSION, served: o.served, subagentOf: o.subagentOf, threadSource: o.threadSource });
  const opening = openingContext(session, context, cfg, roots);
  const commands = createCommandTools({
    sandboxMode: cfg.sandboxMode,
    writableRoots: roots,
    networkAccess: cfg.sandboxWorkspaceWrite.networkAccess,
    approvalPolicy: o.approvalPolicy,
    envPolicy: cfg.shellEnvironmentPolicy,
    threadId: session.id,
    version: VERSION,
    onCommandStarted: o.onCommandStarted,
    onOutputDelta: o.onCommandOutput,
  });
  const tools = createToolRouter({
    writableRoots: roots,
    commands,
    interactive: o.interactive,
    sandboxed: cfg.sandboxMode !== 'danger-full-access',
    // Like upstream, the TUI offers the MCP resource tools; exec and the app-server only with MCP servers configured.
    ...((o.resourceToolsAlways ?? o.interactive) ? { mcpResources: { servers: [] } } : {}),
    ...(mcp ? { mcp, history: session.history } : {}),
    policy: { approval: o.approvalPolicy, sandbox: cfg.sandboxMode },
    rules: { list: o.rules ?? loadRules(codexHome), codexHome },
    ...(o.onToolError ? { onToolError: o.onToolError } : {}),
  });
  const offered = o.toolNames ? onlyTools(tools, o.toolNames) : tools;
  const thread = new Thread({
    id: session.id,
    client: createModelClient({ baseURL: provider.baseUrl, apiKey: o.apiKey, headers: { originator: o.originator, ...provider.httpHeaders }, query: provider.queryParams }),
    tools: offered,
    retry: {
      requestMaxRetries: provider.requestMaxRetries,
      streamMaxRetries: provider.streamMaxRetries,
      unboundedConnectionRetries: cfg.features.unbounded_connection_retries !== false,
    },
    settings: {
      model: cfg.model,
      provider: cfg.modelProviderId,
      cwd,
      approvalPolicy: o.approvalPolicy,
      sandboxMode: cfg.sandboxMode,
      reasoningEffort: cfg.modelReasoningEffort,
      verbosity: cfg.modelVerbosity,
      outputSchema: o.outputSchema,
      contextWindow: cfg.modelContextWindow,
      permissionProfile: permissionProfile(cfg.sandboxMode, {
        cwd,
        extra: [...cfg.sandboxWorkspaceWrite.writableRoots, ...addDirs],
        slashTmp: !cfg.sandboxWorkspaceWrite.excludeSlashTmp,
        tmpdir: !cfg.sandboxWorkspaceWrite.excludeTmpdirEnvVar,
        network: cfg.sandboxWorkspaceWrite.networkAccess,
      }),
    },
    baseInstructions: session.baseInstructions,
    history: session.history,
    pendingContext: opening.items,
    resume: opening.resume,
    worldState: session.worldState,
    legacy: session.legacy,
    rollout: session.rollout,
    requestApproval: o.requestApproval,
    onTextDelta: o.onTextDelta,
    priorUsage: session.usage,
    priorContextTokens: session.contextTokens,
    autoCompactTokenLimit: autoCompactLimit(cfg.modelAutoCompactTokenLimit, cfg.modelContextWindow),
    initialContext,
    newId: session.newId,
  });
  return { thread, session, tools, roots, ...(mcp ? { mcp } : {}) };
}
