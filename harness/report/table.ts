// The per-scenario summary table printed at the end of a suite: one row per scenario, one column per
// target, and csm's time over upstream's measured in the same run.
import type { CheckResult } from '../lab.ts';
import type { ReportData } from './model.ts';

const pct = (x: number) => `${Math.floor(x * 100)}%`;

function cell(r: CheckResult | undefined): string {
  if (!r) return '-';
  const alt = r.matched && r.matched !== 'golden' ? ` (${r.matched})` : '';
  if (r.pass) return `PASS${alt}`;
  const failed = r.components.filter((c) => !c.pass).map((c) => c.component);
  const frames = r.frames.length ? ` text ${pct(r.components.find((c) => c.component === 'frames.text')?.score ?? 0)}` : '';
  return `FAIL${frames} (${failed.slice(0, 3).join(',')}${failed.length > 3 ? ',…' : ''})`;
}

export function summaryTable(results: CheckResult[], targets: string[], data?: ReportData): string {
  const scenarios = [...new Set(results.map((r) => r.scenario))].sort();
  const timed = !!data?.timing.total;
  const rows = [['scenario', ...targets, ...(timed ? ['csm/upstream time'] : [])]];
  for (const s of scenarios) {
    const t = data?.scenarios.find((x) => x.name === s)?.timing;
    rows.push([s, ...targets.map((t) => cell(results.find((r) => r.scenario === s && r.target === t))), ...(timed ? [t ? `${t.ratio.toFixed(2)}x` : '-'] : [])]);
  }
  const totals = targets.map((t) => {
    const rs = results.filter((r) => r.target === t);
    return `${rs.filter((r) => r.pass).length}/${rs.length} pass`;
  });
  rows.push(['total', ...totals, ...(timed ? [''] : [])]);
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(rows[0]), rule, ...rows.slice(1, -1).map(line), rule, line(rows[rows.length - 1])].join('\n');
}
