// `/review` in the TUI: upstream's presets (a base branch, the uncommitted changes, a commit, the
// person's own instructions) as lists to choose from, and the lines that frame a review in the
// transcript. The review itself runs on core/review's request, in a thread of its own (app.ts).
import { execFileSync } from 'node:child_process';
import { findingLocation, NO_REVIEW, type ReviewOutput } from '../core/review/output.ts';
import type { ReviewTarget } from '../core/review/target.ts';
import { wrapSpans } from './markdown.ts';
import type { Span } from './screen/canvas.ts';
import type { ListView } from './views/list.ts';

const BLUE = '#63a8f8';

export const REVIEW_PRESETS: ReadonlyArray<{ label: string; description?: string }> = [
  { label: 'Review against a base branch', description: '(PR Style)' },
  { label: 'Review uncommitted changes' },
  { label: 'Review a commit' },
  { label: 'Custom review instructions' },
];

export function reviewPresetList(): ListView {
  return { id: 'review', title: 'Select a review preset', items: REVIEW_PRESETS.map((p) => ({ ...p })), choice: 0, keys: [['enter', 'select'], ['esc', 'back']] };
}

/** What a preset asks next: a target at once, a list to choose one from, or instructions to type. */
export type PresetNext = { kind: 'target'; target: ReviewTarget } | { kind: 'list'; list: ListView } | { kind: 'type'; prefix: string } | { kind: 'none'; text: string };

const git = (cwd: string, args: string[]): string | null => {
  try {
    return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  } catch {
    return null;
  }
};

/** The local branches (the current one left out) and the newest commits, for the presets that ask for one. */
export function presetNext(index: number, cwd: string): PresetNext {
  switch (index) {
    case 0: {
      const out = git(cwd, ['branch', '--format=%(refname:short)%09%(HEAD)']);
      const branches = (out ?? '').split('\n').filter((l) => l && !l.endsWith('\t*')).map((l) => l.split('\t')[0]);
      if (!branches.length) return { kind: 'none', text: 'No other branch to review against.' };
      return { kind: 'list', list: { id: 'review-branch', title: 'Select a base branch', items: branches.map((label) => ({ label })), choice: 0, keys: [['enter', 'select'], ['esc', 'back']] } };
    }
    case 1:
      return { kind: 'target', target: { type: 'uncommittedChanges' } };
    case 2: {
      const out = git(cwd, ['log', '-n', '20', '--format=%H%x09%s']);
      const commits = (out ?? '').split('\n').filter(Boolean).map((l) => l.split('\t'));
      if (!commits.length) return { kind: 'none', text: 'No commit to review.' };
      return {
        kind: 'list',
        list: { id: 'review-commit', title: 'Select a commit to review', items: commits.map(([sha, subject]) => ({ label: sha.slice(0, 7), description: subject })), choice: 0, keys: [['enter', 'select'], ['esc', 'back']] },
      };
    }
    default:
      // The person's own instructions: typed after `/review ` in the composer.
      return { kind: 'type', prefix: '/review ' };
  }
}

/** The target an item of a follow-up list stands for. */
export function chosenTarget(list: ListView, index: number, cwd: string): ReviewTarget | null {
  const item = list.items[index];
  if (!item) return null;
  if (list.id === 'review-branch') return { type: 'baseBranch', branch: item.label };
  if (list.id === 'review-commit') {
    const sha = git(cwd, ['rev-parse', item.label])?.trim() ?? item.label;
    return { type: 'commit', sha, ...(item.description ? { title: item.description } : {}) };
  }
  return null;
}

/** Upstream's blue lines around a review in the transcript. */
export const reviewStarted = (hint: string): Span[] => [{ text: `>> Code review started: ${hint} <<`, style: { fg: BLUE } }];
export const reviewFinished = (): Span[] => [{ text: '<< Code review finished >>', style: { fg: BLUE } }];

const BULLET = '#94e2d5';
const CODE = '#a6e3a1';

/** `text` with its `code` spans in upstream's review colour, backticks taken off. */
function codeSpans(text: string): Span[] {
  return text.split(/(`[^`]+`)/).filter(Boolean).map((part) => (/^`[^`]+`$/.test(part) ? { text: part.slice(1, -1), style: { fg: CODE } } : { text: part }));
}

/**
 * The findings as upstream's TUI shows them after a review: the overall explanation under a dim
 * bullet, then "Review comment:" (or "Full review comments:") and each finding's title and place
 * under a teal bullet, its body below with code in green; wrapped to `cols`.
 */
export function reviewLines(out: ReviewOutput, cols: number): Span[][] {
  const lines: Span[][] = [];
  const explanation = out.overall_explanation.trim();
  if (!explanation && !out.findings.length) return [[{ text: '• ', style: { dim: true } }, { text: NO_REVIEW }]];
  explanation.split('\n').forEach((line, i) => lines.push(...wrapSpans(codeSpans(line), cols - 2, [{ text: i === 0 ? '• ' : '  ', style: i === 0 ? { dim: true } : {} }], [{ text: '  ' }])));
  if (!out.findings.length) return lines;
  if (lines.length) lines.push([]);
  lines.push([{ text: '  ' }, { text: out.findings.length === 1 ? 'Review comment:' : 'Full review comments:' }]);
  for (const f of out.findings) {
    lines.push([]);
    lines.push(...wrapSpans([{ text: `${f.title} — ${findingLocation(f)}` }], cols - 4, [{ text: '  ' }, { text: '• ', style: { fg: BULLET } }], [{ text: '    ' }]));
    for (const body of f.body.split('\n')) lines.push(...wrapSpans(codeSpans(body), cols - 4, [{ text: '    ' }]));
  }
  return lines;
}
