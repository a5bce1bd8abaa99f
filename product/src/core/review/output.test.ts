import { describe, expect, it } from 'vitest';
import { NO_REVIEW, parseRenderedReview, parseReviewOutput, renderReview } from './output.ts';

const finding = (title: string, file: string, start: number, end: number, body: string) => ({
  title,
  body,
  confidence_score: 0.8,
  priority: 1,
  code_location: { absolute_file_path: file, line_range: { start, end } },
});

describe('a review answer', () => {
  it('renders the explanation, then one finding under "Review comment:" with its location and indented body', () => {
    const text = JSON.stringify({ findings: [finding('[P1] add subtracts', 'calc.py', 2, 2, 'It returns `a - b`.')], overall_correctness: 'patch is incorrect', overall_explanation: 'The change breaks add.' });
    expect(renderReview(parseReviewOutput(text))).toBe('The change breaks add.\n\nReview comment:\n\n- [P1] add subtracts — calc.py:2-2\n  It returns `a - b`.');
  });

  it('puts several findings under "Full review comments:", a blank line before each, multi-line bodies indented line by line', () => {
    const text = JSON.stringify({
      findings: [finding('[P2] one', '/w/a.ts', 1, 3, 'first\nsecond'), finding('[P3] two', '/w/b.ts', 9, 9, 'x')],
      overall_explanation: '',
    });
    expect(renderReview(parseReviewOutput(text))).toBe('Full review comments:\n\n- [P2] one — /w/a.ts:1-3\n  first\n  second\n\n- [P3] two — /w/b.ts:9-9\n  x');
  });

  it('finds the JSON inside prose or a code fence', () => {
    const text = 'Here it is:\n```json\n{"findings":[],"overall_correctness":"patch is correct","overall_explanation":"Looks fine."}\n```';
    expect(renderReview(parseReviewOutput(text))).toBe('Looks fine.');
  });

  it('takes an answer that is not JSON as the explanation, and says so when there is nothing at all', () => {
    expect(renderReview(parseReviewOutput('No issues found.'))).toBe('No issues found.');
    expect(renderReview(parseReviewOutput('  '))).toBe(NO_REVIEW);
  });
});

describe('a rendered review read back (what an app-server sends in exitedReviewMode)', () => {
  const outputs = {
    'one finding': { findings: [finding('[P1] add subtracts', 'calc.py', 2, 2, 'It returns `a - b`.')], overall_correctness: '', overall_explanation: 'The change breaks add.' },
    'several, multi-line and empty bodies': { findings: [finding('[P2] one — really', '/w/a:b.ts', 1, 3, 'first\n\n  second'), finding('[P3] two', '/w/b.ts', 9, 9, '')], overall_correctness: '', overall_explanation: '' },
    'an explanation of several paragraphs': { findings: [finding('t', 'f.py', 1, 1, 'b')], overall_correctness: '', overall_explanation: 'First.\n\nSecond.' },
    'prose only': { findings: [], overall_correctness: '', overall_explanation: 'No issues found.' },
  };
  for (const [name, out] of Object.entries(outputs))
    it(`gives back what was rendered: ${name}`, () => {
      const back = parseRenderedReview(renderReview(parseReviewOutput(JSON.stringify(out))));
      expect(renderReview(back)).toBe(renderReview(parseReviewOutput(JSON.stringify(out))));
      expect(back.overall_explanation).toBe(out.overall_explanation);
      expect(back.findings.map((f) => [f.title, f.body, f.code_location])).toEqual(out.findings.map((f) => [f.title, f.body, f.code_location]));
    });

  it('reads "nothing to show" as no explanation and no findings, and text in another layout as the explanation', () => {
    expect(parseRenderedReview(NO_REVIEW)).toEqual({ findings: [], overall_correctness: '', overall_explanation: '' });
    expect(parseRenderedReview('Intro\nReview comment:\n\n- x — f:1-1\n  y').overall_explanation).toBe('Intro\nReview comment:\n\n- x — f:1-1\n  y');
    expect(parseRenderedReview('Review comment:\n\nno bullet').findings).toEqual([]);
  });
});
