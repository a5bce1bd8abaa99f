// Check results → the self-contained parity dashboard (.lab/report/index.html).
import type { CapturedFrame } from '../capture/capture.ts';
import type { CheckResult } from '../lab.ts';
import { frameHtml } from './frame-html.ts';
import { anchor, diffHtml, esc, page, pct } from './html.ts';

export interface DashboardInput {
  results: CheckResult[];
  targets: string[];
  wallMs: number;
  generatedAt?: string;
  /** The golden frames of a scenario (null when its golden cannot be read). */
  goldenFrames?: (scenario: string) => CapturedFrame[] | null;
}

const badge = (r: CheckResult | undefined) =>
  !r ? '<span class="badge none">—</span>' : r.pass ? '<span class="badge pass">PASS</span>' : '<span class="badge fail">FAIL</span>';

const score = (r: CheckResult, component: string) => r.components.find((c) => c.component === component)?.score;

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s` : `${(ms / 1000).toFixed(1)}s`;
}

function header(input: DashboardInput, scenarios: string[]): string {
  const totals = input.targets.map((t) => {
    const rs = input.results.filter((r) => r.target === t);
    const passed = rs.filter((r) => r.pass).length;
    return `<div class="tot"><b>${esc(t)}</b>: <span class="badge pass">${passed} pass</span> <span class="badge ${rs.length - passed ? 'fail' : 'none'}">${rs.length - passed} fail</span> <span class="mut">of ${rs.length}</span></div>`;
  });
  const when = input.generatedAt ?? new Date().toISOString();
  const drift = [...new Set(input.results.flatMap((r) => r.environment ?? []))];
  const env = drift.length
    ? `<div class="envwarn"><b>This machine differs from where the goldens were recorded:</b><ul>${drift.map((d) => `<li>${esc(d)}</li>`).join('')}</ul></div>`
    : '';
  return `<h1 id="top">csm parity dashboard</h1>
<div class="mut">${scenarios.length} scenario(s) · suite wall time <b>${esc(duration(input.wallMs))}</b> · generated ${esc(when)}</div>
<div class="totals">${totals.join('')}</div>${env}`;
}

function matrixCells(r: CheckResult | undefined): string {
  if (!r) return '<td>' + badge(r) + '</td><td></td><td></td><td></td>';
  const failed = r.components.filter((c) => !c.pass).map((c) => `<span class="comp">${esc(c.component)}</span>`);
  const text = score(r, 'frames.text');
  const attr = score(r, 'frames.attrs');
  const frames = r.frames.length && text !== undefined && attr !== undefined ? `${pct(text)} / ${pct(attr)}` : '<span class="mut">—</span>';
  const ratio = r.timing.ratio !== null ? `${r.timing.ratio}×` : '<span class="mut">—</span>';
  return `<td>${badge(r)}</td><td>${failed.join(', ')}</td><td class="n">${frames}</td><td class="n" title="${esc(`${r.timing.wallMs} ms vs golden ${r.timing.goldenWallMs ?? '?'} ms`)}">${ratio}</td>`;
}

function matrix(input: DashboardInput, scenarios: string[]): string {
  const head1 = input.targets.map((t) => `<th colspan="4">${esc(t)}</th>`).join('');
  const head2 = input.targets.map(() => '<th>result</th><th>failed components</th><th>frames text / attrs</th><th>time ratio</th>').join('');
  const rows = scenarios.map((s) => {
    const cells = input.targets.map((t) => matrixCells(input.results.find((r) => r.scenario === s && r.target === t))).join('');
    return `<tr><td><a href="#${anchor(s)}">${esc(s)}</a></td>${cells}</tr>`;
  });
  return `<table class="matrix">
<thead><tr><th rowspan="2">scenario</th>${head1}</tr><tr>${head2}</tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>`;
}

function targetSection(r: CheckResult): string {
  const failed = r.components.filter((c) => !c.pass);
  const timing = `${r.timing.wallMs} ms${r.timing.ratio !== null ? ` (${r.timing.ratio}× golden ${r.timing.goldenWallMs} ms)` : ''}`;
  const comps = failed.map(
    (c) =>
      `<h4 id="${anchor(r.scenario, r.target, c.component)}"><span class="comp">${esc(c.component)}</span> <span class="mut">score ${pct(c.score)}</span></h4>\n` +
      (c.detail ? diffHtml(c.detail) : '<div class="mut">no detail</div>'),
  );
  const alt = r.matched && r.matched !== 'golden' ? ` <span class="comp" title="upstream gives more than one output here; this one matched">matched ${esc(r.matched)}</span>` : '';
  return `<h3>${esc(r.target)} ${badge(r)}${alt} <span class="mut">${esc(timing)}</span></h3>
${failed.length ? comps.join('\n') : '<div class="mut">every component matches the golden</div>'}`;
}

function framesSection(scenario: string, golden: CapturedFrame[], results: CheckResult[]): string {
  const blocks = golden.map((gf) => {
    const figures = [`<figure><figcaption>golden (upstream recording)</figcaption>${frameHtml(gf, `golden ${gf.name}`)}</figure>`];
    for (const r of results) {
      const fr = r.frames.find((f) => f.name === gf.name);
      const timedOut = fr?.actual?.timedOut ? ` · <span class="badge fail">screen when ${esc(fr.actual.timedOut)}</span>` : '';
      const caption = fr ? `${esc(r.target)} · text ${pct(fr.textMatch)} · attrs ${pct(fr.attrMatch)}${timedOut}` : esc(r.target);
      let body: string;
      if (!fr) body = '<div class="mut">no frame result</div>';
      else if (fr.actual) body = frameHtml(fr.actual, `${r.target} ${gf.name}`);
      else if (fr.textMatch === 1 && fr.attrMatch === 1 && !fr.diff) body = '<div class="mut">identical to the golden</div>';
      else body = `<div class="mut">${esc(fr.diff.split('\n')[0] || 'frame text not recorded in this result')}</div>`;
      figures.push(`<figure><figcaption>${caption}</figcaption>${body}</figure>`);
    }
    return `<h4 id="${anchor(scenario, 'frame', gf.name)}">frame <span class="comp">${esc(gf.name)}</span></h4>\n<div class="frames">${figures.join('\n')}</div>`;
  });
  return `<h3>frames</h3>\n${blocks.join('\n')}`;
}

function scenarioSection(input: DashboardInput, scenario: string): string {
  const results = input.targets
    .map((t) => input.results.find((r) => r.scenario === scenario && r.target === t))
    .filter((r): r is CheckResult => !!r);
  const golden = input.goldenFrames?.(scenario) ?? null;
  const tui = (golden?.length ?? 0) > 0 || results.some((r) => r.frames.length > 0);
  const frames = golden?.length ? framesSection(scenario, golden, results) : tui ? '<h3>frames</h3><div class="mut">golden frames unavailable</div>' : '';
  return `<section id="${anchor(scenario)}">
<h2>${esc(scenario)} <span class="mut">${tui ? 'tui' : 'exec'}</span> <a href="#top" class="mut">↑</a></h2>
${results.map(targetSection).join('\n')}
${frames}
</section>`;
}

export function dashboardHtml(input: DashboardInput): string {
  const scenarios = [...new Set(input.results.map((r) => r.scenario))];
  const body = [header(input, scenarios), matrix(input, scenarios), ...scenarios.map((s) => scenarioSection(input, s))].join('\n');
  return page('csm parity dashboard', body);
}
