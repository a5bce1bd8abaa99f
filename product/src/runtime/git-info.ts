// The `git` block of a new session's session_meta, as upstream records it: the commit, the branch
// (none when detached) and the origin's URL (none without one). Outside a repository, or when git is
// missing or slow, there is no block at all: it describes the workspace, it never blocks a session.
import { execFile } from 'node:child_process';

export interface GitInfo {
  commit_hash?: string;
  branch?: string;
  repository_url?: string;
}

const TIMEOUT_MS = 2_000;

function git(cwd: string, args: string[]): Promise<string | undefined> {
  return new Promise((resolve) =>
    execFile('git', args, { cwd, timeout: TIMEOUT_MS, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } }, (err, out) => resolve(err ? undefined : out.trim() || undefined)),
  );
}

export async function gitInfo(cwd: string): Promise<GitInfo | undefined> {
  const [commit, branch, url] = await Promise.all([
    git(cwd, ['rev-parse', 'HEAD']),
    git(cwd, ['rev-parse', '--abbrev-ref', 'HEAD']),
    git(cwd, ['remote', 'get-url', 'origin']),
  ]);
  if (!commit && !branch) return undefined;
  return {
    ...(commit ? { commit_hash: commit } : {}),
    ...(branch && branch !== 'HEAD' ? { branch } : {}),
    ...(url ? { repository_url: url } : {}),
  };
}
