// The paged session list, plus the rest of the read API (rows, search, resolve).
//
// listSessions walks one of the (archived?, cwd?, created_at|updated_at DESC, id DESC) indexes and
// pages with a keyset cursor (the last row's sort key and id), so every page costs the same however
// deep it is, and rows added meanwhile never shift or repeat the next page.
import type { Db } from './db.ts';
import { SESSION_COLUMNS, toSessionInfo, type SessionInfo, type SessionRow } from './rows.ts';

export { getSession, listForks, toSessionInfo, SESSION_COLUMNS, type SessionInfo, type SessionRow } from './rows.ts';
export { searchSessions, buildFtsQuery, type SearchHit, type SearchOptions } from './search.ts';
export { resolveSession, SessionResolveError, type ResolveOptions } from './resolve.ts';

export type SortKey = 'created' | 'updated';

export interface ListOptions {
  /** only sessions started in this directory (ignored with `all`) */
  cwd?: string;
  /** every directory, even if cwd is given */
  all?: boolean;
  /** false (default): active only; true: archived only; 'any': both */
  archived?: boolean | 'any';
  /** only these sources (cli, vscode, exec, …) */
  source?: string[];
  provider?: string;
  /** only sessions whose sort time (created or updated, per `sort`) is at or after this */
  since?: Date;
  /** default 'updated' */
  sort?: SortKey;
  /** default 'desc' (newest first) */
  direction?: 'asc' | 'desc';
  /** only sessions whose sort time is at or after (asc) / at or before (desc) this, ms: a page's anchor when paging back */
  anchor?: number;
  /** default 25, at most 1000 */
  limit?: number;
  /** nextCursor of the previous page */
  cursor?: string;
}

export interface ListResult {
  items: SessionInfo[];
  /** pass as `cursor` for the next page; null on the last page */
  nextCursor: string | null;
}

interface Cursor {
  s: SortKey;
  k: number;
  id: string;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.s, c.k, c.id])).toString('base64url');
}

function decodeCursor(text: string, sort: SortKey): Cursor {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    v = null;
  }
  if (!Array.isArray(v) || v.length !== 3 || typeof v[1] !== 'number' || typeof v[2] !== 'string') throw new Error('invalid list cursor');
  if (v[0] !== sort) throw new Error(`list cursor is for sort '${String(v[0])}', not '${sort}'`);
  return { s: sort, k: v[1], id: v[2] };
}

/** The SQL and parameters of a list page (exported for query-plan tests). */
export function listQuery(opts: ListOptions = {}): { sql: string; params: unknown[]; sort: SortKey; limit: number } {
  const sort = opts.sort ?? 'updated';
  const col = sort === 'created' ? 'created_at' : 'updated_at';
  const asc = opts.direction === 'asc';
  const limit = Math.min(Math.max(1, Math.floor(opts.limit ?? 25)), 1000);
  const where: string[] = [];
  const params: unknown[] = [];
  const archived = opts.archived ?? false;
  if (archived !== 'any') {
    where.push('archived = ?');
    params.push(archived ? 1 : 0);
  }
  if (opts.cwd !== undefined && !opts.all) {
    where.push('cwd = ?');
    params.push(opts.cwd);
  }
  if (opts.source?.length) {
    where.push(`source IN (${opts.source.map(() => '?').join(', ')})`);
    params.push(...opts.source);
  }
  if (opts.provider !== undefined) {
    where.push('provider = ?');
    params.push(opts.provider);
  }
  if (opts.since) {
    where.push(`${col} >= ?`);
    params.push(opts.since.getTime());
  }
  if (opts.anchor !== undefined) {
    where.push(`${col} ${asc ? '>=' : '<='} ?`);
    params.push(opts.anchor);
  }
  if (opts.cursor) {
    const c = decodeCursor(opts.cursor, sort);
    where.push(`(${col}, id) ${asc ? '>' : '<'} (?, ?)`);
    params.push(c.k, c.id);
  }
  const dir = asc ? 'ASC' : 'DESC';
  const sql = `SELECT ${SESSION_COLUMNS} FROM sessions ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY ${col} ${dir}, id ${dir} LIMIT ?`;
  params.push(limit + 1);
  return { sql, params, sort, limit };
}

/** A page of sessions, newest first by created or updated time. */
export function listSessions(db: Db, opts: ListOptions = {}): ListResult {
  const q = listQuery(opts);
  const rows = db.prepare(q.sql).all(...q.params) as SessionRow[];
  const more = rows.length > q.limit;
  const items = rows.slice(0, q.limit).map(toSessionInfo);
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: more && last ? encodeCursor({ s: q.sort, k: q.sort === 'created' ? last.createdAt : last.updatedAt, id: last.id }) : null,
  };
}
