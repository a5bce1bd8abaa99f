export { parsePatch, PatchParseError } from './parse.ts';
export type { HunkLine, Patch, PatchOperation, UpdateHunk } from './parse.ts';
export { applyPatch, applyPlan, changesOf, planPatch } from './apply.ts';
export type { FileChange, PatchContext, PatchPlan, PatchResult, PlannedFile } from './apply.ts';
export { PatchApplyError, PatchRejectedError } from './update.ts';
export { applyPatchToolSpec, formatToolOutput, runApplyPatch, PATCH_REJECTED } from './tool.ts';
export type { ApplyPatchToolContext, ApplyPatchToolResult, CustomToolSpec } from './tool.ts';
export { APPLY_PATCH_LARK_GRAMMAR } from './grammar.ts';
