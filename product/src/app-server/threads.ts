// Threads in the app-server's terms: the protocol's Thread object from a session-index row (listed
// and read threads) or from a thread csm has loaded, and thread/list's parameters as an index query.
import type { SessionInfo } from '../core/sessions/rows.ts';
import type { ListOptions } from '../core/sessions/query.ts';
import type { ProtocolThread, ProtocolTurn } from './protocol.ts';

/** The session_meta source as the protocol names it. */
export function protocolSource(source: string | null): ProtocolThread['source'] {
  if (source === 'cli' || source === 'vscode' || source === 'exec') return source;
  if (source === 'app-server' || source === 'appServer') return 'appServer';
  return source ? { custom: source } : 'unknown';
}

export interface ThreadFacts {
  id: string;
  path: string | null;
  cwd: string;
  createdAt: number;
  updatedAt: number;
  source: string | null;
  originator: string | null;
  model: string | null;
  provider: string | null;
  name: string | null;
  preview: string;
  forkedFromId: string | null;
  ephemeral: boolean;
  cliVersion: string;
  historyMode: 'paginated' | 'legacy';
  gitInfo: { sha: string | null; branch: string | null } | null;
}

export function factsOf(s: SessionInfo, cliVersion: string): ThreadFacts {
  return {
    id: s.id,
    path: s.path,
    cwd: s.cwd ?? '',
    createdAt: Math.floor(s.createdAt / 1000),
    updatedAt: Math.floor(s.updatedAt / 1000),
    source: s.source,
    originator: s.originator,
    model: s.model,
    provider: s.provider,
    name: s.name,
    // upstream previews a thread by its first prompt
    preview: s.firstUserMessage ?? '',
    forkedFromId: s.forkedFromId,
    ephemeral: false,
    cliVersion,
    historyMode: s.historyMode,
    gitInfo: s.gitSha || s.gitBranch ? { sha: s.gitSha, branch: s.gitBranch } : null,
  };
}

export function protocolThread(f: ThreadFacts, status: ProtocolThread['status'], turns: ProtocolTurn[] = []): ProtocolThread {
  return {
    id: f.id,
    environments: [{ environmentId: 'local', cwd: f.cwd, runtimeWorkspaceRoots: [f.cwd] }],
    extra: null,
    sessionId: f.id,
    forkedFromId: f.forkedFromId,
    attachedToThreadId: null,
    parentThreadId: null,
    preview: f.preview,
    ephemeral: f.ephemeral,
    section: null,
    sectionEnteredAt: null,
    projectId: null,
    historyMode: f.historyMode,
    modelProvider: f.provider ?? '',
    model: f.model,
    reasoningEffort: null,
    createdAt: f.createdAt,
    updatedAt: f.updatedAt,
    recencyAt: f.updatedAt,
    status,
    path: f.path,
    cwd: f.cwd,
    cliVersion: f.cliVersion,
    originator: f.originator,
    source: protocolSource(f.source),
    canAcceptDirectInput: true,
    threadSource: null,
    agentNickname: null,
    agentRole: null,
    gitInfo: f.gitInfo ? { sha: f.gitInfo.sha, branch: f.gitInfo.branch, originUrl: null } : null,
    name: f.name,
    daybreakEnabled: null,
    turns,
  } as unknown as ProtocolThread;
}

/** The sources upstream lists when a client names none: the interactive ones. */
const DEFAULT_SOURCES = ['cli', 'vscode'];
const SOURCE_KINDS: Record<string, string[]> = { cli: ['cli'], vscode: ['vscode'], exec: ['exec'], appServer: ['app-server', 'appServer'], unknown: ['unknown'] };

export interface ThreadListParamsIn {
  cursor?: string | null;
  limit?: number | null;
  sortKey?: string | null;
  archived?: boolean | null;
  cwd?: string | string[] | null;
  sourceKinds?: string[] | null;
  modelProviders?: string[] | null;
}

/** thread/list's parameters as a session-index page query. */
export function listQuery(p: ThreadListParamsIn): ListOptions {
  const kinds = p.sourceKinds?.length ? p.sourceKinds.flatMap((k) => SOURCE_KINDS[k] ?? [k]) : DEFAULT_SOURCES;
  const cwd = Array.isArray(p.cwd) ? p.cwd[0] : p.cwd;
  return {
    all: !cwd,
    cwd: cwd ?? undefined,
    archived: p.archived ?? false,
    source: kinds,
    provider: p.modelProviders?.length === 1 ? p.modelProviders[0] : undefined,
    sort: p.sortKey === 'created_at' ? 'created' : 'updated',
    limit: Math.min(Math.max(p.limit ?? 25, 1), 100),
    cursor: p.cursor ?? undefined,
  };
}
