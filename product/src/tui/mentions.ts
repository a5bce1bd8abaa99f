// `@` mentions: the workspace's files, listed once per session (git's own ignore rules decide what
// is left out, and `.git/` is listed as upstream lists it), and a fuzzy search over them for the
// word being typed after `@`. Pure matching here; the listing is the one piece of I/O.
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { graphemes } from './screen/canvas.ts';
import type { Composer } from './composer.ts';

/** Upstream's filter tabs over the results, in order. */
export const MENTION_TABS = ['All Results', 'Filesystem Only', 'Plugins'] as const;

/** The most results the popup keeps for one query. */
export const MAX_MENTIONS = 50;

export interface MentionsState {
  /** the highlighted result */
  choice: number;
  /** the filter tab (index into MENTION_TABS) */
  tab: number;
  /** Esc closed the popup for this `@` word: it stays closed until the word changes */
  closedFor: string | null;
}

export const initialMentions = (): MentionsState => ({ choice: 0, tab: 0, closedFor: null });

export interface MentionMatch {
  /** workspace-relative, `/`-separated */
  path: string;
  name: string;
  /** the folder part, ending in `/` (`./` at the top) */
  dir: string;
  /** a directory (named in the popup as Dir, not File) */
  isDir?: boolean;
  /** where the query's characters matched in `path` (the first place each can go, in order) */
  hits?: number[];
}

/** The `@word` the cursor is in or right after (the word without `@`, and where it starts), if any. */
export function mentionAt(c: Pick<Composer, 'text' | 'cursor'>): { query: string; start: number; end: number } | null {
  const cs = [...graphemes(c.text)];
  let start = c.cursor;
  while (start > 0 && !/\s/.test(cs[start - 1])) start--;
  if (cs[start] !== '@') return null;
  let end = c.cursor;
  while (end < cs.length && !/\s/.test(cs[end])) end++;
  return { query: cs.slice(start + 1, end).join(''), start, end };
}

/** The composer with its `@word` replaced by `path` and a space, the cursor after them. */
export function insertMention(c: Composer, path: string): Composer {
  const at = mentionAt(c);
  if (!at) return c;
  const cs = [...graphemes(c.text)];
  const before = cs.slice(0, at.start).join('') + path + ' ';
  const after = cs.slice(at.end).join('').replace(/^ /, '');
  return { ...c, text: before + after, cursor: [...graphemes(before)].length };
}

/**
 * How well `query` matches `file` (higher is better), or null when its characters do not all appear
 * in order in the path (case-insensitive). A match in the file's name beats one spread over its
 * folders; the whole name beats its start, its start beats anywhere in it.
 */
export function matchScore(query: string, file: string, lower = file.toLowerCase()): number | null {
  const q = query.toLowerCase();
  const p = lower;
  if (!q) return 0;
  let i = 0;
  for (let j = 0; j < p.length && i < q.length; j++) if (p[j] === q[i]) i++;
  if (i < q.length) return null;
  const name = p.slice(p.lastIndexOf('/') + 1);
  if (name === q) return 4000;
  if (name.startsWith(q)) return 3000 - name.length;
  const at = name.indexOf(q);
  if (at >= 0) return 2000 - at - name.length;
  if (p.includes(q)) return 1000 - p.length;
  // Spread over the folders: all alike, so the path order decides, as upstream's ranking does.
  return 0;
}

/**
 * Where `query`'s characters match in `file` (case-insensitive): the query as typed in the file's
 * name, else anywhere in the path, else the first place each letter can go, in order.
 */
export function matchPositions(query: string, file: string): number[] {
  const q = query.toLowerCase();
  const p = file.toLowerCase();
  const whole = (from: number) => (from < 0 ? null : Array.from({ length: q.length }, (_, i) => from + i));
  const nameStart = p.lastIndexOf('/') + 1;
  const inName = p.indexOf(q, nameStart);
  const found = whole(inName) ?? whole(p.indexOf(q));
  if (found) return found;
  const at: number[] = [];
  for (let j = 0; j < p.length && at.length < q.length; j++) if (p[j] === q[at.length]) at.push(j);
  return at;
}

// The files and every folder holding one, worked out once per list: upstream offers directories too.
const candidateCache = new WeakMap<readonly string[], { all: string[]; dirs: Set<string> }>();
function candidates(files: readonly string[]): { all: string[]; dirs: Set<string> } {
  let c = candidateCache.get(files);
  if (!c) {
    const dirs = new Set<string>();
    for (const f of files) for (let i = f.indexOf('/'); i > 0; i = f.indexOf('/', i + 1)) dirs.add(f.slice(0, i));
    candidateCache.set(files, (c = { all: [...files, ...dirs], dirs }));
  }
  return c;
}

// Each list's paths in lower case, computed once: a keystroke then costs one pass over them.
const lowerCache = new WeakMap<readonly string[], string[]>();
function lowered(files: readonly string[]): string[] {
  let lower = lowerCache.get(files);
  if (!lower) lowerCache.set(files, (lower = files.map((f) => f.toLowerCase())));
  return lower;
}

/** The files matching `query`, best first (ties in path order), at most MAX_MENTIONS. */
export function searchFiles(files: readonly string[], query: string, tab = 0): MentionMatch[] {
  // Nothing typed yet: upstream offers no files (its placeholder asks for a search).
  if (MENTION_TABS[tab] === 'Plugins' || !query) return [];
  const { all, dirs } = candidates(files);
  // Only the best MAX_MENTIONS are kept, in order, as the paths go by: no sort of every match.
  const best: Array<{ file: string; score: number }> = [];
  const before = (a: { file: string; score: number }, b: { file: string; score: number }) => a.score > b.score || (a.score === b.score && a.file < b.file);
  const lower = lowered(all);
  for (let i = 0; i < all.length; i++) {
    const score = matchScore(query, all[i], lower[i]);
    if (score === null) continue;
    const hit = { file: all[i], score };
    if (best.length === MAX_MENTIONS && !before(hit, best[best.length - 1])) continue;
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(best[mid], hit)) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, hit);
    if (best.length > MAX_MENTIONS) best.pop();
  }
  return best.map(({ file }) => {
    const slash = file.lastIndexOf('/');
    const isDir = dirs.has(file);
    return { path: isDir ? `${file}/` : file, name: file.slice(slash + 1), dir: file.slice(0, slash + 1) || './', ...(isDir ? { isDir } : {}), hits: matchPositions(query, file) };
  });
}

/** Cap on the files listed, so a vast tree costs a bounded walk. */
const MAX_FILES = 200_000;

/**
 * The workspace's files, relative to `root`: in a git work tree, git's own list (tracked, and
 * untracked ones not ignored by .gitignore and the rest of git's rules) plus what `.git/` holds, as
 * upstream lists it; elsewhere every file under `root`.
 */
export async function listWorkspaceFiles(root: string): Promise<string[]> {
  const fromGit = await promisify(execFile)('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, maxBuffer: 256 * 1024 * 1024 }).then(
    (r) => r.stdout.split('\0').filter(Boolean),
    () => null,
  );
  if (fromGit === null) return walk(root, '');
  const dotGit = await walk(path.join(root, '.git'), '.git/');
  return [...new Set([...fromGit, ...dotGit])].slice(0, MAX_FILES);
}

async function walk(dir: string, prefix: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const e of entries) {
    if (!e.isFile()) continue;
    const parent = (e as { parentPath?: string; path?: string }).parentPath ?? (e as { path?: string }).path ?? dir;
    out.push(prefix + path.relative(dir, path.join(parent, e.name)).split(path.sep).join('/'));
    if (out.length >= MAX_FILES) break;
  }
  return out;
}
