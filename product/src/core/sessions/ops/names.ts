// Session names, in upstream's own file: $CODEX_HOME/session_index.jsonl, an append-only log of
//   {"id":"<thread id>","thread_name":"<name>","updated_at":"<RFC 3339>"}
// one object per line. The newest entry for an id wins (later lines are newer: the file is only
// ever appended to); an empty thread_name clears the name. Lines that are not such objects are
// skipped, so a hand edit or a write cut short never hides the other names. Writing here is what
// makes `codex resume NAME` work for upstream as well as csm.
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import path from 'node:path';

const SESSION_INDEX_FILE = 'session_index.jsonl';

export interface SessionName {
  name: string;
  /** the entry's updated_at, as written */
  updatedAt: string;
}

export function sessionIndexPath(codexHome: string): string {
  return path.join(codexHome, SESSION_INDEX_FILE);
}

function parseEntry(text: string): { id: string; name: string; updatedAt: string } | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const { id, thread_name, updated_at } = v as Record<string, unknown>;
  if (typeof id !== 'string' || !id || (typeof thread_name !== 'string' && thread_name !== null)) return null;
  return { id, name: thread_name ?? '', updatedAt: typeof updated_at === 'string' ? updated_at : '' };
}

/** Every session's current name: id → the newest entry. A missing file means no names. */
export function readNames(codexHome: string): Map<string, SessionName> {
  let text: string;
  try {
    text = readFileSync(sessionIndexPath(codexHome), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw e;
  }
  const names = new Map<string, SessionName>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const entry = parseEntry(line);
    if (!entry) continue;
    // Re-inserting moves the id to the end, so iteration order is "most recently named last".
    // An empty name clears the session's name.
    names.delete(entry.id);
    if (entry.name.trim()) names.set(entry.id, { name: entry.name, updatedAt: entry.updatedAt });
  }
  return names;
}

/** A name is one line of visible text. */
export function normalizeName(name: string): string {
  const clean = name.replace(/\s+/g, ' ').trim();
  if (!clean) throw new Error('a session name cannot be empty');
  return clean;
}

/**
 * Names a session: appends one entry in a single write on an O_APPEND descriptor. If the file ends
 * mid-line (a write cut short), a newline goes first so the new entry stays on its own line.
 */
export function setName(codexHome: string, id: string, name: string, now: Date = new Date()): SessionName {
  const entry: SessionName = { name: normalizeName(name), updatedAt: now.toISOString() };
  const line = JSON.stringify({ id, thread_name: entry.name, updated_at: entry.updatedAt }) + '\n';
  mkdirSync(codexHome, { recursive: true });
  const fd = openSync(sessionIndexPath(codexHome), 'a+', 0o600);
  try {
    const size = fstatSync(fd).size;
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    writeSync(fd, prefix + line);
  } finally {
    closeSync(fd);
  }
  return entry;
}

/**
 * The session currently called `name` (exact match), or null. When several sessions carry the
 * name, the one named most recently wins, as in upstream's scan from the end of the file.
 */
export function findByName(codexHome: string, name: string, names: Map<string, SessionName> = readNames(codexHome)): string | null {
  let found: string | null = null;
  for (const [id, entry] of names) if (entry.name === name) found = id;
  return found;
}
