// What a key asks for: changes to the chat state (reducer actions, applied at once) and effects
// that only the app can carry out (talk to the thread, run a command, leave).
import type { ApprovalDecision } from '../../core/agent/tools.ts';
import type { ChatAction } from '../state.ts';

export type Effect =
  /** a prompt for the model (paste placeholders already expanded) */
  | { kind: 'submit'; text: string }
  /** a prompt typed while a turn runs */
  | { kind: 'steer'; text: string }
  /** `!command`: run it locally and show it */
  | { kind: 'shell'; command: string }
  /** a slash-command line, `/name args` */
  | { kind: 'slash'; line: string }
  | { kind: 'interrupt' }
  /** Shift+Tab: Plan mode on or off */
  | { kind: 'cycle-mode' }
  | { kind: 'quit' }
  | { kind: 'answer'; decision: ApprovalDecision }
  /** Esc-Esc backtrack confirmed: drop the conversation from the `turnsBack`-th newest prompt on */
  | { kind: 'rewind'; turnsBack: number }
  /** an item of the open list chosen (`how`: enter, escape, or one of its letters) */
  | { kind: 'list'; id: string; index: number; how: string }
  /** `/keymap`: save an action's keys to config.toml (null: remove the custom binding) */
  | { kind: 'keymap-save'; context: string; action: string; specs: string[] | null };

export interface Routed {
  actions: ChatAction[];
  effects: Effect[];
}

export const routed = (actions: ChatAction[] = [], effects: Effect[] = []): Routed => ({ actions, effects });
