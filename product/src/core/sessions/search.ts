// Full-text search over the indexed message text (FTS5, porter + unicode61), best session first.
//
// What a person types is never passed to FTS5 as query syntax: each word (or "quoted phrase") is
// quoted, so `foo-bar "x"`, `c++`, `AND`, `col:x` or a stray quote are plain text; all terms must
// match (AND). A word ending in `*` is a prefix search. Ranking is FTS5's bm25 (lower is better);
// each session contributes its best-matching message.
import type { Db } from './db.ts';
import { getSession, type SessionInfo } from './rows.ts';

export interface SearchOptions {
  /** sessions to return; default 20, at most 200 */
  limit?: number;
  /** only sessions started in this directory */
  cwd?: string;
  /** false (default): active only; true: archived only; 'any': both */
  archived?: boolean | 'any';
  /** marks around matched words in the snippet; default ['«', '»'] */
  markers?: [string, string];
  /** words of context in the snippet; default 16 */
  snippetTokens?: number;
}

export interface SearchHit {
  session: SessionInfo;
  /** the best-matching message, cut around the match, matches between the markers */
  snippet: string;
  /** the user turn the message belongs to: 1 = the first user message's turn, 0 = before it */
  turn: number;
  role: 'user' | 'agent' | 'tool';
  /** bm25: lower (more negative) is a better match */
  rank: number;
}

const HAS_WORD = /[\p{L}\p{N}]/u;

/** The FTS5 MATCH expression for what a person typed, or null when it holds no searchable word. */
export function buildFtsQuery(input: string): string | null {
  const terms: string[] = [];
  for (const m of input.matchAll(/"([^"]*)"?|(\S+)/g)) {
    const phrase = m[1];
    let word = m[2];
    if (phrase !== undefined) {
      if (HAS_WORD.test(phrase)) terms.push(`"${phrase.replaceAll('"', '""')}"`);
      continue;
    }
    const prefix = word.endsWith('*');
    word = word.replace(/\*+$/, '').replaceAll('"', '');
    if (!HAS_WORD.test(word)) continue;
    terms.push(`"${word}"${prefix ? '*' : ''}`);
  }
  return terms.length ? terms.join(' ') : null;
}

export function searchSessions(db: Db, query: string, opts: SearchOptions = {}): SearchHit[] {
  const match = buildFtsQuery(query);
  if (!match) return [];
  const limit = Math.min(Math.max(1, Math.floor(opts.limit ?? 20)), 200);
  const where = ['1'];
  const params: unknown[] = [match];
  const archived = opts.archived ?? false;
  if (archived !== 'any') {
    where.push('s.archived = ?');
    params.push(archived ? 1 : 0);
  }
  if (opts.cwd !== undefined) {
    where.push('s.cwd = ?');
    params.push(opts.cwd);
  }
  // FTS5's rank cannot feed an aggregate or window directly, so the matches are materialized
  // first; then each session keeps its best row.
  const best = db
    .prepare(
      `WITH hits AS MATERIALIZED (SELECT session_id, rowid AS rid, rank FROM messages WHERE messages MATCH ?),
       ranked AS (
         SELECT hits.session_id AS session_id, hits.rid AS rid, hits.rank AS rank,
                row_number() OVER (PARTITION BY hits.session_id ORDER BY hits.rank, hits.rid) AS n
         FROM hits JOIN sessions s ON s.id = hits.session_id
         WHERE ${where.join(' AND ')})
       SELECT session_id, rid AS rowid, rank FROM ranked WHERE n = 1 ORDER BY rank, session_id LIMIT ?`,
    )
    .all(...params, limit) as Array<{ session_id: string; rowid: number; rank: number }>;
  if (!best.length) return [];

  const [open, close] = opts.markers ?? ['«', '»'];
  // `rowid = ?` next to MATCH is not honoured by FTS5 (SQLite 3.53: every match comes back), a
  // rowid range is.
  const snip = db.prepare(
    `SELECT snippet(messages, 3, ?, ?, '…', ?) AS snippet, turn, role FROM messages WHERE messages MATCH ? AND rowid >= ? AND rowid <= ?`,
  );
  const hits: SearchHit[] = [];
  for (const b of best) {
    const session = getSession(db, b.session_id);
    const s = snip.get(open, close, Math.min(64, Math.max(1, opts.snippetTokens ?? 16)), match, b.rowid, b.rowid) as
      | { snippet: string; turn: number; role: SearchHit['role'] }
      | undefined;
    if (!session || !s) continue;
    hits.push({ session, snippet: s.snippet, turn: s.turn, role: s.role, rank: b.rank });
  }
  return hits;
}
