// Where a session file sits under CODEX_HOME, checked before anything moves or deletes it.
//   active:   sessions/YYYY/MM/DD/rollout-<stamp>-<id>.jsonl   (any depth under sessions/ is accepted)
//   archived: archived_sessions/rollout-<stamp>-<id>.jsonl      (flat)
// Anything else (outside those two trees, a symlink, a directory, a file not named like a
// rollout) is refused with a SessionPathError, so an operation can never reach another file.
import { lstatSync, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { ARCHIVED_SESSIONS_SUBDIR, parseRolloutFileName, SESSIONS_SUBDIR } from '../../rollout/index.ts';

export class SessionPathError extends Error {
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`refusing to touch ${file}: ${reason}`);
    this.name = 'SessionPathError';
  }
}

export interface SessionLocation {
  /** the file, absolute */
  file: string;
  kind: 'active' | 'archived';
  /** the tree it is in: $CODEX_HOME/sessions or $CODEX_HOME/archived_sessions */
  root: string;
  name: string;
  /** local creation stamp from the name, YYYY-MM-DDThh-mm-ss */
  stamp: string;
  threadId: string;
}

function realOrResolved(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

function inside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** Checks that `file` is a session rollout in sessions/ or archived_sessions/ and says which. */
export function locateSession(codexHome: string, file: string): SessionLocation {
  const abs = path.resolve(file);
  const name = path.basename(abs);
  const parsed = parseRolloutFileName(name);
  if (!parsed) throw new SessionPathError(file, 'not a rollout file name (rollout-<date>-<id>.jsonl)');

  // Compare real directories, so a symlinked directory cannot lead out of the tree.
  const dir = realOrResolved(path.dirname(abs));
  const active = realOrResolved(path.join(codexHome, SESSIONS_SUBDIR));
  const archived = realOrResolved(path.join(codexHome, ARCHIVED_SESSIONS_SUBDIR));
  let kind: SessionLocation['kind'];
  let root: string;
  if (dir === archived) {
    kind = 'archived';
    root = path.resolve(codexHome, ARCHIVED_SESSIONS_SUBDIR);
  } else if (inside(active, path.join(dir, name))) {
    kind = 'active';
    root = path.resolve(codexHome, SESSIONS_SUBDIR);
  } else {
    throw new SessionPathError(file, `not inside ${path.join(codexHome, SESSIONS_SUBDIR)} or ${path.join(codexHome, ARCHIVED_SESSIONS_SUBDIR)}`);
  }

  let st;
  try {
    st = lstatSync(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new SessionPathError(file, 'no such file');
    throw e;
  }
  if (!st.isFile()) throw new SessionPathError(file, st.isSymbolicLink() ? 'a symbolic link' : 'not a regular file');
  return { file: abs, kind, root, name, stamp: parsed.stamp, threadId: parsed.threadId };
}

/** sessions/YYYY/MM/DD for a file-name stamp (the date in the name is the local creation date). */
export function dateDirsOfStamp(stamp: string): [string, string, string] {
  const m = /^(\d{4})-(\d{2})-(\d{2})T/.exec(stamp);
  if (!m) throw new Error(`not a rollout stamp: ${stamp}`);
  return [m[1], m[2], m[3]];
}

/**
 * The session's other files in the same tree: upstream continues a thread in further files of the
 * same id (rollout-<stamp>-<id>_<rollout id>.jsonl), and archive, unarchive and delete take them
 * along with the file the index points at. Oldest first; `loc.file` itself is not included.
 */
export function siblingFiles(loc: SessionLocation): string[] {
  const out: Array<{ file: string; parsed: NonNullable<ReturnType<typeof parseRolloutFileName>> }> = [];
  const want = loc.threadId.toLowerCase();
  const walk = (dir: string, depth: number) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && loc.kind === 'active' && depth < 4) walk(p, depth + 1);
      else if (e.isFile() && p !== loc.file) {
        const parsed = parseRolloutFileName(e.name);
        if (parsed && parsed.threadId.toLowerCase() === want) out.push({ file: p, parsed });
      }
    }
  };
  walk(loc.root, 0);
  return out.sort((a, b) => a.parsed.rolloutId.localeCompare(b.parsed.rolloutId) || a.parsed.stamp.localeCompare(b.parsed.stamp)).map((f) => f.file);
}
