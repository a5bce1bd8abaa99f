import { describe, expect, it } from 'vitest';
import { permissionProfile } from './permission-profile.ts';

describe('the permission profile csm records', () => {
  it('describes workspace-write as codex does: root readable, the workspace and temp dirs writable, protected dirs read-only', () => {
    const p = permissionProfile('workspace-write', { cwd: '/ws', extra: [], slashTmp: true, tmpdir: true, network: false })!;
    expect(p.id).toBe(':workspace');
    expect(p.profile).toEqual({
      type: 'managed',
      file_system: {
        type: 'restricted',
        entries: [
          { path: { type: 'special', value: { kind: 'root' } }, access: 'read' },
          { path: { type: 'path', path: '/ws' }, access: 'write' },
          { path: { type: 'special', value: { kind: 'slash_tmp' } }, access: 'write' },
          { path: { type: 'special', value: { kind: 'tmpdir' } }, access: 'write' },
          ...['.git', '.agents', '.codex', '.aws'].map((d) => ({ path: { type: 'path', path: `/ws/${d}` }, access: 'read', missing_path_behavior: 'skip' })),
        ],
      },
      network: 'restricted',
    });
  });
  it('is not recorded for the other modes', () => {
    expect(permissionProfile('read-only', { cwd: '/ws', extra: [], slashTmp: true, tmpdir: true, network: false })).toBeNull();
    expect(permissionProfile('workspace-write', { cwd: '/ws', extra: [], slashTmp: true, tmpdir: true, network: true })).toBeNull();
  });
});
