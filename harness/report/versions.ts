// What a report was made with: the upstream version, csm's version and commit, and a hash of the
// goldens. Shards are merged only when all three agree.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { currentUpstream, repoRoot } from '../drivers/targets.ts';
import { goldenFiles } from '../golden/store.ts';
import type { Versions } from './model.ts';

export function goldensHash(dir: string): string {
  const h = createHash('sha256');
  if (existsSync(dir)) for (const [rel, text] of Object.entries(goldenFiles(dir))) h.update(`${rel}\u0000${text}\u0000`);
  return h.digest('hex').slice(0, 16);
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

export function labVersions(goldens: string): Versions {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  return { upstream: currentUpstream().version, csm: `${pkg.version}+${commit()}`, goldens: goldensHash(goldens) };
}
