// Collaboration modes: Default, or Plan (`/plan` in the TUI), where the model works out a plan with
// the person before anything is changed. The mode is part of a thread's settings; when it changes,
// the next turn tells the model in a developer message. The wording is csm's own.
export type CollaborationMode = 'default' | 'plan';

export const PLAN_MODE_INSTRUCTIONS = [
  '<collaboration_mode>You are in Plan mode until a later developer message says otherwise.',
  'Work with the person toward a plan they can approve; do not carry the work out yet. Read files, search and run commands that only look (never ones that change files, install or commit) to ground the plan in the actual code.',
  'Ask short questions when a choice is theirs to make or the goal is unclear; otherwise decide and say why.',
  'When the plan is settled, present it in full: the goal, the changes file by file, how they will be tested, and the risks. It must be complete enough for someone else to carry out without making further decisions.</collaboration_mode>',
].join('\n\n');

export const DEFAULT_MODE_INSTRUCTIONS =
  '<collaboration_mode>Plan mode has ended: you are in Default mode again. Carry out what the person asks, changing files and running commands as the task needs.</collaboration_mode>';

/** What the model is told when the mode becomes `mode`. */
export const collaborationText = (mode: CollaborationMode): string => (mode === 'plan' ? PLAN_MODE_INSTRUCTIONS : DEFAULT_MODE_INSTRUCTIONS);
