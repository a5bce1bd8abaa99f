// The keys of /config's panel (../config-panel.ts): ↑/↓ move within a group, ←/→ change group,
// Enter flips a switch (the app saves it) or opens what the row stands for, Esc closes. The hidden
// cursor is kept where upstream's renderer last wrote, since the lab compares it.
import { routed, type Routed } from '../input/effects.ts';
import type { Key } from '../screen/keys.ts';
import type { ChatState } from '../state.ts';
import { flipped, hintText, valueColumn, type ConfigPanel } from '../config-panel.ts';

/** Rows from the bottom of the screen to a setting's row (the hint and a blank row are below them). */
const fromBottom = (p: ConfigPanel, index: number) => 2 + (p.groups[p.group].rows.length - 1 - index);

export function configPanelKey(s: ChatState, k: Key): Routed | null {
  const p = s.configPanel;
  if (!p) return null;
  const set = (next: ConfigPanel) => routed([{ type: 'config-panel', panel: next }]);
  const n = p.groups[p.group].rows.length;
  switch (k.kind) {
    case 'up':
    case 'down': {
      const choice = (p.choice + (k.kind === 'up' ? -1 : 1) + n) % n;
      const next = { ...p, choice };
      const [before, after] = [hintText(p), hintText(next)];
      // The last cell upstream rewrites: in the hint when its verb changed, else at the end of the lower of the two rows.
      const cursor = before !== after ? { x: Math.max(before.length, after.length), y: 0 } : { x: Number.MAX_SAFE_INTEGER, y: fromBottom(p, Math.max(p.choice, choice)) };
      return set({ ...next, cursor });
    }
    case 'left':
    case 'right': {
      const g = p.groups.length;
      return set({ ...p, group: (p.group + (k.kind === 'left' ? -1 : 1) + g) % g, choice: 0, cursor: null });
    }
    case 'enter': {
      const row = p.groups[p.group].rows[p.choice];
      const effect = { kind: 'list' as const, id: 'config', index: p.choice, how: 'enter' };
      if (row.action.kind !== 'switch') return routed([], [effect]);
      // "[ ] Off" and "[x] On": the value's last changed cell is its seventh.
      return routed([{ type: 'config-panel', panel: { ...flipped(p), cursor: { x: valueColumn(p) + 7, y: fromBottom(p, p.choice) } } }], [effect]);
    }
    case 'escape':
      return routed([{ type: 'config-panel', panel: null }]);
    default:
      return routed();
  }
}
