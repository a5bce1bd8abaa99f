// `/permissions`: upstream's four presets, each an approval policy and a sandbox. csm has no
// automatic reviewer, so "Approve for me" runs as "Ask for approval" does (on-request, the
// workspace writable): csm still asks where upstream's reviewer would decide.
import type { ListView } from './views/list.ts';

export interface Preset {
  label: string;
  description: string;
  approvalPolicy: 'on-request' | 'never';
  sandboxMode: 'workspace-write' | 'read-only' | 'danger-full-access';
  /** only one preset is marked current when two share a policy */
  reviewer?: boolean;
}

export const PRESETS: readonly Preset[] = [
  {
    label: 'Ask for approval',
    description: 'Read and edit workspace files and run commands, with approval required for internet access or edits outside the workspace',
    approvalPolicy: 'on-request',
    sandboxMode: 'workspace-write',
  },
  { label: 'Approve for me', description: 'Only ask for actions detected as potentially unsafe', approvalPolicy: 'on-request', sandboxMode: 'workspace-write', reviewer: true },
  {
    label: 'Full Access',
    description: 'Use with caution: Codex can edit files outside this workspace and access the internet without approval',
    approvalPolicy: 'never',
    sandboxMode: 'danger-full-access',
  },
  { label: 'Read Only', description: 'Read workspace files, with approval required for edits or internet access', approvalPolicy: 'on-request', sandboxMode: 'read-only' },
];

/** The presets, the one matching the thread's policy marked current and highlighted. */
export function permissionsList(approvalPolicy: string, sandboxMode: string): ListView {
  const current = PRESETS.findIndex((p) => !p.reviewer && p.approvalPolicy === approvalPolicy && p.sandboxMode === sandboxMode);
  return {
    id: 'permissions',
    title: 'Update Model Permissions',
    items: PRESETS.map((p, i) => ({ label: i === current ? `${p.label} (current)` : p.label, description: p.description })),
    choice: Math.max(0, current),
    keys: [['enter', 'select'], ['esc', 'back']],
  };
}
