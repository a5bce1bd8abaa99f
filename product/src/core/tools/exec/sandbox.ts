// Wrapping a command in bubblewrap according to the sandbox mode:
//   read-only           the whole filesystem read-only, no network;
//   workspace-write     the same, plus the writable roots bound read-write, their protected paths
//                       (../protected-paths.ts) read-only again, network only when allowed;
//   danger-full-access  no sandbox at all.
// When bwrap cannot be found, or a protected path cannot be enforced, we refuse with an error for
// the model rather than run unsandboxed.
import { accessSync, constants as fsConstants, statSync } from 'node:fs';
import path from 'node:path';

import type { SandboxMode } from '../../config/schema.ts';
import { PROTECTED_NAMES, protectedTargets, realRoot } from '../protected-paths.ts';
import { isEmptyDirectory, isPlaceholder } from './mount-points.ts';

export interface SandboxPolicy {
  readonly mode: SandboxMode;
  /** Extra directories writable under workspace-write (besides the turn cwd and temp dirs). */
  readonly writableRoots?: readonly string[];
  /** workspace-write only: keep the network reachable. */
  readonly networkAccess?: boolean;
  /** workspace-write only: do not make `$TMPDIR` writable. */
  readonly excludeTmpdirEnvVar?: boolean;
  /** workspace-write only: do not make `/tmp` writable. */
  readonly excludeSlashTmp?: boolean;
}

export interface SandboxContext {
  /** The turn's working directory: always a writable root under workspace-write. */
  readonly cwd: string;
  /** Environment the command will get; `TMPDIR` and `PATH` are read from it. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Path of bwrap to use; `null` means "not installed". Looked up on PATH when omitted. */
  readonly bwrapPath?: string | null;
}

export type WrapResult =
  | {
      readonly ok: true;
      readonly argv: string[];
      readonly sandboxed: boolean;
      /** Placeholders bwrap creates for missing protected paths; claim them while the command runs. */
      readonly mountPoints: string[];
    }
  | { readonly ok: false; readonly error: string };

export const BWRAP_MISSING_ERROR =
  'sandbox unavailable: bubblewrap (bwrap) was not found on PATH, so the command was not run. ' +
  'Install bubblewrap, or ask to run the command with sandbox_permissions "require_escalated".';

/** Returns the argv to spawn for `argv` under `policy`, or why it cannot be run. */
export function wrapCommand(argv: readonly string[], policy: SandboxPolicy, context: SandboxContext): WrapResult {
  if (policy.mode === 'danger-full-access') return { ok: true, argv: [...argv], sandboxed: false, mountPoints: [] };
  const bwrap = context.bwrapPath === undefined ? findBwrap(context.env?.PATH ?? process.env.PATH, context.cwd) : context.bwrapPath;
  if (!bwrap) return { ok: false, error: BWRAP_MISSING_ERROR };
  const plan = sandboxPlan(policy, context);
  if (!plan.ok) return plan;
  return { ok: true, argv: [bwrap, ...plan.args, '--', ...argv], sandboxed: true, mountPoints: plan.mountPoints };
}

export type SandboxPlan =
  | { readonly ok: true; readonly args: string[]; readonly mountPoints: string[] }
  | { readonly ok: false; readonly error: string };

/**
 * The bwrap options (everything before `--`) for a sandboxed mode, and the placeholders bwrap will
 * create for protected paths that do not exist (to be removed once the command has exited).
 */
export function sandboxPlan(policy: SandboxPolicy, context: SandboxContext): SandboxPlan {
  const args = ['--new-session', '--die-with-parent', '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--unshare-pid'];
  const network = policy.mode === 'workspace-write' && policy.networkAccess === true;
  if (!network) args.push('--unshare-net');
  const mountPoints: string[] = [];
  if (policy.mode !== 'workspace-write') return { ok: true, args, mountPoints };
  // Each root is bound read-write, then its protected paths read-only over it; parents come first
  // so a nested root's own bind is not hidden by its parent's.
  for (const root of writableRoots(policy, context)) {
    args.push('--bind', root, root);
    for (const target of protectedTargets(root)) {
      if (target.kind === 'symlink') return { ok: false, error: symlinkRefusal(target.path, target.target) };
      if (target.kind === 'existing' && !isEmptyDirectory(target.path)) args.push('--ro-bind', target.path, target.path);
      else {
        // Nothing there, or an empty directory: an empty read-only directory takes its place, so it
        // cannot be created from inside; bwrap makes the mount point on the host if it is missing.
        // An empty one is never bound as it is: it may be another sandbox's placeholder (csm's or
        // codex's, in a shared /tmp) that disappears before bwrap starts ("Can't find source path").
        args.push('--perms', '0555', '--tmpfs', target.path, '--remount-ro', target.path);
        // Only what we create (or an earlier csm left) is ours to remove afterwards.
        if (target.kind !== 'existing' || isPlaceholder(target.path)) mountPoints.push(target.path);
      }
    }
  }
  return { ok: true, args, mountPoints };
}

/** The bwrap options alone (see sandboxPlan); throws when the sandbox cannot be built. */
export function bwrapArgs(policy: SandboxPolicy, context: SandboxContext): string[] {
  const plan = sandboxPlan(policy, context);
  if (!plan.ok) throw new Error(plan.error);
  return plan.args;
}

export function symlinkRefusal(link: string, target: string): string {
  return (
    `sandbox refused: ${link} is a symlink (to ${target}); ${PROTECTED_NAMES.join(', ')} must not be symlinks in a writable root, ` +
    'because a command could re-point them, so the command was not run.'
  );
}

/**
 * The directories a workspace-write command may write to: the turn cwd, the configured roots,
 * `$TMPDIR` and `/tmp` (unless excluded). Only existing directories, by their real paths,
 * deduplicated, parents before children (so a nested bind is not hidden by its parent's).
 */
export function writableRoots(policy: SandboxPolicy, context: SandboxContext): string[] {
  const candidates = [context.cwd, ...(policy.writableRoots ?? []).map((root) => path.resolve(context.cwd, root))];
  const tmpdir = context.env?.TMPDIR;
  if (!policy.excludeTmpdirEnvVar && tmpdir) candidates.push(tmpdir);
  if (!policy.excludeSlashTmp) candidates.push('/tmp');
  const roots = [...new Set(candidates.filter(isDirectory).map(realRoot))];
  return roots.sort((a, b) => a.length - b.length || a.localeCompare(b));
}

/**
 * Finds `bwrap` on PATH, ignoring copies inside `cwd` (a repository could ship its own), then
 * falls back to `/usr/bin/bwrap`. Returns null when there is none.
 */
export function findBwrap(searchPath: string | undefined, cwd?: string): string | null {
  const inside = cwd ? path.resolve(cwd) + path.sep : null;
  const dirs = (searchPath ?? '').split(path.delimiter).filter((dir) => dir && path.isAbsolute(dir));
  for (const dir of [...dirs, '/usr/bin']) {
    const candidate = path.join(dir, 'bwrap');
    if (inside && (candidate + path.sep).startsWith(inside)) continue;
    if (isExecutable(candidate)) return candidate;
  }
  return null;
}

function statOrNull(file: string) {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

function isDirectory(file: string): boolean {
  return statOrNull(file)?.isDirectory() ?? false;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, fsConstants.X_OK);
    return statOrNull(file)?.isFile() ?? false;
  } catch {
    return false;
  }
}
