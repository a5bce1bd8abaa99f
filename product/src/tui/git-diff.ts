// What `/diff` shows: `git diff` of the working tree against the index's HEAD, then each untracked
// file as a new one, styled as git colours it (headers bold, hunk ranges cyan, removed red, added green).
import { execFileSync } from 'node:child_process';
import type { Span } from './screen/canvas.ts';

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    // `git diff --no-index` exits 1 when the files differ: its output is still the answer.
    const out = (e as { stdout?: string }).stdout;
    if (typeof out === 'string') return out;
    throw e;
  }
}

/** The diff text, or null when `cwd` is not inside a git repository. */
export function workspaceDiff(cwd: string): string | null {
  try {
    if (git(cwd, ['rev-parse', '--is-inside-work-tree']).trim() !== 'true') return null;
  } catch {
    return null;
  }
  const tracked = git(cwd, ['diff', '--no-color', '--no-ext-diff']);
  const untracked = git(cwd, ['ls-files', '--others', '--exclude-standard', '-z']).split('\0').filter(Boolean);
  const added = untracked.map((f) => git(cwd, ['diff', '--no-color', '--no-ext-diff', '--no-index', '--', '/dev/null', f]));
  return tracked + added.join('');
}

/** One styled line per diff line. */
export function diffLines(text: string): Span[][] {
  const lines = text.replace(/\n$/, '').split('\n');
  let header = false;
  return lines.map((line): Span[] => {
    if (line.startsWith('diff ')) header = true;
    else if (line.startsWith('@@')) header = false;
    if (header) return [{ text: line, style: { bold: true } }];
    if (line.startsWith('@@')) {
      const m = /^(@@ [^@]* @@)(.*)$/.exec(line);
      return m ? [{ text: m[1], style: { fg: 6 } }, ...(m[2] ? [{ text: m[2] }] : [])] : [{ text: line, style: { fg: 6 } }];
    }
    if (line.startsWith('-')) return [{ text: line, style: { fg: 1 } }];
    if (line.startsWith('+')) return [{ text: line, style: { fg: 2 } }];
    return [{ text: line }];
  });
}
