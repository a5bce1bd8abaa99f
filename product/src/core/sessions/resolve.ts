// Turning what a person typed (`csm resume X`, `csm sessions show X`) into one session:
//   1. a full thread id;
//   2. a name from session_index.jsonl (re-read first, so a rename by upstream counts at once),
//      the most recently named session first; then a thread_name_updated name from a rollout;
//   3. a unique id prefix of at least 4 characters (ambiguous: an error listing the candidates).
// The index may be behind the files: a row whose file is gone, or an id the index has not seen, is
// looked up on disk (findRolloutById) and that one file indexed on the spot.
import { existsSync } from 'node:fs';
import { findRolloutById } from '../rollout/paths.ts';
import type { Db } from './db.ts';
import { indexFile } from './indexer.ts';
import { idsNamed, syncNames } from './names.ts';
import { getSession, SESSION_COLUMNS, toSessionInfo, type SessionInfo, type SessionRow } from './rows.ts';

export const MIN_PREFIX = 4;
const MAX_CANDIDATES = 10;
const FULL_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class SessionResolveError extends Error {
  constructor(
    readonly ref: string,
    readonly kind: 'not_found' | 'ambiguous',
    /** for 'ambiguous': the sessions the prefix matches (at most 10) */
    readonly candidates: SessionInfo[] = [],
  ) {
    super(
      kind === 'ambiguous'
        ? `'${ref}' matches several sessions: ${candidates.map((c) => (c.name ? `${c.id} (${c.name})` : c.id)).join(', ')}`
        : `no session matches '${ref}'`,
    );
    this.name = 'SessionResolveError';
  }
}

export interface ResolveOptions {
  /** false: active only; true: archived only; 'any' (default): both */
  archived?: boolean | 'any';
}

function allowed(s: SessionInfo, archived: boolean | 'any'): boolean {
  return archived === 'any' || s.archived === archived;
}

/** The session with this exact id, its file verified, re-found on disk if it moved or is new. */
async function byId(db: Db, codexHome: string, id: string): Promise<SessionInfo | null> {
  const row = getSession(db, id);
  if (row && existsSync(row.path)) return row;
  const file = await findRolloutById(codexHome, id);
  if (!file) return null;
  await indexFile(db, codexHome, file);
  return getSession(db, id);
}

export async function resolveSession(db: Db, codexHome: string, ref: string, opts: ResolveOptions = {}): Promise<SessionInfo> {
  const archived = opts.archived ?? 'any';
  const text = ref.trim();
  if (!text) throw new SessionResolveError(ref, 'not_found');
  const lower = text.toLowerCase();

  if (FULL_ID.test(text) || getSession(db, lower)) {
    const s = await byId(db, codexHome, lower);
    if (s && allowed(s, archived)) return s;
  }

  syncNames(db, codexHome);
  for (const id of idsNamed(db, text)) {
    const s = await byId(db, codexHome, id.toLowerCase());
    if (s && allowed(s, archived)) return s;
  }
  const named = (db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE name = ? ORDER BY updated_at DESC`).all(text) as SessionRow[])
    .map(toSessionInfo)
    .filter((s) => allowed(s, archived) && existsSync(s.path));
  if (named.length) return named[0];

  if (lower.length >= MIN_PREFIX && /^[0-9a-f-]+$/.test(lower)) {
    const rows = (
      db.prepare(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id >= ? AND id < ? ORDER BY id LIMIT ?`).all(lower, `${lower}\u{10ffff}`, MAX_CANDIDATES + 1) as SessionRow[]
    )
      .map(toSessionInfo)
      .filter((s) => allowed(s, archived));
    if (rows.length > 1) throw new SessionResolveError(ref, 'ambiguous', rows.slice(0, MAX_CANDIDATES));
    if (rows.length === 1) {
      const s = await byId(db, codexHome, rows[0].id);
      if (s) return s;
    }
  }
  throw new SessionResolveError(ref, 'not_found');
}

const commonLength = (a: string, b: string | undefined) => {
  let n = 0;
  if (b) while (n < a.length && a[n] === b[n]) n++;
  return n;
};

/**
 * How an id is shown to people: its shortest prefix of at least `min` characters that no other
 * indexed session shares, so that typing it back resolves to this session. UUIDv7 ids of one
 * minute share their first 8 characters, so a fixed 8 would not do. Only the id's two neighbours in
 * sorted order can share a longer prefix, so this is two index lookups.
 */
export function shortestUniqueId(db: Db, id: string, min = 8): string {
  const neighbour = (sql: string) => (db.prepare(sql).get(id) as { id: string } | undefined)?.id;
  const before = neighbour('SELECT id FROM sessions WHERE id < ? ORDER BY id DESC LIMIT 1');
  const after = neighbour('SELECT id FROM sessions WHERE id > ? ORDER BY id LIMIT 1');
  let n = Math.max(min, commonLength(id, before) + 1, commonLength(id, after) + 1);
  // A prefix ending in the dash reads as cut short; take the character after it too.
  if (id[n - 1] === '-') n++;
  return id.slice(0, n);
}
