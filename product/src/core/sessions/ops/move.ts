// Moving a session file without ever overwriting or losing one.
// - The destination must not exist.
// - rename(2) when source and destination are on one filesystem (the normal case: both under
//   CODEX_HOME). If rename fails with EXDEV (archived_sessions mounted elsewhere), the file is copied
//   (refusing to overwrite), the copy's size is checked against the source, and only then is the
//   source removed. A failed check removes the copy and leaves the source alone.
import { constants, copyFileSync, existsSync, mkdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';

export class DestinationExistsError extends Error {
  constructor(readonly destination: string) {
    super(`refusing to overwrite ${destination}: a file with that name already exists`);
    this.name = 'DestinationExistsError';
  }
}

/** The file-system calls a move makes, replaceable in tests (e.g. a rename that fails with EXDEV). */
export interface MoveFs {
  rename: (from: string, to: string) => void;
  copyFile: (from: string, to: string) => void;
}

export const realMoveFs: MoveFs = {
  rename: renameSync,
  copyFile: (from, to) => copyFileSync(from, to, constants.COPYFILE_EXCL),
};

export function moveFile(from: string, to: string, fs: MoveFs = realMoveFs): void {
  if (existsSync(to)) throw new DestinationExistsError(to);
  mkdirSync(path.dirname(to), { recursive: true });
  try {
    fs.rename(from, to);
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
  }
  try {
    fs.copyFile(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') throw new DestinationExistsError(to);
    throw e;
  }
  const want = statSync(from).size;
  const got = statSync(to).size;
  if (got !== want) {
    unlinkSync(to);
    throw new Error(`copying ${from} to ${to} across devices gave ${got} bytes instead of ${want}; the original is untouched`);
  }
  unlinkSync(from);
}
