// Applying an `*** Update File` section's hunks to a file's text, in memory.

import { findLines } from './match.ts';
import type { HunkLine, UpdateHunk } from './parse.ts';

/** A patch that parsed but cannot be applied to the files as they are. */
export class PatchApplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatchApplyError';
  }
}

/**
 * A patch that would write where it may not: outside the writable roots, or into a protected path
 * (../protected-paths.ts). Nothing is written, and no file change is reported for it.
 */
export class PatchRejectedError extends PatchApplyError {
  constructor(message: string) {
    super(message);
    this.name = 'PatchRejectedError';
  }
}

interface Replacement {
  readonly at: number;
  readonly remove: number;
  readonly insert: readonly string[];
}

/**
 * The new text of a file after its hunks are applied. Hunks are located in
 * order, each searched for after the previous one. `path` is only used in
 * error messages. The result always ends with a newline; a file that used
 * CRLF line endings keeps them.
 */
export function applyHunks(original: string, hunks: readonly UpdateHunk[], path: string): string {
  const eol = usesCrlf(original) ? '\r\n' : '\n';
  const lines = original.split(eol);
  if (lines.at(-1) === '') lines.pop();

  const replacements: Replacement[] = [];
  let cursor = 0;
  for (const hunk of hunks) {
    let headerAt: number | undefined;
    if (hunk.header !== undefined) {
      headerAt = findLines(lines, [hunk.header], cursor);
      if (headerAt === undefined) {
        throw new PatchApplyError(`Failed to find context '${hunk.header}' in ${path}`);
      }
      cursor = headerAt + 1;
    }

    if (hunk.oldLines.length === 0) {
      // Pure addition: nothing to anchor on, so the lines go at the end of the file.
      replacements.push({ at: lines.length, remove: 0, insert: hunk.newLines });
      continue;
    }

    let ops = hunk.lines;
    let at = locate(lines, oldLinesOf(ops), cursor, headerAt, hunk.isEndOfFile);
    const last = ops.at(-1);
    if (at === undefined && last?.op === ' ' && last.text === '') {
      // A blank line closing the hunk is usually the blank line before the next
      // header in the patch, not a line of the file.
      ops = ops.slice(0, -1);
      at = locate(lines, oldLinesOf(ops), cursor, headerAt, hunk.isEndOfFile);
    }
    if (at === undefined) {
      throw new PatchApplyError(
        `Failed to find expected lines in ${path} (hunk at patch line ${hunk.line}):\n${hunk.oldLines.join('\n')}`,
      );
    }
    const { remove, insert } = replacementFor(ops, lines, at);
    replacements.push({ at, remove, insert });
    cursor = at + remove;
  }

  // Apply from the bottom up so earlier indices stay valid.
  const ordered = replacements
    .map((r, order) => ({ ...r, order }))
    .sort((a, b) => b.at - a.at || b.order - a.order);
  for (const r of ordered) lines.splice(r.at, r.remove, ...r.insert);

  if (lines.length === 0) return '';
  return lines.join(eol) + eol;
}

/**
 * Where `oldLines` start, searching after the cursor; when a `@@` header was
 * given, a hunk that repeats the header line as its first context line is
 * accepted too.
 */
function locate(
  lines: readonly string[],
  oldLines: readonly string[],
  cursor: number,
  headerAt: number | undefined,
  atEnd: boolean,
): number | undefined {
  const found = findLines(lines, oldLines, cursor, atEnd);
  if (found !== undefined || headerAt === undefined) return found;
  return findLines(lines, oldLines, headerAt, atEnd);
}

function oldLinesOf(ops: readonly HunkLine[]): string[] {
  return ops.filter((l) => l.op !== '+').map((l) => l.text);
}

/**
 * What replaces the matched lines. Context lines keep the file's own text, so
 * a hunk that matched despite whitespace or punctuation differences does not
 * reformat the lines around the change.
 */
function replacementFor(ops: readonly HunkLine[], lines: readonly string[], at: number): Omit<Replacement, 'at'> {
  const insert: string[] = [];
  let remove = 0;
  for (const { op, text } of ops) {
    if (op === '+') {
      insert.push(text);
    } else {
      if (op === ' ') insert.push(lines[at + remove]!);
      remove += 1;
    }
  }
  return { remove, insert };
}

function usesCrlf(text: string): boolean {
  const lf = text.split('\n').length - 1;
  return lf > 0 && text.split('\r\n').length - 1 === lf;
}
