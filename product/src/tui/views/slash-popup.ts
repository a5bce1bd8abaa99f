// The slash-command popup over the composer while it holds `/name`: ↑/↓ move, Tab completes the
// name, Enter runs the command (or completes one that takes arguments). Other keys edit the text.
import type { Key } from '../screen/keys.ts';
import { routed, type Routed } from '../input/effects.ts';
import type { ChatState } from '../state.ts';

export function slashPopupKey(s: ChatState, k: Key): Routed | null {
  const commands = s.popup?.kind === 'slash' ? s.popup.commands : [];
  if (!commands.length) return null;
  const chosen = commands[Math.min(s.slashChoice, commands.length - 1)];
  const complete = { type: 'set-composer' as const, text: `/${chosen.name}${chosen.takesArgs ? ' ' : ''}` };
  switch (k.kind) {
    case 'up':
    case 'down':
      return routed([{ type: 'slash-move', delta: k.kind === 'up' ? -1 : 1 }]);
    case 'tab':
      return routed([complete]);
    case 'enter':
      return chosen.takesArgs ? routed([complete]) : routed([], [{ kind: 'slash', line: `/${chosen.name}` }]);
    default:
      return null;
  }
}
