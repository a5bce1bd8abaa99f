// The one protected-path policy every writer applies (the command sandbox, apply_patch, any later
// tool): in each writable root, `.git` (hooks and config included), `.codex`, `.agents` and `.aws`
// stay read-only whether they exist or not. Paths are judged after their symlinks are resolved.
import { lstatSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

/** Names that stay read-only at the top of every writable root. */
export const PROTECTED_NAMES = ['.git', '.agents', '.codex', '.aws'] as const;

/** One protected location under a writable root, and what it is on disk right now. */
export type ProtectedTarget =
  /** An existing directory or file: bound read-only over itself. */
  | { readonly kind: 'existing'; readonly path: string }
  /** Nothing there yet: the sandbox puts an empty read-only directory in its place. */
  | { readonly kind: 'missing'; readonly path: string }
  /** A symlink: it could be re-pointed from inside, so a sandbox cannot protect it and refuses. */
  | { readonly kind: 'symlink'; readonly path: string; readonly target: string };

/**
 * The protected locations of one writable root (give its real path): each protected name, plus the
 * directory a worktree's `.git` pointer file names (`gitdir: …`) when it exists.
 */
export function protectedTargets(root: string): ProtectedTarget[] {
  const found: ProtectedTarget[] = [];
  for (const name of PROTECTED_NAMES) {
    const at = path.join(root, name);
    const link = lstatOrNull(at);
    if (!link) found.push({ kind: 'missing', path: at });
    else if (link.isSymbolicLink()) found.push({ kind: 'symlink', path: at, target: resolvedOrSelf(at) });
    else {
      found.push({ kind: 'existing', path: at });
      if (name === '.git' && link.isFile()) {
        const gitdir = gitdirOf(at, root);
        if (gitdir && statOrNull(gitdir)?.isDirectory()) found.push({ kind: 'existing', path: gitdir });
      }
    }
  }
  return found;
}

/**
 * The protected location (of `roots`, real paths) that `target` lies in, or null. `target` must be
 * absolute with its symlinks already resolved; a protected symlink protects where it points too.
 */
export function protectedLocationOf(target: string, roots: readonly string[]): string | null {
  for (const root of roots) {
    for (const t of protectedTargets(root)) {
      if (isWithin(t.path, target)) return t.path;
      if (t.kind === 'symlink' && isWithin(t.target, target)) return t.path;
    }
  }
  return null;
}

/** Whether `candidate` is `root` or lies below it (lexically; both absolute). */
export function isWithin(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/** The real path of `root`; for a path that does not exist yet, its longest existing prefix resolved. */
export function realRoot(root: string): string {
  const absolute = path.resolve(root);
  try {
    return realpathSync(absolute);
  } catch {
    const parent = path.dirname(absolute);
    return parent === absolute ? absolute : path.join(realRoot(parent), path.basename(absolute));
  }
}

/** Reads `gitdir: <path>` from a `.git` pointer file. */
function gitdirOf(pointerFile: string, root: string): string | null {
  try {
    const match = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(pointerFile, 'utf8'));
    return match?.[1] ? path.resolve(root, match[1]) : null;
  } catch {
    return null;
  }
}

/** Where a symlink leads: its real path, or for a dangling one, where it would lead once created. */
function resolvedOrSelf(link: string): string {
  try {
    return realpathSync(link);
  } catch {
    try {
      return realRoot(path.resolve(path.dirname(link), readlinkSync(link)));
    } catch {
      return link;
    }
  }
}

function lstatOrNull(file: string) {
  try {
    return lstatSync(file);
  } catch {
    return null;
  }
}

function statOrNull(file: string) {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}
