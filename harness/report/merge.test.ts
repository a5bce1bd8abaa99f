import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../drivers/targets.ts';
import { mergeParts } from './merge.ts';
import type { ReportData } from './model.ts';
import { fixtureResults, VERSIONS, writeFixtureGoldens } from './test-fixtures.ts';
import { readPart, writeReport, type PartResults } from './write.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'lab-merge-'));
const goldens = writeFixtureGoldens(path.join(work, 'goldens'));
const targets = ['upstream', 'csm'];
const all = fixtureResults();
const names = [...new Set(all.map((r) => r.scenario))].sort();
/** Scenario k of the sorted selection goes to shard (k mod n) + 1, as loadScenarios splits them. */
const shardOf = (i: number, n: number) => names.filter((_, k) => k % n === i - 1);

afterAll(() => rmSync(work, { recursive: true, force: true }));

async function writeShard(i: number, n: number, versions = VERSIONS): Promise<string> {
  const dir = path.join(work, `part-${i}-of-${n}-${versions.csm}`);
  const mine = shardOf(i, n);
  await writeReport(dir, { results: all.filter((r) => mine.includes(r.scenario)), targets, wallMs: 1000 * i, versions, goldens, shard: { index: i, count: n }, scenarios: mine, allScenarios: names, pixels: false });
  return dir;
}

const comparable = (d: ReportData) => ({ ...d, generatedAt: '', wallMs: 0 });

describe('lab merge', () => {
  it('over two shards equals one unsharded run', async () => {
    const parts = [await writeShard(1, 2), await writeShard(2, 2)];
    for (const p of parts) expect(readPart(p).manifest.complete).toBe(true);
    const merged = mergeParts(parts.map((p) => readPart(p).part));
    expect(merged.completeness).toEqual({ complete: true, missing: [], notes: [] });
    expect(merged.wallMs).toBe(2000);
    const m = await writeReport(path.join(work, 'merged'), { results: merged.results, targets: merged.targets, wallMs: merged.wallMs, versions: merged.versions, goldens, scenarios: merged.scenarios, completeness: merged.completeness, pixels: false });
    const one = await writeReport(path.join(work, 'unsharded'), { results: all, targets, wallMs: 5000, versions: VERSIONS, goldens, pixels: false });
    expect(comparable(m.data)).toEqual(comparable(one.data));
    expect(m.table).toBe(one.table);
    expect(m.data.shard).toBeNull();
  });

  it('over one missing shard exits non-zero and writes a report that says it is partial', () => {
    return (async () => {
      const part = await writeShard(1, 2);
      const out = path.join(work, 'partial');
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'harness/cli.ts', 'merge', part, '--out', out, '--no-pixels'], { cwd: repoRoot, encoding: 'utf8', timeout: 60_000 });
      expect(run.status).toBe(1);
      expect(run.stdout).toContain('PARTIAL report: shard 2/2 is missing');
      expect(run.stdout.trimEnd().split('\n').at(-1)).toBe(`report: file://${out}/index.html`);
      const data = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as ReportData;
      expect(data.completeness.complete).toBe(false);
      expect(data.completeness.missing[0]).toBe('shard 2/2 is missing');
      expect(data.completeness.missing[1]).toContain('exec-plain · upstream');
      expect(readFileSync(path.join(out, 'data.js'), 'utf8')).toContain('"complete": false');
    })();
  });

  it('refuses to call shards of different versions complete', async () => {
    const a = readPart(await writeShard(1, 2)).part;
    const b = readPart(await writeShard(2, 2, { ...VERSIONS, csm: '0.1.0+other' })).part;
    const merged = mergeParts([a, b]);
    expect(merged.completeness.complete).toBe(false);
    expect(merged.completeness.notes).toEqual(['versions differ: shard 2/2 has csm 0.1.0+other, shard 1/2 has 0.1.0+fixture']);
  });

  it('names a shard given twice and rejects a results file that does not match its manifest', async () => {
    const dir = await writeShard(1, 2);
    const a = readPart(dir).part;
    expect(mergeParts([a, a, readPart(await writeShard(2, 2)).part]).completeness.notes).toEqual(['shard 1/2 given 2 times']);
    const text = readFileSync(path.join(dir, 'results.json'), 'utf8');
    const edited = JSON.parse(text) as PartResults;
    edited.results = edited.results.slice(1);
    writeFileSync(path.join(dir, 'results.json'), JSON.stringify(edited, null, 2) + '\n');
    expect(() => readPart(dir)).toThrow(/does not match the sha256 in its manifest/);
  });
});
