// Joins the results of CI shards (`suite --shard i/n`, one report directory each) into one report.
// The merge is complete only when every shard 1..n is there once, all were made with the same
// versions, and every scenario of the selection has a result for every target.
import type { CheckResult } from '../lab.ts';
import type { Completeness, ShardInfo, Versions } from './model.ts';
import type { PartResults } from './write.ts';

export interface Merged {
  results: CheckResult[];
  targets: string[];
  versions: Versions;
  scenarios: string[];
  wallMs: number;
  completeness: Completeness;
}

const label = (s: ShardInfo | null) => (s ? `shard ${s.index}/${s.count}` : 'an unsharded run');

export function mergeParts(parts: PartResults[]): Merged {
  if (!parts.length) throw new Error('nothing to merge: no results directory given');
  const missing: string[] = [];
  const notes: string[] = [];
  const versions = parts[0].versions;
  for (const p of parts.slice(1)) {
    for (const k of Object.keys(versions) as (keyof Versions)[])
      if (p.versions[k] !== versions[k]) notes.push(`versions differ: ${label(p.shard)} has ${k} ${p.versions[k]}, ${label(parts[0].shard)} has ${versions[k]}`);
  }
  const counts = [...new Set(parts.map((p) => p.shard?.count ?? 1))];
  if (counts.length > 1) notes.push(`shards of different splits: ${parts.map((p) => label(p.shard)).join(', ')}`);
  const n = Math.max(...counts);
  const seen = new Map<number, number>();
  for (const p of parts) seen.set(p.shard?.index ?? 1, (seen.get(p.shard?.index ?? 1) ?? 0) + 1);
  for (let i = 1; i <= n; i++) {
    if (!seen.has(i)) missing.push(`shard ${i}/${n} is missing`);
    else if (seen.get(i)! > 1) notes.push(`shard ${i}/${n} given ${seen.get(i)} times`);
  }
  const targets = [...new Set(parts.flatMap((p) => p.targets))];
  const all = [...new Set(parts.flatMap((p) => p.allScenarios))].sort();
  const results: CheckResult[] = [];
  const have = new Set<string>();
  for (const p of parts)
    for (const r of p.results) {
      const key = `${r.scenario}\u0000${r.target}`;
      if (have.has(key)) continue;
      have.add(key);
      results.push(r);
    }
  const uncovered = all.flatMap((s) => targets.filter((t) => !have.has(`${s}\u0000${t}`)).map((t) => `${s} · ${t}`));
  if (uncovered.length) missing.push(`no result for ${uncovered.length} scenario run(s): ${uncovered.slice(0, 20).join(', ')}${uncovered.length > 20 ? ', …' : ''}`);
  return {
    results,
    targets,
    versions,
    scenarios: all,
    // Shards run side by side: the merged run took as long as its slowest shard.
    wallMs: Math.max(...parts.map((p) => p.wallMs)),
    completeness: { complete: !missing.length && !notes.length, missing, notes },
  };
}
