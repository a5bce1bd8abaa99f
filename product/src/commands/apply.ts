// `csm apply SESSION`: the file edits of a session's latest turn that made any (its apply_patch
// calls, in order) applied to the working tree here. codex's `apply TASK_ID` fetches a Codex Cloud
// task's diff; csm has no cloud, so its argument names a local session instead.
import { resolveCodexHome } from '../core/config/index.ts';
import { readRollout } from '../core/rollout/reader.ts';
import { SessionResolveError } from '../core/sessions/resolve.ts';
import { SessionStore } from '../core/sessions/store.ts';
import { applyPatch, parsePatch, PatchParseError, PatchApplyError, PatchRejectedError } from '../core/tools/apply-patch/index.ts';

const fail = (line: string) => {
  process.stderr.write(`Error: ${line}\n`);
  return 1;
};

/** The apply_patch inputs of the last turn (from the last user message on) that has any, in order. */
export async function latestPatches(rolloutPath: string): Promise<string[]> {
  let current: string[] = [];
  let latest: string[] = [];
  for await (const line of readRollout(rolloutPath)) {
    const p = line.payload as Record<string, unknown>;
    if (line.type !== 'response_item') continue;
    if (p.type === 'message' && p.role === 'user' && !String(JSON.stringify(p.content)).includes('<environment_context>')) current = [];
    if (p.type === 'custom_tool_call' && p.name === 'apply_patch' && typeof p.input === 'string') {
      current.push(p.input);
      latest = current;
    }
  }
  return latest;
}

export async function applyCommand(ref: string, cwd = process.cwd()): Promise<number> {
  const store = SessionStore.open(resolveCodexHome());
  let file: string;
  try {
    await store.refresh();
    file = (await store.resolve(ref)).path;
  } catch (e) {
    if (e instanceof SessionResolveError) return fail(e.kind === 'ambiguous' ? `"${ref}" matches several sessions; give more of the id` : `no session matches "${ref}" (csm applies a local session's changes; codex cloud task ids are not in csm)`);
    throw e;
  } finally {
    store.close();
  }
  const patches = await latestPatches(file);
  if (!patches.length) return fail(`session ${ref} made no file changes to apply`);
  for (const text of patches) {
    try {
      await applyPatch(parsePatch(text), { cwd, writableRoots: [cwd] });
    } catch (e) {
      if (e instanceof PatchParseError || e instanceof PatchApplyError || e instanceof PatchRejectedError) return fail(`the session's changes do not apply here: ${e.message}`);
      throw e;
    }
  }
  process.stdout.write(`Applied the changes of session ${ref} (${patches.length} patch${patches.length === 1 ? '' : 'es'}) to ${cwd}\n`);
  return 0;
}
