// The `apply_patch` tool: what we advertise to the model, and running one call.

import { applyPlan, changesOf, planPatch, type FileChange, type PatchContext } from './apply.ts';
import { APPLY_PATCH_LARK_GRAMMAR } from './grammar.ts';
import { parsePatch, type Patch } from './parse.ts';
import { PatchRejectedError } from './update.ts';

/** What the model is told when a patch would write outside the writable roots or into a protected path (upstream's words). */
export const PATCH_REJECTED = 'patch rejected: writing outside of the project; rejected by user approval settings';

/** A freeform (`custom`) tool whose input is constrained by a Lark grammar. */
export interface CustomToolSpec {
  readonly type: 'custom';
  readonly name: string;
  readonly description: string;
  readonly format: { readonly type: 'grammar'; readonly syntax: 'lark'; readonly definition: string };
}

export const applyPatchToolSpec: CustomToolSpec = {
  type: 'custom',
  name: 'apply_patch',
  description:
    'Edit files with a patch. Send the patch as raw text (this is a freeform tool: no JSON around it). ' +
    'Start with `*** Begin Patch`, end with `*** End Patch`, and give one section per file: ' +
    '`*** Add File: <path>` followed by `+` lines, `*** Delete File: <path>`, or `*** Update File: <path>` ' +
    '(optionally then `*** Move to: <new path>`) followed by hunks. A hunk starts with `@@`, optionally ' +
    'followed by a line that occurs just above the change (such as a function signature); its lines start ' +
    'with a space (unchanged context), `-` (removed) or `+` (added). Show about three lines of context ' +
    'around each change. Paths are relative to the working directory.',
  format: { type: 'grammar', syntax: 'lark', definition: APPLY_PATCH_LARK_GRAMMAR },
};

export interface ApplyPatchToolContext extends PatchContext {
  /** Milliseconds clock for the `Wall time` line; injectable for tests. */
  readonly now?: () => number;
}

export interface ApplyPatchToolResult {
  /** The `custom_tool_call_output` text sent back to the model. */
  readonly output: string;
  readonly success: boolean;
  /** The files the patch names (empty when the patch did not parse). */
  readonly changes: readonly FileChange[];
  /**
   * Set when the patch was refused for where it writes (PATCH_REJECTED is the output): nothing was
   * written, and like upstream no file change is reported for it. `reason` says which path and why.
   */
  readonly rejected?: { readonly reason: string };
}

/** Parses, plans and applies one `apply_patch` call. Never throws. */
export async function runApplyPatch(input: string, ctx: ApplyPatchToolContext): Promise<ApplyPatchToolResult> {
  const now = ctx.now ?? Date.now;
  const started = now();
  let patch: Patch | undefined;
  try {
    patch = parsePatch(input);
    const result = await applyPlan(await planPatch(patch, ctx));
    return {
      output: formatToolOutput(0, now() - started, result.summary),
      success: true,
      changes: result.changes,
    };
  } catch (error) {
    if (error instanceof PatchRejectedError) return { output: PATCH_REJECTED, success: false, changes: [], rejected: { reason: error.message } };
    const message = error instanceof Error ? error.message : String(error);
    return {
      output: formatToolOutput(1, now() - started, message),
      success: false,
      changes: patch ? changesOf(patch, ctx.cwd) : [],
    };
  }
}

/** `Exit code: N\nWall time: S seconds\nOutput:\n…`, the shape upstream uses for tool output text. */
export function formatToolOutput(exitCode: number, elapsedMs: number, text: string): string {
  const seconds = Math.round(Math.max(0, elapsedMs) / 100) / 10;
  const body = text.endsWith('\n') ? text : `${text}\n`;
  return `Exit code: ${exitCode}\nWall time: ${seconds} seconds\nOutput:\n${body}`;
}
