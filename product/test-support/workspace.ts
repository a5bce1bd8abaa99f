// A throwaway workspace with files in it, for csm's tests (`#test-support/workspace`): apply_patch targets and the like.

import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestWorkspace {
  /** Real (symlink-free) absolute path of the workspace root. */
  readonly root: string;
  write(relative: string, content: string): void;
  read(relative: string): string;
  exists(relative: string): boolean;
  /** Every file under the root, relative, sorted (dot files included). */
  files(): string[];
  remove(): void;
}

export function makeWorkspace(prefix = 'csm-apply-patch-'): TestWorkspace {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), prefix)));
  const at = (relative: string) => path.join(root, relative);
  return {
    root,
    write(relative, content) {
      mkdirSync(path.dirname(at(relative)), { recursive: true });
      writeFileSync(at(relative), content);
    },
    read: (relative) => readFileSync(at(relative), 'utf8'),
    exists: (relative) => existsSync(at(relative)),
    files: () =>
      (readdirSync(root, { recursive: true, withFileTypes: true }) as import('node:fs').Dirent[])
        .filter((d) => !d.isDirectory())
        .map((d) => path.relative(root, path.join(d.parentPath, d.name)))
        .sort(),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Joins lines into a patch body, one per line, with a final newline. */
export function patchText(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}
