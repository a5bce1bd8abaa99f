// Machine-readable results: one JSON per scenario and target, plus summary.json and summary.md;
// with a goldens directory also the HTML dashboard, index.html.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CheckResult } from '../lab.ts';
import { readGolden } from '../golden/store.ts';
import { dashboardHtml } from './dashboard.ts';
import { summaryTable } from './table.ts';

export function writeReport(dir: string, results: CheckResult[], targets: string[], wallMs: number, goldens?: string): string {
  mkdirSync(dir, { recursive: true });
  for (const r of results) {
    mkdirSync(path.join(dir, r.target), { recursive: true });
    writeFileSync(path.join(dir, r.target, `${r.scenario}.json`), JSON.stringify(r, null, 2) + '\n');
  }
  const table = summaryTable(results, targets);
  const summary = {
    generatedAt: new Date().toISOString(),
    wallMs,
    targets: Object.fromEntries(
      targets.map((t) => {
        const rs = results.filter((r) => r.target === t);
        return [t, { passed: rs.filter((r) => r.pass).length, failed: rs.filter((r) => !r.pass).length }];
      }),
    ),
    scenarios: results.map((r) => ({
      scenario: r.scenario,
      target: r.target,
      pass: r.pass,
      failed: r.components.filter((c) => !c.pass).map((c) => c.component),
      frames: r.frames.map((f) => ({ name: f.name, textMatch: f.textMatch, attrMatch: f.attrMatch })),
      timing: r.timing,
    })),
  };
  writeFileSync(path.join(dir, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
  writeFileSync(path.join(dir, 'summary.md'), '```\n' + table + '\n```\n');
  if (goldens) {
    const goldenFrames = (scenario: string) => {
      try {
        return readGolden(path.join(goldens, scenario)).frames;
      } catch {
        return null;
      }
    };
    writeFileSync(path.join(dir, 'index.html'), dashboardHtml({ results, targets, wallMs, generatedAt: summary.generatedAt, goldenFrames }));
  }
  return table;
}
