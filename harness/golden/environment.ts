// What a recording ran on. Upstream's output can depend on its build, the sandbox it finds and the
// kernel under it, so each golden keeps this manifest and every check names what differs here.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { currentUpstream } from '../drivers/targets.ts';

export interface Environment {
  upstream: { version: string; sha256: string };
  bubblewrap: string;
  kernel: string;
  node: string;
  platform: string;
  /** The locale every target runs with (drivers/env.ts fixes it). */
  locale: string;
  terminal: { cols: number; rows: number } | null;
}

const hashes = new Map<string, string>();
function sha256(file: string): string {
  let h = hashes.get(file);
  if (!h) hashes.set(file, (h = createHash('sha256').update(readFileSync(file)).digest('hex')));
  return h;
}

let bwrapVersion: string | undefined;
function bubblewrap(): string {
  if (bwrapVersion === undefined) {
    try {
      bwrapVersion = execFileSync('bwrap', ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      bwrapVersion = 'not installed';
    }
  }
  return bwrapVersion;
}

export function currentEnvironment(terminal: { cols: number; rows: number } | null, locale: string): Environment {
  const upstream = currentUpstream();
  return {
    upstream: { version: upstream.version, sha256: sha256(upstream.binary) },
    bubblewrap: bubblewrap(),
    kernel: os.release(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    locale,
    terminal,
  };
}

/** One line per field that differs, e.g. `bubblewrap: recorded with "bubblewrap 0.8.0", here "not installed"`. */
export function environmentDifferences(recorded: Partial<Environment> | null, here: Environment): string[] {
  if (!recorded) return [];
  const flat = (e: Partial<Environment>) =>
    Object.fromEntries(Object.entries(e).flatMap(([k, v]) => (v && typeof v === 'object' ? Object.entries(v).map(([k2, v2]) => [`${k}.${k2}`, v2]) : [[k, v]])));
  const a = flat(recorded);
  const b = flat(here);
  return Object.keys({ ...a, ...b })
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((k) => `${k}: recorded with ${JSON.stringify(a[k] ?? null)}, here ${JSON.stringify(b[k] ?? null)}`);
}
