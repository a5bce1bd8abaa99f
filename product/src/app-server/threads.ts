// Threads in the app-server's terms: the protocol's Thread object from a session-index row (listed
// and read threads) or from a thread csm has loaded, and thread/list's parameters as an index query.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
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
    // upstream's list rows do not say what a thread was forked from (its read and fork answers do)
    forkedFromId: o.listed ? null : f.forkedFromId,
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

export interface RecordedTail {
  /** the approval policy and sandbox the newest turn ran with (its turn_context) */
  approval?: string;
  sandbox?: string;
  /** that turn's id */
  turnId?: string;
  /** the newest token count's usage (total_token_usage, last_token_usage, model_context_window) */
  tokens?: { total: Record<string, number>; last: Record<string, number>; contextWindow: number | null };
}

/**
 * What a session's end tells of it: the settings its newest turn ran with and its newest token
 * count, read backwards from the end of the file a chunk at a time (both are near the end).
 */
export function recordedTail(file: string): RecordedTail {
  const out: RecordedTail = {};
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return out;
  }
  let context = false;
  try {
    const CHUNK = 64 * 1024;
    let end = fstatSync(fd).size;
    let carry = '';
    while (end > 0 && !(context && out.tokens)) {
      const start = Math.max(0, end - CHUNK);
      const buf = Buffer.alloc(end - start);
      readSync(fd, buf, 0, buf.length, start);
      const lines = (buf.toString('utf8') + carry).split('\n');
      carry = start > 0 ? lines.shift()! : '';
      for (let i = lines.length - 1; i >= 0 && !(context && out.tokens); i--) {
        const line = lines[i];
        const isContext = !context && line.includes('"turn_context"');
        const isCount = !out.tokens && line.includes('"token_count"');
        if (!isContext && !isCount) continue;
        let l: { type?: string; payload?: Record<string, any> };
        try {
          l = JSON.parse(line);
        } catch {
          continue; // a torn line
        }
        const p = l.payload ?? {};
        const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
        if (isContext && l.type === 'turn_context') {
          context = true;
          Object.assign(out, { approval: str(p.approval_policy), sandbox: str(p.sandbox_policy?.type) ?? str(p.sandbox_policy?.mode), turnId: str(p.turn_id) });
        } else if (isCount && l.type === 'event_msg' && p.type === 'token_count' && p.info) {
          out.tokens = { total: p.info.total_token_usage ?? {}, last: p.info.last_token_usage ?? {}, contextWindow: typeof p.info.model_context_window === 'number' ? p.info.model_context_window : null };
        }
      }
      end = start;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}
