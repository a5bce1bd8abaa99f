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
  /** session_meta's thread_source (user, …): who started the thread, when recorded */
  threadSource?: string | null;
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

/**
 * The protocol's Thread. A thread csm has not loaded has no environment and cannot be said to take
 * input yet (null, as upstream's); a listed one never says either way.
 */
export function protocolThread(f: ThreadFacts, status: ProtocolThread['status'], turns: ProtocolTurn[] = [], o: { listed?: boolean } = {}): ProtocolThread {
  const loaded = status.type !== 'notLoaded';
  return {
    id: f.id,
    environments: loaded ? [{ environmentId: 'local', cwd: f.cwd, runtimeWorkspaceRoots: [f.cwd] }] : null,
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
    canAcceptDirectInput: loaded && !o.listed ? true : null,
    threadSource: o.listed ? null : (f.threadSource ?? null),
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
  sortDirection?: string | null;
  archived?: boolean | null;
  cwd?: string | string[] | null;
  sourceKinds?: string[] | null;
  modelProviders?: string[] | null;
}

/** A backwards cursor is the time a page starts at (upstream's shape: an ISO timestamp). */
const ANCHOR = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/;

/** The cursor that pages back from a page: the sort time of its first thread, that thread included. */
export function backwardsCursor(first: { createdAt: number; updatedAt: number } | undefined, q: ListOptions): string | null {
  return first ? new Date(q.sort === 'created' ? first.createdAt : first.updatedAt).toISOString() : null;
}

/** thread/list's parameters as a session-index page query. */
export function listQuery(p: ThreadListParamsIn): ListOptions {
  const kinds = p.sourceKinds?.length ? p.sourceKinds.flatMap((k) => SOURCE_KINDS[k] ?? [k]) : DEFAULT_SOURCES;
  const cwd = Array.isArray(p.cwd) ? p.cwd[0] : p.cwd;
  const anchor = p.cursor && ANCHOR.test(p.cursor) ? Date.parse(p.cursor) : undefined;
  return {
    direction: p.sortDirection === 'asc' ? 'asc' : 'desc',
    ...(anchor !== undefined ? { anchor } : {}),
    all: !cwd,
    cwd: cwd ?? undefined,
    archived: p.archived ?? false,
    source: kinds,
    provider: p.modelProviders?.length === 1 ? p.modelProviders[0] : undefined,
    // upstream's default order is by creation time
    sort: p.sortKey === 'updated_at' || p.sortKey === 'recency_at' ? 'updated' : 'created',
    limit: Math.min(Math.max(p.limit ?? 25, 1), 100),
    cursor: anchor === undefined ? (p.cursor ?? undefined) : undefined,
  };
}
