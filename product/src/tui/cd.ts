// `/cd DIR`: where the session works from next. The directory is resolved as a shell would
// (relative to the current one, `~` for home, no argument for home itself) and must exist; the
// app then re-opens the thread there so commands, the sandbox and the model's context follow.
import { statSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export type CdResult = { ok: true; dir: string } | { ok: false; message: string };

/** The directory `/cd arg` moves to from `cwd`, or upstream's line saying why it cannot. */
export function resolveCd(arg: string, cwd: string, home: string = homedir()): CdResult {
  const raw = unquote(arg.trim());
  const expanded = raw === '' || raw === '~' ? home : raw.startsWith('~/') ? path.join(home, raw.slice(2)) : raw;
  const dir = path.resolve(cwd, expanded);
  try {
    if (!statSync(dir).isDirectory()) return { ok: false, message: `Cannot access directory ${dir}: Not a directory (os error 20)` };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { ok: false, message: `Cannot access directory ${dir}: ${osMessage(err.code)}` };
  }
  return { ok: true, dir };
}

/** A path typed in quotes (`/cd "my dir"`) is the path inside them. */
function unquote(s: string): string {
  const m = /^(["'])(.*)\1$/.exec(s);
  return m ? m[2] : s;
}

/** The OS's wording for an error code, with its number, as Rust's io::Error prints it. */
function osMessage(code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return 'No such file or directory (os error 2)';
    case 'EACCES':
      return 'Permission denied (os error 13)';
    case 'ENOTDIR':
      return 'Not a directory (os error 20)';
    default:
      return code ?? 'unknown error';
  }
}
