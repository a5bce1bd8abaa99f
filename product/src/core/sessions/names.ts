// Thread names from upstream's $CODEX_HOME/session_index.jsonl, mirrored into the index's `names`
// table. The file is an append-only log of {id, thread_name, updated_at}; a later line is newer and
// wins. It is read incrementally like a rollout: only bytes appended since the last sync, from the
// start again if it shrank or was replaced. An empty thread_name clears the name. A line cut short
// at the end is left for the next sync.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import path from 'node:path';
import { getMeta, setMeta, type Db } from './db.ts';

export const SESSION_INDEX_FILE = 'session_index.jsonl';

interface NamesCursor {
  inode: number;
  size: number;
  mtimeMs: number;
  offset: number;
  seq: number;
}

const CURSOR_KEY = 'session_index_cursor';

export interface NamesSync {
  /** entries applied */
  entries: number;
  bytesRead: number;
}

function parseEntry(text: string): { id: string; name: string | null } | null {
  try {
    const v = JSON.parse(text) as Record<string, unknown>;
    if (!v || typeof v !== 'object' || typeof v.id !== 'string' || !v.id) return null;
    const name = typeof v.thread_name === 'string' && v.thread_name.trim() ? v.thread_name : null;
    return { id: v.id, name };
  } catch {
    return null;
  }
}

/** Brings the names table (and sessions.name) up to date with session_index.jsonl. */
export function syncNames(db: Db, codexHome: string): NamesSync {
  const file = path.join(codexHome, SESSION_INDEX_FILE);
  const saved = getMeta(db, CURSOR_KEY);
  const cursor: NamesCursor | null = saved ? (JSON.parse(saved) as NamesCursor) : null;
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    // No file: no names (a deleted index file forgets them all).
    if (cursor) clearNames(db);
    return { entries: 0, bytesRead: 0 };
  }
  try {
    const st = fstatSync(fd);
    if (cursor && cursor.inode === st.ino && cursor.size === st.size && cursor.mtimeMs === Math.floor(st.mtimeMs)) return { entries: 0, bytesRead: 0 };
    const resume = cursor !== null && cursor.inode === st.ino && st.size >= cursor.offset && st.size >= cursor.size;
    const start = resume ? cursor.offset : 0;
    const buf = Buffer.alloc(Math.max(0, st.size - start));
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, start + got);
      if (n === 0) break;
      got += n;
    }
    const data = buf.subarray(0, got);
    const lastNl = data.lastIndexOf(0x0a);
    const complete = lastNl === -1 ? Buffer.alloc(0) : data.subarray(0, lastNl + 1);
    // A last line without newline is used only if it parses (a write cut short does not).
    const rest = lastNl === -1 ? data : data.subarray(lastNl + 1);
    const restEntry = rest.length ? parseEntry(rest.toString('utf8')) : null;
    const consumed = complete.length + (restEntry ? rest.length : 0);
    const lines = complete.toString('utf8').split('\n');
    if (restEntry) lines.push(rest.toString('utf8'));

    let seq = resume ? cursor.seq : 0;
    let entries = 0;
    const upsert = db.prepare('INSERT INTO names (id, name, seq) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, seq = excluded.seq');
    const drop = db.prepare('DELETE FROM names WHERE id = ?');
    const setName = db.prepare('UPDATE sessions SET name = coalesce(?, st_rollout_name) WHERE id = ?');
    db.transaction(() => {
      if (!resume) {
        db.prepare('DELETE FROM names').run();
        db.prepare('UPDATE sessions SET name = st_rollout_name').run();
      }
      for (const text of lines) {
        if (!text.trim()) continue;
        const e = parseEntry(text);
        if (!e) continue;
        entries++;
        seq++;
        if (e.name === null) drop.run(e.id);
        else upsert.run(e.id, e.name, seq);
        setName.run(e.name, e.id);
      }
      const next: NamesCursor = { inode: st.ino, size: st.size, mtimeMs: Math.floor(st.mtimeMs), offset: start + consumed, seq };
      setMeta(db, CURSOR_KEY, JSON.stringify(next));
    }).immediate();
    return { entries, bytesRead: got };
  } finally {
    closeSync(fd);
  }
}

function clearNames(db: Db): void {
  db.transaction(() => {
    db.prepare('DELETE FROM names').run();
    db.prepare('UPDATE sessions SET name = st_rollout_name').run();
    setMeta(db, CURSOR_KEY, null);
  }).immediate();
}

/** The current name of a thread, per the mirrored session_index.jsonl. */
export function nameOf(db: Db, id: string): string | null {
  const row = db.prepare('SELECT name FROM names WHERE id = ?').get(id) as { name: string } | undefined;
  return row?.name ?? null;
}

/** Thread ids currently carrying this exact name, the most recently named first. */
export function idsNamed(db: Db, name: string): string[] {
  return (db.prepare('SELECT id FROM names WHERE name = ? ORDER BY seq DESC').all(name) as Array<{ id: string }>).map((r) => r.id);
}
