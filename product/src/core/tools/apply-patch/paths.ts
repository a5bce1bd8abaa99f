// Resolving the paths a patch names, and refusing those outside the writable roots.

import { lstatSync, readlinkSync, realpathSync } from 'node:fs';
import path from 'node:path';

import { PatchApplyError, PatchRejectedError } from './update.ts';

export interface ResolvedPath {
  /** As written in the patch; used in the summary text. */
  readonly given: string;
  /** Absolute, lexically resolved against cwd (symlinks kept); reported in changes. */
  readonly absolute: string;
  /** Where the bytes actually live: every symlink followed, including a final one. */
  readonly real: string;
  /** The entry itself, with the parent's symlinks followed but not a final symlink. */
  readonly entry: string;
}

/**
 * Resolves `given` against `cwd` and checks both the path itself and where its
 * symlinks lead against `writableRoots`. Throws PatchRejectedError `path escapes the workspace`.
 */
export function resolveInsideRoots(
  given: string,
  cwd: string,
  writableRoots: readonly string[],
): ResolvedPath {
  const absolute = path.resolve(cwd, given);
  const entry = path.join(realPath(path.dirname(absolute)), path.basename(absolute));
  const real = realPath(absolute);
  const roots = writableRoots.map((root) => realPath(path.resolve(cwd, root)));
  const inside = (p: string) => roots.some((root) => isWithin(root, p));
  if (!inside(real) || !inside(entry)) {
    throw new PatchRejectedError(
      `path escapes the workspace: ${given} (resolves to ${real}, outside the writable roots ${roots.join(', ') || '(none)'})`,
    );
  }
  return { given, absolute, real, entry };
}

export function isWithin(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

const MAX_LINKS = 40;

/**
 * Like `fs.realpathSync`, but for paths that do not exist yet: the longest
 * existing prefix is resolved and the rest appended, and a dangling symlink is
 * followed to where it points.
 */
export function realPath(absolute: string, depth = 0): string {
  if (depth > MAX_LINKS) throw new PatchApplyError(`too many levels of symbolic links: ${absolute}`);
  try {
    return realpathSync(absolute);
  } catch (error) {
    if (!isMissing(error)) throw error;
  }
  const parent = path.dirname(absolute);
  if (parent === absolute) return absolute;
  const candidate = path.join(realPath(parent, depth), path.basename(absolute));
  let link: string;
  try {
    if (!lstatSync(candidate).isSymbolicLink()) return candidate;
    link = readlinkSync(candidate);
  } catch (error) {
    if (isMissing(error)) return candidate;
    throw error;
  }
  return realPath(path.resolve(path.dirname(candidate), link), depth + 1);
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
