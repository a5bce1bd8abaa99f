// csm's sandbox described in upstream's permission-profile terms, for the thread settings a
// rollout records: so codex, resuming a csm session, reads the same permissions it would apply and
// does not re-apply its own. It describes what csm's bwrap sandbox enforces (see ./sandbox.ts).
import path from 'node:path';
import { PROTECTED_NAMES } from '../protected-paths.ts';

export interface WorkspaceWriteRoots {
  cwd: string;
  /** writable roots besides the cwd (config and --add-dir) */
  extra: string[];
  slashTmp: boolean;
  tmpdir: boolean;
  /** network allowed in the sandbox (its profile shape is not recorded) */
  network: boolean;
}

type Entry = { path: { type: 'special'; value: { kind: string } } | { type: 'path'; path: string }; access: 'read' | 'write'; missing_path_behavior?: 'skip' };

const special = (kind: string, access: Entry['access']): Entry => ({ path: { type: 'special', value: { kind } }, access });
const at = (p: string, access: Entry['access'], skipMissing = false): Entry => ({ path: { type: 'path', path: p }, access, ...(skipMissing ? { missing_path_behavior: 'skip' as const } : {}) });

/**
 * The profile and its id for workspace-write; null for the other modes, whose upstream shape csm
 * does not record (codex then applies its own settings on resume, as before).
 */
export function permissionProfile(mode: string, r: WorkspaceWriteRoots): { profile: Record<string, unknown>; id: string } | null {
  if (mode !== 'workspace-write' || r.network) return null;
  const writable = [r.cwd, ...r.extra];
  const entries: Entry[] = [special('root', 'read'), ...writable.map((p) => at(p, 'write'))];
  if (r.slashTmp) entries.push(special('slash_tmp', 'write'));
  if (r.tmpdir) entries.push(special('tmpdir', 'write'));
  for (const root of writable) for (const name of PROTECTED_NAMES) entries.push(at(path.join(root, name), 'read', true));
  return { profile: { type: 'managed', file_system: { type: 'restricted', entries }, network: 'restricted' }, id: ':workspace' };
}
