// `csm review` and `csm exec review`: pick the target from the command line (exactly one), build the
// reviewer's request, then run it as an exec turn (exec/run.ts shows it as a review).
import path from 'node:path';
import { readAll } from '../exec/prompt.ts';
import { runExec, type ExecArgs } from '../exec/run.ts';
import { mergeBase, reviewRequest, ReviewUsageError, selectTarget, type ReviewSelection } from '../core/review/target.ts';
import { trustProject } from './trust.ts';

export type ReviewOptions = Partial<ExecArgs> & ReviewSelection & { trust?: boolean; ignoreUserConfig?: boolean };

export async function runReview(prompt: string | undefined, o: ReviewOptions, stdin: NodeJS.ReadableStream = process.stdin): Promise<number> {
  const text = prompt === '-' ? (await readAll(stdin)).trim() : prompt;
  let target;
  try {
    target = selectTarget({ uncommitted: o.uncommitted, base: o.base, commit: o.commit, title: o.title, prompt: text });
  } catch (e) {
    if (!(e instanceof ReviewUsageError)) throw e;
    // As codex words them: clap's usage errors in lower case with a hint, its own errors with "Error:".
    process.stderr.write(e.exitCode === 2 ? `error: ${e.message}\n\nFor more information, try '--help'.\n` : `Error: ${e.message}\n`);
    return e.exitCode;
  }
  const cwd = path.resolve(o.cd ?? process.cwd());
  if (o.trust && !trustProject(cwd)) return 1;
  const request = reviewRequest(target, target.type === 'baseBranch' ? mergeBase(cwd, target.branch) : null);
  return runExec({
    config: o.config ?? [],
    enable: o.enable ?? [],
    disable: o.disable ?? [],
    addDir: o.addDir ?? [],
    model: o.model,
    sandbox: o.sandbox,
    profile: o.profile,
    cd: o.cd,
    json: o.json ?? false,
    outputLastMessage: o.outputLastMessage,
    outputSchema: o.outputSchema,
    skipGitRepoCheck: o.skipGitRepoCheck ?? false,
    ephemeral: o.ephemeral ?? false,
    ignoreUserConfig: o.ignoreUserConfig,
    target: { kind: 'new' },
    review: request,
  });
}
