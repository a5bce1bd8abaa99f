// Wrapping a command in bubblewrap according to the sandbox mode:
//   read-only           the whole filesystem read-only, no network;
//   workspace-write     the same, plus the writable roots bound read-write (their .git, .agents, .codex and .aws
//                       re-bound read-only), network only when allowed;
//   danger-full-access  no sandbox at all.
// When bwrap cannot be found we refuse with an error for the model rather than run unsandboxed.
import { accessSync, constants as fsConstants, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import type { SandboxMode } from '../../config/schema.ts';

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
  | { readonly ok: true; readonly argv: string[]; readonly sandboxed: boolean }
  | { readonly ok: false; readonly error: string };

export const BWRAP_MISSING_ERROR =
  'sandbox unavailable: bubblewrap (bwrap) was not found on PATH, so the command was not run. ' +
  'Install bubblewrap, or ask to run the command with sandbox_permissions "require_escalated".';

/** Returns the argv to spawn for `argv` under `policy`, or why it cannot be run. */
export function wrapCommand(argv: readonly string[], policy: SandboxPolicy, context: SandboxContext): WrapResult {
  if (policy.mode === 'danger-full-access') return { ok: true, argv: [...argv], sandboxed: false };
  const bwrap = context.bwrapPath === undefined ? findBwrap(context.env?.PATH ?? process.env.PATH, context.cwd) : context.bwrapPath;
  if (!bwrap) return { ok: false, error: BWRAP_MISSING_ERROR };
  return { ok: true, argv: [bwrap, ...bwrapArgs(policy, context), '--', ...argv], sandboxed: true };
}

/** The bwrap options (everything before `--`) for a sandboxed mode. */
export function bwrapArgs(policy: SandboxPolicy, context: SandboxContext): string[] {
  const args = ['--new-session', '--die-with-parent', '--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--unshare-pid'];
  const network = policy.mode === 'workspace-write' && policy.networkAccess === true;
  if (!network) args.push('--unshare-net');
  if (policy.mode !== 'workspace-write') return args;
  const roots = writableRoots(policy, context);
  for (const root of roots) args.push('--bind', root, root);
  for (const root of roots) {
    for (const protectedPath of protectedPaths(root)) args.push('--ro-bind', protectedPath, protectedPath);
  }
  return args;
}

/**
 * The directories a workspace-write command may write to: the turn cwd, the configured roots,
 * `$TMPDIR` and `/tmp` (unless excluded). Only existing directories, absolute, deduplicated,
 * parents before children (so a nested bind is not hidden by its parent's).
 */
export function writableRoots(policy: SandboxPolicy, context: SandboxContext): string[] {
  const candidates = [context.cwd, ...(policy.writableRoots ?? []).map((root) => path.resolve(context.cwd, root))];
  const tmpdir = context.env?.TMPDIR;
  if (!policy.excludeTmpdirEnvVar && tmpdir) candidates.push(tmpdir);
  if (!policy.excludeSlashTmp) candidates.push('/tmp');
  const roots = [...new Set(candidates.map((root) => path.resolve(root)))].filter(isDirectory);
  return roots.sort((a, b) => a.length - b.length || a.localeCompare(b));
}

/** Directories under a writable root that stay read-only besides `.git`, as upstream protects them. */
export const PROTECTED_DIRS = ['.agents', '.codex', '.aws'] as const;

/**
 * Paths under a writable root that stay read-only: `.git` (a directory, or a worktree's pointer
 * file plus the directory it points to), then `.agents`, `.codex` and `.aws` when they exist.
 */
export function protectedPaths(root: string): string[] {
  const found: string[] = [];
  const git = path.join(root, '.git');
  const gitStat = statOrNull(git);
  if (gitStat?.isDirectory()) found.push(git);
  else if (gitStat?.isFile()) {
    found.push(git);
    const target = gitdirOf(git, root);
    if (target && isDirectory(target)) found.push(target);
  }
  for (const name of PROTECTED_DIRS) {
    const dir = path.join(root, name);
    if (isDirectory(dir)) found.push(dir);
  }
  return found;
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
