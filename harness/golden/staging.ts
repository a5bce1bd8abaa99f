// A staging directory holds goldens recorded from another upstream version, for review before they
// replace the pinned ones:
//   <dir>/goldens/<scenario>/…  <dir>/reference-captures/<scenario>/…  <dir>/MANIFEST.json
// The manifest keeps a sha256 of every staged file, so `accept` moves in exactly what was reviewed.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { componentOfFile, goldenFiles } from './store.ts';

export interface StagingManifest {
  upstream: string;
  recordedAt: string;
  /** Scenario → (path under the staging dir → sha256). */
  scenarios: Record<string, Record<string, string>>;
}

export const stagingPaths = (dir: string) => ({
  goldens: path.join(dir, 'goldens'),
  captures: path.join(dir, 'reference-captures'),
  manifest: path.join(dir, 'MANIFEST.json'),
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function hashesOf(dir: string, scenario: string): Record<string, string> {
  const p = stagingPaths(dir);
  const out: Record<string, string> = {};
  for (const [root, base] of [
    [p.goldens, 'goldens'],
    [p.captures, 'reference-captures'],
  ] as const) {
    const sdir = path.join(root, scenario);
    if (!existsSync(sdir)) continue;
    for (const [rel, text] of Object.entries(goldenFiles(sdir))) out[`${base}/${scenario}/${rel}`] = sha256(text);
  }
  return out;
}

export function readManifest(dir: string): StagingManifest {
  const file = stagingPaths(dir).manifest;
  if (!existsSync(file)) throw new Error(`${dir} is not a staging directory (no MANIFEST.json): record into it with lab record --upstream <version> --into ${dir}`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Records that `scenario` was staged from `upstream`, with the hashes of its files as they are now. */
export function stageScenario(dir: string, upstream: string, scenario: string): void {
  const file = stagingPaths(dir).manifest;
  const m: StagingManifest = existsSync(file) ? readManifest(dir) : { upstream, recordedAt: '', scenarios: {} };
  if (m.upstream !== upstream) throw new Error(`${dir} holds recordings of upstream ${m.upstream}; use another directory for ${upstream}`);
  m.recordedAt = new Date().toISOString();
  m.scenarios[scenario] = hashesOf(dir, scenario);
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, JSON.stringify(m, null, 2) + '\n');
}

/** Staged files whose content no longer matches the manifest (edited, added or removed since recording). */
export function tampered(dir: string, scenario: string, m: StagingManifest): string[] {
  const want = m.scenarios[scenario] ?? {};
  const have = hashesOf(dir, scenario);
  return [...new Set([...Object.keys(want), ...Object.keys(have)])].filter((f) => want[f] !== have[f]).sort();
}

/** Moves staged scenarios into the pinned goldens/reference-captures, refusing any whose files changed since recording. */
export function acceptStaged(dir: string, into: { goldens: string; captures: string }, scenarios: string[]): void {
  const m = readManifest(dir);
  const p = stagingPaths(dir);
  const bad = scenarios.flatMap((s) => (m.scenarios[s] ? tampered(dir, s, m).map((f) => `${s}: ${f} changed since it was recorded`) : [`${s}: not staged in ${dir}`]));
  if (bad.length) throw new Error(`nothing accepted:\n  ${bad.join('\n  ')}`);
  for (const s of scenarios) {
    for (const [from, to] of [
      [p.goldens, into.goldens],
      [p.captures, into.captures],
    ]) {
      rmSync(path.join(to, s), { recursive: true, force: true });
      if (existsSync(path.join(from, s))) cpSync(path.join(from, s), path.join(to, s), { recursive: true });
    }
  }
}

export interface GoldenChange {
  component: string;
  file: string;
  kind: 'changed' | 'added' | 'removed';
}

/** What differs between a pinned golden and a staged one, file by file, named by check component. */
export function goldenChanges(pinned: Record<string, string>, staged: Record<string, string>): GoldenChange[] {
  // The recording machine's manifest is not behaviour; its upstream version always changes in a bump.
  const skip = (f: string) => f === 'environment.json' || f.endsWith('/environment.json');
  return [...new Set([...Object.keys(pinned), ...Object.keys(staged)])]
    .filter((f) => !skip(f) && pinned[f] !== staged[f])
    .sort()
    .map((file) => ({ file, component: componentOfFile(file.replace(/^alt-\d+\//, '')), kind: !(file in pinned) ? 'added' : !(file in staged) ? 'removed' : 'changed' }));
}
