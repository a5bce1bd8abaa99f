// `/archive` and `/delete`: upstream's confirmation dialogs (No first, so Enter alone changes
// nothing), and the operation on the session's rollout once the thread has let go of it: the same
// session-manager ops as `csm archive` / `csm delete` (core/sessions/ops). Upstream then shows its
// agent command center; csm has none and offers its session picker instead (./app.ts).
import { findRolloutById } from '../core/rollout/paths.ts';
import { archiveSession } from '../core/sessions/ops/archive.ts';
import { applyDelete, planDelete } from '../core/sessions/ops/delete.ts';
import type { ListView } from './views/list.ts';

export type EndKind = 'archive' | 'delete';

export function confirmEndList(kind: EndKind): ListView {
  const keys: Array<[string, string]> = [
    ['enter', 'select'],
    ['esc', 'back'],
  ];
  if (kind === 'archive')
    return {
      id: 'archive',
      dialog: true,
      title: 'Archive this session?',
      subtitle: 'Are you sure? This will archive the current session',
      items: [
        { label: "No, don't archive", description: 'Return to the current session' },
        { label: 'Yes, archive', description: 'Archive this session now' },
      ],
      choice: 0,
      keys,
    };
  return {
    id: 'delete',
    dialog: true,
    title: 'Delete this session?',
    subtitle: 'Also deletes subagents and saved side chats. Cannot be undone.',
    items: [
      { label: 'No, keep this session', description: 'Return to the current session' },
      { label: 'Yes, delete and return to command center', description: 'Permanently delete this session now' },
    ],
    choice: 0,
    keys,
  };
}

/**
 * Archives or deletes session `id` (its writer must be closed first: the ops take the rollout's
 * lock). A session with no rollout yet (no turn) has nothing to move: false.
 */
export async function endSession(kind: EndKind, codexHome: string, id: string): Promise<boolean> {
  const file = await findRolloutById(codexHome, id);
  if (!file) return false;
  if (kind === 'archive') archiveSession(codexHome, file);
  else applyDelete(planDelete(codexHome, file, id));
  return true;
}
