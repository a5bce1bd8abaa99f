// Whether the working directory belongs to a project the user has trusted. `[projects."<abs path>"]`
// entries apply to that directory and everything below it; the nearest entry wins, so an untrusted
// folder inside a trusted one stays untrusted.
import { realpathSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { TrustLevel } from './schema.ts';

export interface ProjectTrust {
  /** The trust decision that applies to the cwd, if any. */
  level?: TrustLevel;
  /** The `[projects]` entry that decided it: the cwd itself or one of its ancestors. */
  project?: string;
}

export function resolveProjectTrust(
  projects: Readonly<Record<string, { trust_level?: TrustLevel }>> | undefined,
  cwd: string,
): ProjectTrust {
  const entries = new Map<string, TrustLevel>();
  for (const [path, project] of Object.entries(projects ?? {})) {
    if (isAbsolute(path) && project.trust_level) entries.set(resolve(path), project.trust_level);
  }
  if (entries.size === 0) return {};
  const absolute = resolve(cwd);
  for (const start of unique([absolute, realpathOrSelf(absolute)])) {
    for (let dir = start; ; dir = dirname(dir)) {
      const level = entries.get(dir);
      if (level) return { level, project: dir };
      if (dirname(dir) === dir) break;
    }
  }
  return {};
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
