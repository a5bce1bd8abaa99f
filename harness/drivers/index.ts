// The drivers as csm's own tests see them (import alias `#lab/drivers`): an isolated run home with
// the lab's config and workspace, and a piped run of either target in it, for tests that check csm
// against the real upstream binary outside a scenario.
export { targetEnv } from './env.ts';
export { runPiped } from './exec-driver.ts';
export { createRunHome, writeConfig, writeWorkspace, type RunHome } from './home.ts';
export type { TargetName } from './targets.ts';
