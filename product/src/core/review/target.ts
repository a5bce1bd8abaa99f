// What a review looks at (codex's presets: uncommitted changes, a base branch, a commit, or the
// person's own instructions), the request the reviewer gets for it and the short line people see.
import { execFileSync } from 'node:child_process';

export type ReviewTarget =
  | { type: 'uncommittedChanges' }
  | { type: 'baseBranch'; branch: string }
  | { type: 'commit'; sha: string; title?: string }
  | { type: 'custom'; instructions: string };

export interface ReviewRequest {
  target: ReviewTarget;
  /** the user message the reviewer gets */
  prompt: string;
  /** what people see as the request (exec prints it as the user's message) */
  hint: string;
}

/** The commit where `branch` and HEAD diverged, or null when git cannot tell. */
export function mergeBase(cwd: string, branch: string): string | null {
  try {
    return execFileSync('git', ['merge-base', 'HEAD', branch], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null;
  } catch {
    return null;
  }
}

const FINDINGS = 'Report prioritized, actionable findings.';

/** The request for a target; `base` is the merge base for a baseBranch target (looked up by the caller). */
export function reviewRequest(target: ReviewTarget, base: string | null = null): ReviewRequest {
  switch (target.type) {
    case 'uncommittedChanges':
      return { target, hint: 'current changes', prompt: `Review the changes in this repository that are not committed yet: staged, unstaged and untracked files. ${FINDINGS}` };
    case 'baseBranch': {
      const how = base
        ? `This branch left '${target.branch}' at commit ${base}; \`git diff ${base}\` shows every change since.`
        : `Find where this branch left it with \`git merge-base HEAD ${target.branch}\` and review the diff from that commit.`;
      return { target, hint: `changes against '${target.branch}'`, prompt: `Review this branch's changes relative to the base branch '${target.branch}'. ${how} ${FINDINGS}` };
    }
    case 'commit': {
      const short = target.sha.slice(0, 7);
      const titled = target.title ? ` ("${target.title}")` : '';
      return { target, hint: target.title ? `commit ${short}: ${target.title}` : `commit ${short}`, prompt: `Review what commit ${target.sha}${titled} changed (\`git show ${target.sha}\`). ${FINDINGS}` };
    }
    case 'custom':
      return { target, hint: target.instructions.trim(), prompt: target.instructions.trim() };
  }
}

export interface ReviewSelection {
  uncommitted?: boolean;
  base?: string;
  commit?: string;
  title?: string;
  prompt?: string;
}

export class ReviewUsageError extends Error {
  constructor(
    message: string,
    /** 2 for a command-line conflict (as clap exits), 1 for a missing choice */
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

/**
 * The one target the command line picked. Two at once is a usage error naming both, in clap's
 * words; none at all asks for one.
 */
export function selectTarget(o: ReviewSelection): ReviewTarget {
  const given: Array<[string, ReviewTarget]> = [];
  if (o.uncommitted) given.push(['--uncommitted', { type: 'uncommittedChanges' }]);
  if (o.base !== undefined) given.push(['--base <BRANCH>', { type: 'baseBranch', branch: o.base }]);
  if (o.commit !== undefined) given.push(['--commit <SHA>', { type: 'commit', sha: o.commit, ...(o.title ? { title: o.title } : {}) }]);
  if (o.prompt !== undefined) given.push(['[PROMPT]', { type: 'custom', instructions: o.prompt }]);
  if (given.length > 1) throw new ReviewUsageError(`the argument '${given[0][0]}' cannot be used with '${given[1][0]}'`, 2);
  if (!given.length) throw new ReviewUsageError('Specify --uncommitted, --base, --commit, or provide custom review instructions', 1);
  if (o.title !== undefined && o.commit === undefined) throw new ReviewUsageError("the argument '--title <TITLE>' requires '--commit <SHA>'", 2);
  return given[0][1];
}
