// Turning a parsed patch into file changes: plan everything in memory first
// (so a hunk that does not match changes nothing), then write.

import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { protectedLocationOf, realRoot } from '../protected-paths.ts';
import type { Patch } from './parse.ts';
import { resolveInsideRoots, type ResolvedPath } from './paths.ts';
import { applyHunks, PatchApplyError, PatchRejectedError } from './update.ts';

export interface PatchContext {
  /** Directory relative patch paths are resolved against. */
  readonly cwd: string;
  /** Every written, moved or deleted path must lie inside one of these (after symlinks). */
  readonly writableRoots: readonly string[];
  /**
   * Roots whose protected paths (.git, .agents, .codex, .aws) stay read-only: the writable roots
   * under workspace-write, none under danger-full-access.
   */
  readonly protectedRoots?: readonly string[];
}

/** One file the patch touches, as reported in `file_change` items. */
export interface FileChange {
  /** Absolute path of the file the patch names. */
  readonly path: string;
  readonly kind: 'add' | 'delete' | 'update';
  /** Absolute destination of an `*** Move to:`. */
  readonly move_path?: string;
}

/** The final state of one path on disk: new contents, or `null` to delete it. */
export interface PlannedFile {
  readonly target: string;
  readonly content: string | null;
  /** Permission bits to keep when an existing file is rewritten. */
  readonly mode?: number;
}

export interface PatchPlan {
  readonly changes: readonly FileChange[];
  readonly files: readonly PlannedFile[];
  /** `Success. Updated the following files:\nA …\nM …\nD …\n` */
  readonly summary: string;
}

export interface PatchResult {
  readonly changes: readonly FileChange[];
  readonly summary: string;
}

interface Staged {
  readonly content: string | null;
  readonly mode?: number;
}

/**
 * Computes every file's new contents without writing anything. Throws
 * PatchRejectedError when a path escapes the writable roots or lies in a
 * protected path, and PatchApplyError when a file to update or delete is
 * missing or a hunk cannot be located.
 */
export async function planPatch(patch: Patch, ctx: PatchContext): Promise<PatchPlan> {
  if (patch.length === 0) throw new PatchApplyError('No files were modified.');

  // Later operations in the same patch see earlier ones (e.g. add then update).
  const staged = new Map<string, Staged>();
  const added: string[] = [];
  const modified: string[] = [];
  const deleted: string[] = [];
  const protectedRoots = (ctx.protectedRoots ?? []).map((root) => realRoot(path.resolve(ctx.cwd, root)));
  const resolve = (given: string): ResolvedPath => {
    const file = resolveInsideRoots(given, ctx.cwd, ctx.writableRoots);
    // Both where the bytes land and the directory entry itself (a final symlink is replaced, not followed, on delete).
    const hit = protectedLocationOf(file.real, protectedRoots) ?? protectedLocationOf(file.entry, protectedRoots);
    if (hit) throw new PatchRejectedError(`path is protected: ${given} (resolves to ${file.real}, inside ${hit}, which stays read-only)`);
    return file;
  };

  for (const op of patch) {
    if (op.kind === 'add') {
      const file = resolve(op.path);
      await refuseDirectory(file.real, op.path, staged);
      staged.set(file.real, { content: op.content, ...modeOf(staged.get(file.real)) });
      added.push(op.path);
    } else if (op.kind === 'delete') {
      const file = resolve(op.path);
      await requireFile(file.entry, staged, `Failed to delete file ${op.path}`);
      staged.set(file.entry, { content: null });
      deleted.push(op.path);
    } else {
      const source = resolve(op.path);
      const current = await readCurrent(source.real, op.path, staged);
      const content = applyHunks(current.content, op.hunks, op.path);
      const mode = current.mode === undefined ? {} : { mode: current.mode };
      if (op.moveTo === undefined) {
        staged.set(source.real, { content, ...mode });
        modified.push(op.path);
      } else {
        const destination = resolve(op.moveTo);
        await refuseDirectory(destination.real, op.moveTo, staged);
        if (destination.real !== source.real) staged.set(source.entry, { content: null });
        staged.set(destination.real, { content, ...mode });
        modified.push(op.moveTo);
      }
    }
  }

  const files = [...staged].map(([target, s]): PlannedFile =>
    s.mode === undefined ? { target, content: s.content } : { target, content: s.content, mode: s.mode },
  );
  return { changes: changesOf(patch, ctx.cwd), files, summary: summarize(added, modified, deleted) };
}

/**
 * Writes a plan to disk. Every new file is first written to a temporary file
 * beside its target; only when all of them are written are they renamed into
 * place and deletions done, so a failed write leaves the workspace untouched.
 */
export async function applyPlan(plan: PatchPlan): Promise<PatchResult> {
  const temps: Array<{ temp: string; target: string }> = [];
  let writing = '';
  try {
    for (const file of plan.files) {
      if (file.content === null) continue;
      writing = file.target;
      const dir = path.dirname(file.target);
      await mkdir(dir, { recursive: true });
      const temp = path.join(dir, `.${path.basename(file.target)}.${randomBytes(6).toString('hex')}.csm-tmp`);
      temps.push({ temp, target: file.target });
      await writeFile(temp, file.content, { flag: 'wx', mode: file.mode ?? 0o666 });
      if (file.mode !== undefined) await chmod(temp, file.mode);
    }
  } catch (error) {
    await Promise.all(temps.map(({ temp }) => unlink(temp).catch(() => undefined)));
    throw new PatchApplyError(`Failed to write file ${writing}: ${describe(error)}`);
  }

  for (const { temp, target } of temps) {
    try {
      await rename(temp, target);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw new PatchApplyError(`Failed to write file ${target}: ${describe(error)}`);
    }
  }
  for (const file of plan.files) {
    if (file.content !== null) continue;
    try {
      await unlink(file.target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new PatchApplyError(`Failed to delete file ${file.target}: ${describe(error)}`);
      }
    }
  }
  return { changes: plan.changes, summary: plan.summary };
}

/** Plans and applies in one go. */
export async function applyPatch(patch: Patch, ctx: PatchContext): Promise<PatchResult> {
  return applyPlan(await planPatch(patch, ctx));
}

/** The files a patch names, as `file_change` items report them (no disk access). */
export function changesOf(patch: Patch, cwd: string): FileChange[] {
  return patch.map((op): FileChange => {
    const absolute = path.resolve(cwd, op.path);
    if (op.kind !== 'update' || op.moveTo === undefined) return { path: absolute, kind: op.kind };
    return { path: absolute, kind: 'update', move_path: path.resolve(cwd, op.moveTo) };
  });
}

export function summarize(added: readonly string[], modified: readonly string[], deleted: readonly string[]): string {
  const lines = [
    'Success. Updated the following files:',
    ...added.map((p) => `A ${p}`),
    ...modified.map((p) => `M ${p}`),
    ...deleted.map((p) => `D ${p}`),
  ];
  return `${lines.join('\n')}\n`;
}

async function readCurrent(
  target: string,
  given: string,
  staged: Map<string, Staged>,
): Promise<{ content: string; mode?: number }> {
  const pending = staged.get(target);
  if (pending) {
    if (pending.content === null) {
      throw new PatchApplyError(`Failed to read file to update ${given}: it is deleted earlier in this patch`);
    }
    return { content: pending.content, ...modeOf(pending) };
  }
  try {
    const [content, info] = await Promise.all([readFile(target, 'utf8'), stat(target)]);
    return { content, mode: info.mode & 0o7777 };
  } catch (error) {
    throw new PatchApplyError(`Failed to read file to update ${given}: ${describe(error)}`);
  }
}

async function requireFile(entry: string, staged: Map<string, Staged>, failure: string): Promise<void> {
  const pending = staged.get(entry);
  if (pending) {
    if (pending.content === null) throw new PatchApplyError(`${failure}: it is deleted earlier in this patch`);
    return;
  }
  try {
    const info = await lstat(entry);
    if (info.isDirectory()) throw new PatchApplyError(`${failure}: it is a directory`);
  } catch (error) {
    if (error instanceof PatchApplyError) throw error;
    throw new PatchApplyError(`${failure}: ${describe(error)}`);
  }
}

async function refuseDirectory(target: string, given: string, staged: Map<string, Staged>): Promise<void> {
  if (staged.has(target)) return;
  const info = await stat(target).catch(() => undefined);
  if (info?.isDirectory()) throw new PatchApplyError(`Failed to write file ${given}: it is a directory`);
}

function modeOf(s: Staged | undefined): { mode?: number } {
  return s?.mode === undefined ? {} : { mode: s.mode };
}

function describe(error: unknown): string {
  const e = error as NodeJS.ErrnoException | undefined;
  if (e?.code === 'ENOENT') return 'No such file or directory';
  if (e?.code === 'EISDIR') return 'it is a directory';
  if (e?.code === 'EACCES' || e?.code === 'EPERM') return 'Permission denied';
  return e?.message ?? String(error);
}
