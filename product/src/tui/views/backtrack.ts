// Esc-Esc backtrack. On an idle, empty composer one Esc primes it (the footer says so); a second
// Esc starts browsing the earlier prompts, the newest selected: ←/→ (h/l) move between them, Enter
// rewinds the conversation to just before the selected one (its text back in the composer), Esc
// leaves. Any other key while primed cancels it and goes on to the composer.
import type { Key } from '../screen/keys.ts';
import { routed, type Routed } from '../input/effects.ts';
import { userCells, type ChatState } from '../state.ts';

/** Whether an Esc here would start backtracking: idle, nothing typed, a prompt to go back to. */
export function canBacktrack(s: ChatState): boolean {
  return s.runningSince === null && s.composer.text === '' && !s.shell && userCells(s.cells).length > 0;
}

export function backtrackKey(s: ChatState, k: Key): Routed | null {
  const bt = s.backtrack;
  if (!bt) return null;
  const prompts = userCells(s.cells).length;
  if (bt.stage === 'primed') {
    if (k.kind === 'escape') return routed([{ type: 'backtrack', to: { stage: 'browsing', index: prompts - 1 } }]);
    // Anything else: not backtracking after all; the key does what it does.
    return null;
  }
  const move = (delta: number) => routed([{ type: 'backtrack', to: { stage: 'browsing', index: Math.max(0, Math.min(prompts - 1, bt.index + delta)) } }]);
  switch (k.kind) {
    case 'left':
      return move(-1);
    case 'right':
      return move(1);
    case 'text':
      return k.text === 'h' ? move(-1) : k.text === 'l' ? move(1) : routed();
    case 'enter':
      return routed([], [{ kind: 'rewind', turnsBack: prompts - bt.index }]);
    case 'escape':
    case 'ctrl-c':
      return routed([{ type: 'backtrack', to: null }]);
    default:
      return routed();
  }
}
