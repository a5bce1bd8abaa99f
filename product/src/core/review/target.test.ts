import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeWorkspace } from '#test-support/workspace';
import { mergeBase, reviewRequest, selectTarget, ReviewUsageError } from './target.ts';

describe('choosing what to review', () => {
  it('takes exactly one of --uncommitted, --base, --commit or custom instructions', () => {
    expect(selectTarget({ uncommitted: true })).toEqual({ type: 'uncommittedChanges' });
    expect(selectTarget({ base: 'main' })).toEqual({ type: 'baseBranch', branch: 'main' });
    expect(selectTarget({ commit: 'abc1234def', title: 'Fix add' })).toEqual({ type: 'commit', sha: 'abc1234def', title: 'Fix add' });
    expect(selectTarget({ prompt: 'look at calc.py' })).toEqual({ type: 'custom', instructions: 'look at calc.py' });
  });

  it('refuses two at once as a usage error (exit 2) naming both, and none at all (exit 1)', () => {
    const two = (() => {
      try {
        selectTarget({ uncommitted: true, base: 'main' });
      } catch (e) {
        return e;
      }
    })() as ReviewUsageError;
    expect(two).toBeInstanceOf(ReviewUsageError);
    expect(two.message).toBe("the argument '--uncommitted' cannot be used with '--base <BRANCH>'");
    expect(two.exitCode).toBe(2);
    expect(() => selectTarget({})).toThrow('Specify --uncommitted, --base, --commit, or provide custom review instructions');
    expect(() => selectTarget({ uncommitted: true, title: 'x' })).toThrow("requires '--commit <SHA>'");
  });
});

describe('the request and the line people see', () => {
  it('names each preset as codex shows it', () => {
    expect(reviewRequest({ type: 'uncommittedChanges' }).hint).toBe('current changes');
    expect(reviewRequest({ type: 'baseBranch', branch: 'main' }, 'f0159bf').hint).toBe("changes against 'main'");
    expect(reviewRequest({ type: 'commit', sha: 'HEAD', title: 'Fix add' }).hint).toBe('commit HEAD: Fix add');
    expect(reviewRequest({ type: 'commit', sha: '0123456789abcdef' }).hint).toBe('commit 0123456');
    expect(reviewRequest({ type: 'custom', instructions: ' focus on calc.py \n' })).toMatchObject({ hint: 'focus on calc.py', prompt: 'focus on calc.py' });
  });

  it('points a base-branch review at the merge base, or tells the reviewer how to find it', () => {
    expect(reviewRequest({ type: 'baseBranch', branch: 'main' }, 'f0159bf').prompt).toContain('`git diff f0159bf`');
    expect(reviewRequest({ type: 'baseBranch', branch: 'main' }, null).prompt).toContain('`git merge-base HEAD main`');
  });

  it('finds the merge base of HEAD and a branch with git', () => {
    const ws = makeWorkspace('csm-review-base-');
    const dir = ws.root;
    const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 'a', GIT_AUTHOR_EMAIL: 'a@b', GIT_COMMITTER_NAME: 'a', GIT_COMMITTER_EMAIL: 'a@b' } }).toString().trim();
    git('init', '-q', '-b', 'main');
    writeFileSync(path.join(dir, 'a'), '1');
    git('add', '-A');
    git('commit', '-qm', 'one');
    const base = git('rev-parse', 'HEAD');
    git('checkout', '-qb', 'topic');
    writeFileSync(path.join(dir, 'a'), '2');
    git('commit', '-qam', 'two');
    expect(mergeBase(dir, 'main')).toBe(base);
    expect(mergeBase(dir, 'no-such-branch')).toBeNull();
    ws.remove();
  });
});
