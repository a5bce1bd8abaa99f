import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveProjectTrust } from './trust.ts';

describe('resolveProjectTrust', () => {
  const projects = {
    '/home/ana/src/app': { trust_level: 'trusted' as const },
    '/home/ana/src/app/vendor': { trust_level: 'untrusted' as const },
    '/home/ana/src/other/': { trust_level: 'trusted' as const },
  };

  it('finds an entry for the cwd itself', () => {
    expect(resolveProjectTrust(projects, '/home/ana/src/app')).toEqual({ level: 'trusted', project: '/home/ana/src/app' });
  });

  it('applies an ancestor entry to directories below it', () => {
    expect(resolveProjectTrust(projects, '/home/ana/src/app/packages/core')).toEqual({
      level: 'trusted',
      project: '/home/ana/src/app',
    });
  });

  it('lets the nearest entry win', () => {
    expect(resolveProjectTrust(projects, '/home/ana/src/app/vendor/lib').level).toBe('untrusted');
  });

  it('ignores trailing slashes in entries', () => {
    expect(resolveProjectTrust(projects, '/home/ana/src/other').level).toBe('trusted');
  });

  it('has no decision for unlisted directories, siblings with a shared prefix, or no [projects]', () => {
    expect(resolveProjectTrust(projects, '/home/ana')).toEqual({});
    expect(resolveProjectTrust(projects, '/home/ana/src/application')).toEqual({});
    expect(resolveProjectTrust(undefined, '/home/ana/src/app')).toEqual({});
  });

  it('ignores relative entries', () => {
    expect(resolveProjectTrust({ 'src/app': { trust_level: 'trusted' } }, '/src/app')).toEqual({});
  });

  it('also matches the real path of a symlinked cwd', () => {
    const root = mkdtempSync(join(tmpdir(), 'csm-trust-'));
    mkdirSync(join(root, 'real'));
    symlinkSync(join(root, 'real'), join(root, 'link'));
    const trusted = { [join(root, 'real')]: { trust_level: 'trusted' as const } };
    expect(resolveProjectTrust(trusted, join(root, 'link')).level).toBe('trusted');
  });
});
