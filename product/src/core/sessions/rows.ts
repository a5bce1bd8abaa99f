// Session rows of the index as API objects.
import type { Db } from './db.ts';

export interface SessionInfo {
  id: string;
  /** the rollout file, absolute */
  path: string;
  archived: boolean;
  cwd: string | null;
  /** ms since the epoch */
  createdAt: number;
  /** ms since the epoch: the newer of the file's mtime and its last line's timestamp */
  updatedAt: number;
  /** cli | vscode | exec | mcp | subagent | … */
  source: string | null;
  originator: string | null;
  model: string | null;
  provider: string | null;
  gitBranch: string | null;
  gitSha: string | null;
  /** from session_index.jsonl (newest entry), else a thread_name_updated event in the rollout */
  name: string | null;
  firstUserMessage: string | null;
  /** the last agent message, else the first prompt; one line, at most 200 chars */
  preview: string | null;
  userTurns: number;
  totalTokens: number | null;
  /** bytes */
  size: number;
  forkedFromId: string | null;
  historyMode: 'paginated' | 'legacy';
  malformedLines: number;
  pinned: boolean;
  tags: string[];
}

export const SESSION_COLUMNS = `id, path, archived, cwd, created_at, updated_at, source, originator, model, provider,
  git_branch, git_sha, name, first_user_message, preview, user_turns, total_tokens, size, forked_from_id,
  history_mode, malformed_lines, pinned, tags`;

export interface SessionRow {
  id: string;
  path: string;
  archived: number;
  cwd: string | null;
  created_at: number;
  updated_at: number;
  source: string | null;
  originator: string | null;
  model: string | null;
  provider: string | null;
  git_branch: string | null;
  git_sha: string | null;
  name: string | null;
  first_user_message: string | null;
  preview: string | null;
  user_turns: number;
  total_tokens: number | null;
  size: number;
  forked_from_id: string | null;
  history_mode: string;
  malformed_lines: number;
  pinned: number;
  tags: string;
}

function parseTags(json: string): string[] {
  try {
    const v = JSON.parse(json) as unknown;
    return Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

export function toSessionInfo(r: SessionRow): SessionInfo {
  return {
    id: r.id,
    path: r.path,
    archived: r.archived === 1,
    cwd: r.cwd,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    source: r.source,
    originator: r.originator,
    model: r.model,
    provider: r.provider,
    gitBranch: r.git_branch,
    gitSha: r.git_sha,
    name: r.name,
    firstUserMessage: r.first_user_message,
    preview: r.preview,
    userTurns: r.user_turns,
    totalTokens: r.total_tokens,
    size: r.size,
    forkedFromId: r.forked_from_id,
    historyMode: r.history_mode === 'paginated' ? 'paginated' : 'legacy',
    malformedLines: r.malformed_lines,
    pinned: r.pinned === 1,
    tags: parseTags(r.tags),
  };
}

/** One session by exact id, or null. */
export function getSession(db: Db, id: string): SessionInfo | null {
  const row = db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`).get(id) as SessionRow | undefined;
  return row ? toSessionInfo(row) : null;
}

/** Sessions forked from this one (children in the fork tree). */
export function listForks(db: Db, id: string): SessionInfo[] {
  return (db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE forked_from_id = ? ORDER BY created_at, id`).all(id) as SessionRow[]).map(toSessionInfo);
}
