// Compaction: when the conversation nears the model's context window (or the person asks with
// /compact), the model is asked for a hand-off summary and the history is replaced by a fresh
// initial context, the newest things the person typed, and that summary. The rollout records the
// replacement in a `compacted` line, so a resume (csm's or upstream's) starts from there.
//
// What upstream 0.171.0 does with a custom provider (observed in the lab, scenarios exec-compact-*
// and tui-compact): the compaction request is an ordinary Responses request whose input is the
// history plus one user message asking for the summary, with no tools offered and
// parallel_tool_calls false. The texts below are csm's own.
import type { ResponseItem } from './items.ts';
import { userMessage } from './items.ts';

/** What csm asks the model for when it compacts (our own wording). */
export const COMPACT_PROMPT = [
  'Stop here: this conversation is about to be shortened, and the work will carry on from a written hand-off.',
  'Write that hand-off for whoever picks the task up next, with no access to anything said so far except what you write now.',
  '',
  'Cover, briefly and in plain bullet points:',
  '- the goal as the user stated it, and any preferences or constraints they gave;',
  '- what has been done so far, what was decided and why;',
  '- files, commands, identifiers, numbers and error messages that the next steps depend on;',
  '- what is still open, in the order it should be done.',
  '',
  'Do not call tools and do not continue the task itself: only write the hand-off.',
].join('\n');

/** Put in front of the summary in the history that replaces the conversation (our own wording). */
export const SUMMARY_PREFIX =
  'Earlier parts of this conversation were condensed to save context. The hand-off below was written from them; treat it as an accurate account of the work so far, trust it over guesses, and continue from where it ends rather than starting over:';

/** The user message that carries a summary into the replacement history. */
export function summaryMessage(summary: string): ResponseItem {
  return userMessage(summaryText(summary));
}

export function summaryText(summary: string): string {
  return `${SUMMARY_PREFIX}\n${summary}`;
}

/** A message that holds a compaction summary (csm's own prefix). */
export function isSummaryText(text: string): boolean {
  return text.startsWith(SUMMARY_PREFIX);
}

/** The share of the context window at which compaction starts when the config sets no lower limit (as upstream: 90%). */
const WINDOW_SHARE = 0.9;

/** The token count at which a thread compacts on its own: the config's limit, capped at 90% of the window. */
export function autoCompactLimit(configLimit: number | undefined, contextWindow: number): number {
  const cap = Math.floor(contextWindow * WINDOW_SHARE);
  return configLimit !== undefined && configLimit > 0 ? Math.min(configLimit, cap) : cap;
}

/** A rough token count of items not yet measured by the model: about four bytes a token. */
export function estimateTokens(items: readonly ResponseItem[]): number {
  let bytes = 0;
  for (const item of items) bytes += Buffer.byteLength(JSON.stringify(item));
  return Math.ceil(bytes / 4);
}

/** How much of what the person typed is kept after a compaction: about 20k tokens, as upstream keeps. */
const KEPT_USER_TEXT_CHARS = 80_000;

function textOf(item: ResponseItem): string {
  const content = item.content;
  if (!Array.isArray(content)) return '';
  return content.map((p) => (typeof p?.text === 'string' ? (p.text as string) : '')).join('');
}

/**
 * The history that replaces the conversation: the initial context as it is now, the newest user
 * messages that fit the budget (oldest first; earlier summaries are not kept twice, and a message
 * too long for what is left ends the walk), then the summary.
 *
 * `isUserTurn` says which items are messages a person typed (not context the harness injected).
 */
export function replacementHistory(initialContext: readonly ResponseItem[], history: readonly ResponseItem[], summary: string, isUserTurn: (item: ResponseItem) => boolean): ResponseItem[] {
  const typed = history.filter((item) => isUserTurn(item) && !isSummaryText(textOf(item)));
  const kept: ResponseItem[] = [];
  let budget = KEPT_USER_TEXT_CHARS;
  for (let i = typed.length - 1; i >= 0; i--) {
    const length = textOf(typed[i]).length;
    if (length > budget) break;
    budget -= length;
    kept.unshift(userMessage(textOf(typed[i])));
  }
  return [...initialContext, ...kept, summaryMessage(summary)];
}
