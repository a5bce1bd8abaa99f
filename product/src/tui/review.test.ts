import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeWorkspace } from '#test-support/workspace';
import { parseReviewOutput } from '../core/review/output.ts';
import { chosenTarget, presetNext, reviewLines, reviewPresetList } from './review.ts';
import { listRows } from './views/list.ts';

const golden = (frame: string) => readFileSync(path.join(import.meta.dirname, '..', '..', '..', 'goldens', 'tui-review-uncommitted', 'frames', `${frame}.txt`), 'utf8').split('\n');
const text = (spans: Array<{ text: string }>) => spans.map((s) => s.text).join('');

describe('/review presets', () => {
  it("lists upstream's four presets under its title, the base branch one marked PR style", () => {
    const rows = listRows(reviewPresetList(), 100).map((r) => text(r.spans).trimEnd());
    expect(rows).toEqual(golden('presets').slice(21, 30).map((r) => r.trimEnd()));
  });

  const ws = makeWorkspace('csm-review-');
  afterAll(() => ws.remove());
  const git = (...args: string[]) => execFileSync('git', args, { cwd: ws.root, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });

  it('reviews the uncommitted changes at once; asks for a branch or a commit from the repository; takes typed instructions after /review', () => {
    ws.write('a.txt', '1');
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'first commit');
    git('branch', 'feature');
    expect(presetNext(1, ws.root)).toEqual({ kind: 'target', target: { type: 'uncommittedChanges' } });
    const branches = presetNext(0, ws.root);
    expect(branches.kind === 'list' && branches.list.items.map((i) => i.label)).toEqual(['feature']);
    if (branches.kind === 'list') expect(chosenTarget(branches.list, 0, ws.root)).toEqual({ type: 'baseBranch', branch: 'feature' });
    const commits = presetNext(2, ws.root);
    expect(commits.kind === 'list' && commits.list.items[0].description).toBe('first commit');
    if (commits.kind === 'list') expect(chosenTarget(commits.list, 0, ws.root)).toMatchObject({ type: 'commit', sha: git('rev-parse', 'HEAD').toString().trim(), title: 'first commit' });
    expect(presetNext(3, ws.root)).toEqual({ kind: 'type', prefix: '/review ' });
  });
});

describe('the findings after a review', () => {
  const answer = JSON.stringify({
    findings: [{ title: '[P1] add subtracts instead of adding', body: '`add` now returns `a - b`, so every caller gets the wrong sum.', priority: 1, code_location: { absolute_file_path: 'calc.py', line_range: { start: 2, end: 2 } } }],
    overall_correctness: 'patch is incorrect',
    overall_explanation: 'The change breaks add.',
  });

  it("read as upstream's: the explanation under a bullet, then each finding with its place and body", () => {
    const lines = reviewLines(parseReviewOutput(answer), 100).map((l) => text(l));
    expect(lines).toEqual(golden('reviewed').slice(8, 14));
  });

  it("colour the finding's bullet teal and code green, backticks taken off", () => {
    const lines = reviewLines(parseReviewOutput(answer), 100);
    expect(lines[4][1]).toEqual({ text: '• ', style: { fg: '#94e2d5' } });
    expect(lines[5].find((s) => s.text === 'add')?.style).toEqual({ fg: '#a6e3a1' });
  });

  it("say the reviewer gave nothing when it did", () => {
    expect(reviewLines(parseReviewOutput(''), 100).map((l) => text(l))).toEqual(['• Reviewer failed to output a response.']);
  });
});
