// What a reviewer answers (the JSON shape codex's review mode asks for) and how the findings are
// shown to people, in codex's layout: the overall explanation, then each finding as a bullet with
// its location and its body indented below.
import * as z from 'zod';

const lineRange = z.object({ start: z.number().int(), end: z.number().int() });

export const reviewFindingSchema = z.object({
  title: z.string(),
  body: z.string().default(''),
  confidence_score: z.number().optional(),
  priority: z.number().int().nullable().optional(),
  code_location: z.object({ absolute_file_path: z.string(), line_range: lineRange }),
});

export const reviewOutputSchema = z.object({
  findings: z.array(reviewFindingSchema).default([]),
  overall_correctness: z.string().default(''),
  overall_explanation: z.string().default(''),
  overall_confidence_score: z.number().optional(),
});

export type ReviewFinding = z.infer<typeof reviewFindingSchema>;
export type ReviewOutput = z.infer<typeof reviewOutputSchema>;

function tryParse(text: string): ReviewOutput | null {
  try {
    const parsed = reviewOutputSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The reviewer's final message as a ReviewOutput: the JSON itself, else the outermost `{…}` inside
 * the text (a model that wrapped it in prose or a code fence), else the whole text as the overall
 * explanation with no findings.
 */
export function parseReviewOutput(text: string): ReviewOutput {
  const whole = tryParse(text);
  if (whole) return whole;
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start !== -1 && end > start) {
    const inner = tryParse(text.slice(start, end + 1));
    if (inner) return inner;
  }
  return { findings: [], overall_correctness: '', overall_explanation: text.trim() };
}

/** `path:start-end`, the location a finding points at. */
export function findingLocation(f: ReviewFinding): string {
  const { absolute_file_path: file, line_range: r } = f.code_location;
  return `${file}:${r.start}-${r.end}`;
}

/** The findings as a block: a header, then per finding a blank line, the bullet and the body indented by two. */
export function formatFindings(findings: ReviewFinding[]): string {
  const lines = [findings.length === 1 ? 'Review comment:' : 'Full review comments:'];
  for (const f of findings) {
    lines.push('', `- ${f.title} — ${findingLocation(f)}`);
    for (const bodyLine of f.body.split('\n')) lines.push(`  ${bodyLine}`);
  }
  return lines.join('\n');
}

export const NO_REVIEW = 'Reviewer failed to output a response.';

/** What the person reads at the end of a review (exec's final message, `-o`, the TUI's history). */
export function renderReview(out: ReviewOutput): string {
  const parts: string[] = [];
  if (out.overall_explanation.trim()) parts.push(out.overall_explanation.trim());
  if (out.findings.length) parts.push(formatFindings(out.findings));
  return parts.length ? parts.join('\n\n') : NO_REVIEW;
}

const HEADERS = ['Review comment:', 'Full review comments:'];

/** The findings block `formatFindings` wrote (header line first), or null when `lines` are not one. */
function parseFindings(lines: string[]): ReviewFinding[] | null {
  if (!HEADERS.includes(lines[0] ?? '')) return null;
  const findings: ReviewFinding[] = [];
  let i = 1;
  while (i < lines.length) {
    // A blank line, then `- TITLE — PATH:START-END`, then the body indented by two.
    if (lines[i] !== '' || !lines[i + 1]?.startsWith('- ')) return null;
    const head = lines[i + 1].slice(2);
    const dash = head.lastIndexOf(' — ');
    const place = dash === -1 ? null : /^(.*):(-?\d+)-(-?\d+)$/.exec(head.slice(dash + 3));
    if (!place) return null;
    const body: string[] = [];
    for (i += 2; i < lines.length && lines[i].startsWith('  '); i++) body.push(lines[i].slice(2));
    findings.push({ title: head.slice(0, dash), body: body.join('\n'), code_location: { absolute_file_path: place[1], line_range: { start: Number(place[2]), end: Number(place[3]) } } });
  }
  return findings.length ? findings : null;
}

/**
 * A review as `renderReview` wrote it (what an app-server sends in its exitedReviewMode item) back
 * as a ReviewOutput: the explanation, then the findings block when the text ends with one. Text
 * in any other layout is the explanation whole.
 */
export function parseRenderedReview(text: string): ReviewOutput {
  const lines = text.split('\n');
  for (let at = 0; at < lines.length; at++) {
    if (!HEADERS.includes(lines[at]) || (at > 0 && (at < 2 || lines[at - 1] !== ''))) continue;
    const findings = parseFindings(lines.slice(at));
    if (findings) return { findings, overall_correctness: '', overall_explanation: lines.slice(0, Math.max(0, at - 1)).join('\n') };
  }
  return { findings: [], overall_correctness: '', overall_explanation: text === NO_REVIEW ? '' : text };
}
