// The parity dashboard in the browser: reads window.LAB_REPORT (data.js, written beside index.html)
// and draws the triage home or one scenario. Everything a view shows is in the URL hash
// (#q=filter&s=scenario&t=target&f=frame&m=mode), so a link opens exactly that view. No network.
import { cellDiff, describeCell, toGrid, type CellDiff, type FrameInput, type Grid } from '../cells.ts';
import type { ReportData, ResultEntry, ScenarioEntry, TriageEntry } from '../model.ts';
import { CELL_H, CELL_W, drawGrid } from './render.ts';

declare global {
  interface Window {
    LAB_REPORT?: ReportData;
  }
}

type Mode = 'side' | 'diff' | 'blend' | 'slider' | 'toggle' | 'three';
const MODES: { id: Mode; label: string }[] = [
  { id: 'side', label: 'side by side' },
  { id: 'diff', label: 'diff only' },
  { id: 'blend', label: 'blend' },
  { id: 'slider', label: 'slider' },
  { id: 'toggle', label: 'toggle' },
  { id: 'three', label: 'three-way (bump)' },
];

interface State {
  q: string;
  s: string;
  t: string;
  f: string;
  m: Mode;
}

const data = window.LAB_REPORT!;
let selected = 0;
let toggleShowsTarget = true;

// ---------------------------------------------------------------- helpers

function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string | number | boolean | undefined> = {}, ...kids: (Node | string | null | undefined | false)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === false) continue;
    if (k === 'class') el.className = String(v);
    else if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const k of kids) if (k !== null && k !== undefined && k !== false) el.append(k);
  return el;
}

const pct = (x: number) => `${(Math.floor(x * 1000) / 10).toFixed(1)}%`;
const ms = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${Math.round(x)} ms`);

function readState(): State {
  const p = new URLSearchParams(location.hash.replace(/^#/, ''));
  const m = (p.get('m') ?? 'side') as Mode;
  return { q: p.get('q') ?? '', s: p.get('s') ?? '', t: p.get('t') ?? data.score.target, f: p.get('f') ?? '', m: MODES.some((x) => x.id === m) ? m : 'side' };
}

function hashOf(st: Partial<State>): string {
  const p = new URLSearchParams();
  if (st.q) p.set('q', st.q);
  if (st.s) p.set('s', st.s);
  if (st.s && st.t) p.set('t', st.t);
  if (st.s && st.f) p.set('f', st.f);
  if (st.s && st.m && st.m !== 'side') p.set('m', st.m);
  return '#' + p.toString();
}

function go(st: Partial<State>, replace = false): void {
  const next = hashOf(st);
  if (next === location.hash || (next === '#' && !location.hash)) render();
  else if (replace) {
    history.replaceState(null, '', next);
    render();
  } else location.hash = next;
}

function matches(q: string, ...fields: string[]): boolean {
  if (!q) return true;
  const hay = fields.join(' ').toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

const scenarioOf = (name: string) => data.scenarios.find((s) => s.name === name);
const visibleFailures = (q: string) => data.failures.filter((f) => matches(q, f.scenario, f.target, ...f.components));

function badge(r: ResultEntry | undefined): HTMLElement {
  if (!r) return h('span', { class: 'badge none', text: '—' });
  return h('span', { class: `badge ${r.pass ? 'pass' : 'fail'}`, text: r.pass ? 'PASS' : 'FAIL' });
}

function diffPre(detail: string, limit = 400): HTMLElement {
  const lines = detail.replace(/\n$/, '').split('\n');
  const isDiff = lines.some((l) => l.startsWith('@@'));
  const pre = h('pre', { class: 'diff' });
  for (const l of lines.slice(0, limit)) {
    const cls = !isDiff ? '' : l.startsWith('+++') || l.startsWith('---') ? 'dh' : l.startsWith('@@') ? 'dk' : l.startsWith('+') ? 'da' : l.startsWith('-') ? 'dd' : '';
    pre.append(cls ? h('span', { class: cls, text: l }) : l, '\n');
  }
  if (lines.length > limit) pre.append(h('span', { class: 'dx', text: `… ${lines.length - limit} more lines (see the scenario's JSON)` }));
  return pre;
}

// ---------------------------------------------------------------- home

function home(st: State): HTMLElement {
  const root = h('main', { id: 'home' });
  root.append(
    h('h1', { text: 'csm parity dashboard' }),
    h('div', { class: 'mut', text: `generated ${data.generatedAt} · run wall time ${ms(data.wallMs)} · upstream ${data.versions.upstream} · csm ${data.versions.csm}` }),
  );
  if (!data.completeness.complete || data.shard) {
    const what = data.shard && data.completeness.complete ? `shard ${data.shard.index}/${data.shard.count} only` : data.completeness.missing.join('; ');
    root.append(h('div', { id: 'partial', class: 'warn', role: 'alert' }, h('b', { text: 'Partial report: ' }), what, ...data.completeness.notes.map((n) => h('div', { text: n }))));
  }
  if (data.environment.length)
    root.append(h('div', { class: 'warn', id: 'environment' }, h('b', { text: 'This machine differs from where the goldens were recorded:' }), h('ul', {}, ...data.environment.map((e) => h('li', { text: e })))));

  const cards = h('div', { class: 'cards' });
  const sc = data.score;
  const delta = data.baseline ? (data.baseline.scoreAfter - data.baseline.scoreBefore) * 100 : null;
  cards.append(
    h(
      'div',
      { class: 'card score', id: 'score' },
      h('div', { class: 'big', text: pct(sc.overall) }),
      h('div', { text: `parity score (${sc.target})` }),
      delta !== null ? h('div', { id: 'delta', class: delta < 0 ? 'neg' : delta > 0 ? 'posv' : 'mut', text: `${delta >= 0 ? '+' : ''}${delta.toFixed(1)} pts vs baseline of ${data.baseline!.generatedAt}` }) : null,
    ),
  );
  for (const t of data.targets) {
    const p = sc.perTarget[t];
    cards.append(h('div', { class: 'card' }, h('b', { text: t }), h('div', { text: `${p.passed}/${p.total} pass · score ${pct(p.score)}` })));
  }
  cards.append(h('div', { class: 'card mut', text: `pixel diffs: ${data.pixels.note}` }));
  root.append(cards);

  const filter = h('input', { id: 'filter', type: 'search', placeholder: 'filter: scenario, target or component  (press /)', value: st.q, 'aria-label': 'filter' }) as HTMLInputElement;
  filter.addEventListener('input', () => {
    selected = 0;
    history.replaceState(null, '', hashOf({ q: filter.value }));
    renderLists(filter.value);
  });
  root.append(h('div', { class: 'filterbar' }, filter, h('span', { class: 'mut keys', text: 'j/k move · Enter open · / filter · ? keys' })));
  const lists = h('div', { id: 'lists' });
  root.append(lists);
  queueMicrotask(() => renderLists(st.q));
  return root;
}

function triageItem(e: TriageEntry, q: string, id?: string): HTMLElement {
  return h(
    'li',
    { class: 'failure', 'data-scenario': e.scenario, 'data-target': e.target, id },
    h('a', { href: hashOf({ q, s: e.scenario, t: e.target }) }, h('span', { class: 'sc', text: e.scenario }), ' ', h('span', { class: `tg tg-${e.target}`, text: e.target })),
    ' ',
    h('span', { class: 'num', text: pct(e.score) }),
    ' ',
    ...e.components.map((c) => h('span', { class: 'comp', text: c })),
    e.timedOut ? h('span', { class: 'badge fail', text: 'wait timed out' }) : null,
    e.matched && e.matched !== 'golden' ? h('span', { class: 'badge alt', text: `matched ${e.matched}` }) : null,
  );
}

function renderLists(q: string): void {
  const lists = document.getElementById('lists');
  if (!lists) return;
  lists.replaceChildren();
  const failures = visibleFailures(q);
  selected = Math.min(selected, Math.max(0, failures.length - 1));
  const ol = h('ol', { id: 'failures' });
  failures.forEach((f, i) => {
    const li = triageItem(f, q);
    if (i === selected) li.classList.add('selected');
    ol.append(li);
  });
  lists.append(h('h2', { text: `Failures, worst first (${failures.length} of ${data.failures.length})` }), failures.length ? ol : h('div', { class: 'mut', text: 'no failing result' }));

  const grid = h('div', { class: 'dims' });
  for (const d of data.dimensions) {
    const entries = d.entries.filter((e) => matches(q, e.scenario, e.target, ...e.components));
    grid.append(
      h(
        'section',
        { class: 'dim', id: `dim-${d.id}` },
        h('h3', {}, d.label, ' ', h('span', { class: d.failing ? 'badge fail' : 'badge pass', text: `${d.failing} failing` }), h('span', { class: 'mut', text: ` of ${d.total}` })),
        h('ol', {}, ...entries.slice(0, 12).map((e) => triageItem(e, q))),
        entries.length > 12 ? h('div', { class: 'mut', text: `… ${entries.length - 12} more` }) : null,
      ),
    );
  }
  const tm = data.timing;
  grid.append(
    h(
      'section',
      { class: 'dim', id: 'dim-timing' },
      h('h3', {}, tm.label, ' ', h('span', { class: tm.failing ? 'badge fail' : 'badge pass', text: `${tm.failing} slower than 1.5×` }), h('span', { class: 'mut', text: ` of ${tm.total}` })),
      tm.total
        ? h('ol', {}, ...tm.entries.filter((e) => matches(q, e.scenario)).slice(0, 12).map((e) => h('li', {}, h('a', { href: hashOf({ q, s: e.scenario, t: 'csm' }), text: e.scenario }), ' ', h('span', { class: e.ratio > 1.5 ? 'num slow' : 'num', text: `${e.ratio.toFixed(2)}×` }), h('span', { class: 'mut', text: ` csm ${ms(e.csmMs)} / upstream ${ms(e.upstreamMs)}` }))))
        : h('div', { class: 'mut', text: 'needs both targets in one run (lab suite)' }),
    ),
  );
  lists.append(h('h2', { text: 'By dimension' }), grid);

  if (data.baseline) {
    const b = data.baseline;
    const row = (x: (typeof b.regressions)[number]) => h('li', {}, h('a', { href: hashOf({ q, s: x.scenario, t: x.target }), text: `${x.scenario} · ${x.target}` }), ` ${pct(x.before)} → ${pct(x.after)}${x.wasPass !== x.isPass ? (x.isPass ? ' (now passes)' : ' (now fails)') : ''}`);
    lists.append(
      h('section', { id: 'baseline' }, h('h2', { text: `Since the baseline (${b.generatedAt})` }), h('h3', { text: `${b.regressions.length} worse` }), h('ol', {}, ...b.regressions.map(row)), h('h3', { text: `${b.fixes.length} better` }), h('ol', {}, ...b.fixes.map(row)), b.added.length ? h('div', { text: `new scenarios: ${b.added.join(', ')}` }) : null, b.removed.length ? h('div', { text: `gone: ${b.removed.join(', ')}` }) : null),
    );
  }
  if (data.staging) lists.append(stagingSection(q));

  const table = h('table', { class: 'matrix', id: 'scenarios' });
  table.append(h('thead', {}, h('tr', {}, h('th', { text: 'scenario' }), ...data.targets.map((t) => h('th', { text: t })), h('th', { text: 'csm / upstream time' }))));
  const body = h('tbody');
  for (const s of data.scenarios.filter((s) => matches(q, s.name, s.kind))) {
    body.append(
      h(
        'tr',
        {},
        h('td', {}, h('a', { href: hashOf({ q, s: s.name, t: data.score.target }), text: s.name }), h('span', { class: 'mut', text: ` ${s.kind}` })),
        ...data.targets.map((t) => h('td', {}, badge(s.results[t]), s.results[t] ? h('span', { class: 'num', text: ` ${pct(s.results[t].score)}` }) : null)),
        h('td', { class: 'num', text: s.timing ? `${s.timing.ratio.toFixed(2)}×` : '—' }),
      ),
    );
  }
  table.append(body);
  lists.append(h('h2', { text: 'Every scenario' }), table);
}

function stagingSection(q: string): HTMLElement {
  const stg = data.staging!;
  const staged = data.scenarios.filter((s) => s.staged);
  const sec = h('section', { id: 'staging' }, h('h2', { text: `Upstream bump: ${stg.upstream} staged in ${stg.dir}` }));
  const tbody = h('tbody');
  for (const s of staged.filter((s) => matches(q, s.name))) {
    const comps = [...new Set(s.staged!.changes.map((c) => c.component))];
    const box = h('input', { type: 'checkbox', class: 'accept', 'data-scenario': s.name, checked: comps.length === 0 }) as HTMLInputElement;
    tbody.append(h('tr', {}, h('td', {}, box), h('td', {}, h('a', { href: hashOf({ q, s: s.name, t: 'csm', m: s.kind === 'tui' ? 'three' : 'side' }), text: s.name })), h('td', { text: comps.join(', ') || 'unchanged' }), h('td', {}, badge(s.results.csm))));
  }
  const button = h('button', { id: 'accept-file', text: 'download accept file' });
  button.addEventListener('click', () => {
    const chosen = [...document.querySelectorAll<HTMLInputElement>('input.accept:checked')].map((b) => b.dataset.scenario!);
    const file = { kind: 'lab-accept', upstream: stg.upstream, staging: stg.dir, scenarios: Object.fromEntries(chosen.map((n) => [n, scenarioOf(n)!.staged!.hashes])) };
    const a = h('a', { href: URL.createObjectURL(new Blob([JSON.stringify(file, null, 2) + '\n'], { type: 'application/json' })), download: `accept-${stg.upstream}.json` });
    document.body.append(a);
    a.click();
    a.remove();
  });
  sec.append(
    h('table', { class: 'matrix' }, h('thead', {}, h('tr', {}, h('th', { text: 'accept' }), h('th', { text: 'scenario' }), h('th', { text: 'changed by the new upstream' }), h('th', { text: 'csm vs pinned' }))), tbody),
    h('p', {}, button, h('span', { class: 'mut', text: ` then: npm run lab -- accept ${stg.dir} --from-file accept-${stg.upstream}.json (hash-checked)` })),
  );
  return sec;
}

// ---------------------------------------------------------------- scenario

interface Side {
  label: string;
  frame: FrameInput | null;
  note?: string;
}

function frameOf(s: ScenarioEntry, target: string, name: string): { frame: FrameInput | null; timedOut?: string } {
  const r = s.results[target];
  const variant = s.golden[r?.matched ?? 'golden'] ?? s.golden.golden ?? [];
  const golden = variant.find((f) => f.name === name) ?? null;
  const fr = r?.frames.find((f) => f.name === name);
  if (!fr) return { frame: null };
  if (fr.actual) return { frame: fr.actual, timedOut: fr.actual.timedOut };
  if (fr.textMatch === 1 && fr.attrMatch === 1) return { frame: golden };
  return { frame: null };
}

function frameDiverges(s: ScenarioEntry, target: string, name: string): boolean {
  const fr = s.results[target]?.frames.find((f) => f.name === name);
  return !!fr && (fr.textMatch < 1 || fr.attrMatch < 1 || !!fr.diff);
}

function scenarioView(st: State): HTMLElement {
  const s = scenarioOf(st.s);
  const root = h('main', { id: 'scenario' });
  if (!s) {
    root.append(h('p', {}, `no scenario ${st.s} in this report · `, h('a', { href: hashOf({ q: st.q }), text: 'home' })));
    return root;
  }
  const fails = visibleFailures(st.q);
  const idx = fails.findIndex((f) => f.scenario === s.name && f.target === st.t);
  root.append(
    h(
      'nav',
      { class: 'top' },
      h('a', { href: hashOf({ q: st.q }), id: 'back', text: '← home (Esc)' }),
      h('span', { class: 'mut', text: idx >= 0 ? ` failure ${idx + 1} of ${fails.length} · n/p next/previous` : ` n/p: failures (${fails.length})` }),
    ),
    h('h1', {}, s.name, ' ', h('span', { class: 'mut', text: s.kind })),
  );

  const results = h('div', { class: 'cards' });
  for (const t of data.targets) {
    const r = s.results[t];
    if (!r) continue;
    const failed = r.components.filter((c) => !c.pass).map((c) => c.component);
    results.append(
      h(
        'div',
        { class: `card result ${t === st.t ? 'current' : ''}`, 'data-target': t },
        h('div', {}, h('b', { text: t }), ' ', badge(r), h('span', { class: 'num', text: ` ${pct(r.score)}` })),
        r.matched !== 'golden' ? h('div', { class: 'badge alt', text: `matched ${r.matched}`, title: 'upstream gives more than one output here; this recorded alternative matched' }) : h('div', { class: 'mut', text: 'matched the golden' }),
        failed.length ? h('div', {}, ...failed.map((c) => h('span', { class: 'comp', text: c }))) : h('div', { class: 'mut', text: 'every component matches' }),
        h('div', { class: 'mut', text: `wall ${ms(r.timing.wallMs)}${r.timing.runsMs.length > 1 ? ` (median of ${r.timing.runsMs.length})` : ''}` }),
        r.environment.length ? h('div', { class: 'warn small', text: `recorded elsewhere: ${r.environment.join('; ')}` }) : null,
      ),
    );
  }
  if (s.timing) results.append(h('div', { class: 'card', id: 'timing' }, h('b', { text: 'csm / upstream, same run' }), h('div', { class: `big ${s.timing.ratio > 1.5 ? 'slow' : ''}`, text: `${s.timing.ratio.toFixed(2)}×` }), h('div', { class: 'mut', text: `csm ${ms(s.timing.csmMs)} · upstream ${ms(s.timing.upstreamMs)} · medians of ${s.timing.runs.csm}/${s.timing.runs.upstream} run(s)` })));
  root.append(results);

  const names = (s.golden.golden ?? Object.values(s.golden)[0] ?? []).map((f) => f.name);
  if (names.length) root.append(framesSection(s, st, names));
  root.append(componentsSection(s, st));
  root.append(rawSection(s));
  return root;
}

function framesSection(s: ScenarioEntry, st: State, names: string[]): HTMLElement {
  const fname = names.includes(st.f) ? st.f : names.find((n) => frameDiverges(s, st.t, n)) ?? names[0];
  const fi = names.indexOf(fname);
  const sec = h('section', { id: 'frames' }, h('h2', { text: 'frames' }));

  // Scrubber over both programs' snapshot timelines, with the first divergent frame marked.
  const first = names.findIndex((n) => frameDiverges(s, st.t, n));
  const scrub = h('input', { id: 'scrubber', type: 'range', min: 0, max: names.length - 1, value: fi, 'aria-label': 'frame' }) as HTMLInputElement;
  scrub.addEventListener('input', () => go({ ...st, f: names[Number(scrub.value)] }, true));
  // One time scale for both programs, so a slower target's snapshots sit further right.
  const lanes = h('div', { class: 'timeline' });
  const end = Math.max(1, ...data.targets.flatMap((t) => [...Object.values(s.results[t]?.timing.snapshots ?? {}), s.results[t]?.timing.wallMs ?? 1]));
  for (const t of data.targets) {
    const snaps = s.results[t]?.timing.snapshots ?? {};
    const track = h('div', { class: 'track' });
    names.forEach((n, i) => {
      const at = snaps[n];
      const left = Math.min(100, at !== undefined ? (at / end) * 100 : ((i + 0.5) / names.length) * 100);
      track.append(h('a', { class: `tick ${i === fi ? 'on' : ''} ${frameDiverges(s, t, n) ? 'bad' : ''}`, href: hashOf({ ...st, f: n }), style: `left:${left.toFixed(2)}%`, title: `${t}: ${n}${at !== undefined ? ` at ${ms(at)}` : ''}`, text: '●' }));
    });
    lanes.append(h('div', { class: 'lane', 'data-target': t }, h('span', { class: 'lanelabel', text: t }), track));
  }
  sec.append(
    h('div', { class: 'scrub' }, h('label', { text: 'frame ' }), scrub, h('b', { id: 'frame-name', text: ` ${fname}` }), h('span', { class: 'mut', text: ` (${fi + 1}/${names.length}) ←/→` }), first >= 0 ? h('a', { id: 'first-divergence', class: 'marker', href: hashOf({ ...st, f: names[first] }), text: `▼ first divergent frame: ${names[first]}` }) : h('span', { class: 'mut', text: ' no divergent frame' })),
    lanes,
  );

  const modes = h('div', { class: 'modes', role: 'tablist' });
  MODES.forEach((m, i) => {
    if (m.id === 'three' && !s.staged) return;
    const b = h('button', { class: m.id === st.m ? 'on' : '', 'data-mode': m.id, text: `${i + 1} ${m.label}` });
    b.addEventListener('click', () => go({ ...st, f: fname, m: m.id }));
    modes.append(b);
  });
  const tsel = h('span', { class: 'targets' }, ' compare ');
  for (const t of data.targets) {
    const b = h('button', { class: t === st.t ? 'on' : '', 'data-target': t, text: t });
    b.addEventListener('click', () => go({ ...st, f: fname, t }));
    tsel.append(b);
  }
  sec.append(h('div', { class: 'controls' }, modes, tsel, h('span', { class: 'mut', text: ' (t switches)' })));

  const goldenFrame = (s.golden[s.results[st.t]?.matched ?? 'golden'] ?? s.golden.golden ?? []).find((f) => f.name === fname) ?? null;
  const target = frameOf(s, st.t, fname);
  if (target.timedOut) sec.append(h('div', { class: 'timedout', id: 'timed-out', role: 'alert' }, h('b', { text: `⚠ ${st.t} never reached this frame: ` }), `the screen when ${target.timedOut}`));
  for (const t of data.targets) {
    if (t === st.t) continue;
    const other = frameOf(s, t, fname);
    if (other.timedOut) sec.append(h('div', { class: 'timedout' }, h('b', { text: `⚠ ${t}: ` }), `the screen when ${other.timedOut}`));
  }

  const stage = h('div', { class: 'stage', id: 'stage' });
  sec.append(stage);
  if (st.m === 'three' && s.staged) {
    const staged = s.staged.frames.find((f) => f.name === fname) ?? null;
    const csm = frameOf(s, 'csm', fname).frame;
    stage.append(
      pane({ label: 'pinned golden', frame: goldenFrame }, null),
      pane({ label: `new upstream ${data.staging!.upstream}`, frame: staged }, goldenFrame && staged ? { against: goldenFrame } : null),
      pane({ label: 'csm', frame: csm }, staged && csm ? { against: staged } : null),
    );
    sec.append(h('div', { class: 'mut', text: 'overlays: the new upstream against the pinned golden; csm against the new upstream' }));
    return sec;
  }
  if (!goldenFrame) {
    stage.append(h('div', { class: 'mut', text: 'golden frame unavailable' }));
    return sec;
  }
  if (!target.frame) {
    const fr = s.results[st.t]?.frames.find((f) => f.name === fname);
    stage.append(pane({ label: 'golden', frame: goldenFrame }, null), h('div', { class: 'mut', text: fr ? fr.diff.split('\n')[0] || 'frame not kept' : `no ${st.t} frame` }));
    return sec;
  }
  const diff = cellDiff(goldenFrame, target.frame);
  if (st.m === 'side') {
    stage.append(pane({ label: 'golden (upstream recording)', frame: goldenFrame }, null));
    for (const t of data.targets) {
      const f = t === st.t ? target.frame : frameOf(s, t, fname).frame;
      stage.append(pane({ label: t, frame: f }, t === st.t ? { against: goldenFrame, diff } : null));
    }
  } else if (st.m === 'diff') {
    const only = new Set(diff.cells.map((c) => `${c.x},${c.y}`));
    stage.append(pane({ label: `${st.t}: differing cells only`, frame: target.frame }, { against: goldenFrame, diff, only }));
  } else if (st.m === 'blend' || st.m === 'slider') {
    stage.append(stack(goldenFrame, target.frame, st.m, diff));
  } else if (st.m === 'toggle') {
    const show = toggleShowsTarget ? target.frame : goldenFrame;
    const p = pane({ label: toggleShowsTarget ? `${st.t} (space: golden)` : 'golden (space: target)', frame: show }, toggleShowsTarget ? { against: goldenFrame, diff } : null);
    p.id = 'toggle-pane';
    stage.append(p);
  }
  sec.append(driftSummary(diff, s.results[st.t], fname));
  return sec;
}

function overlay(diff: CellDiff, g: Grid, a: Grid): HTMLElement {
  const ov = h('div', { class: 'overlay', id: 'cell-diff' });
  for (const c of diff.cells) ov.append(h('div', { class: `cd cd-${c.kind}`, 'data-x': c.x, 'data-y': c.y, style: `left:${c.x * CELL_W}px;top:${c.y * CELL_H}px` }));
  if (diff.cursor.drift) {
    for (const [cur, who] of [
      [diff.cursor.golden, 'golden'],
      [diff.cursor.actual, 'target'],
    ] as const)
      if (cur?.visible) ov.append(h('div', { class: `cd cd-cursor cd-cursor-${who}`, title: `${who} cursor`, style: `left:${cur.x * CELL_W}px;top:${cur.y * CELL_H}px` }));
  }
  for (const r of diff.shifted) ov.append(h('div', { class: 'shiftmark', style: `top:${r.row * CELL_H}px;left:${diff.cols * CELL_W + 3}px`, text: r.by > 0 ? `↓${r.by}` : `↑${-r.by}`, title: `row ${r.row} is golden row ${r.from}` }));
  void g;
  void a;
  return ov;
}

function attachHover(wrap: HTMLElement, g: Grid, a: Grid): void {
  wrap.addEventListener('mousemove', (ev) => {
    const rect = wrap.getBoundingClientRect();
    const x = Math.floor((ev.clientX - rect.left) / CELL_W);
    const y = Math.floor((ev.clientY - rect.top) / CELL_H);
    const card = document.getElementById('cell-card')!;
    if (x < 0 || y < 0 || x >= Math.max(g.cols, a.cols) || y >= Math.max(g.rows, a.rows)) return void (card.hidden = true);
    const gc = { ch: g.text[y]?.[x] ?? ' ', style: g.styles[y]?.[x] ?? 'fg=default bg=default' };
    const ac = { ch: a.text[y]?.[x] ?? ' ', style: a.styles[y]?.[x] ?? 'fg=default bg=default' };
    card.replaceChildren(h('div', { text: `row ${y}, col ${x}` }), h('div', { class: gc.ch !== ac.ch || gc.style !== ac.style ? 'dd' : '', text: `golden: ${describeCell(gc)}` }), h('div', { class: gc.ch !== ac.ch || gc.style !== ac.style ? 'da' : '', text: `target: ${describeCell(ac)}` }));
    card.hidden = false;
    card.style.left = `${ev.pageX + 14}px`;
    card.style.top = `${ev.pageY + 14}px`;
  });
  wrap.addEventListener('mouseleave', () => (document.getElementById('cell-card')!.hidden = true));
}

function pane(side: Side, cmp: { against: FrameInput; diff?: CellDiff; only?: Set<string> } | null): HTMLElement {
  const fig = h('figure', { class: 'pane', 'data-label': side.label }, h('figcaption', { text: side.label }));
  if (!side.frame) {
    fig.append(h('div', { class: 'mut', text: side.note ?? 'no frame' }));
    return fig;
  }
  const grid = toGrid(side.frame);
  const canvas = h('canvas', { class: 'term' });
  const wrap = h('div', { class: 'termwrap' }, canvas);
  if (cmp) {
    const g = toGrid(cmp.against);
    const diff = cmp.diff ?? cellDiff(cmp.against, side.frame);
    drawGrid(canvas, grid, { cols: g.cols, rows: g.rows, only: cmp.only });
    wrap.append(overlay(diff, g, grid));
    attachHover(wrap, g, grid);
  } else drawGrid(canvas, grid);
  if (grid.problem) fig.append(h('div', { class: 'mut', text: `attributes unreadable: ${grid.problem}` }));
  fig.append(wrap);
  return fig;
}

function stack(golden: FrameInput, actual: FrameInput, mode: 'blend' | 'slider', diff: CellDiff): HTMLElement {
  const g = toGrid(golden);
  const a = toGrid(actual);
  const size = { cols: Math.max(g.cols, a.cols), rows: Math.max(g.rows, a.rows) };
  const bottom = h('canvas', { class: 'term' });
  const top = h('canvas', { class: 'term top' });
  drawGrid(bottom, g, size);
  drawGrid(top, a, size);
  const wrap = h('div', { class: 'termwrap stacked' }, bottom, top);
  const range = h('input', { type: 'range', min: 0, max: 100, value: 50, id: `${mode}-range`, 'aria-label': mode }) as HTMLInputElement;
  const apply = () => {
    if (mode === 'blend') top.style.opacity = String(Number(range.value) / 100);
    else top.style.clipPath = `inset(0 0 0 ${range.value}%)`;
  };
  range.addEventListener('input', apply);
  apply();
  wrap.append(overlay({ ...diff, cells: [] }, g, a));
  attachHover(wrap, g, a);
  return h('figure', { class: 'pane' }, h('figcaption', { text: mode === 'blend' ? 'golden under target: opacity of the target' : 'golden left of the handle, target right' }), range, wrap);
}

function driftSummary(diff: CellDiff, r: ResultEntry | undefined, fname: string): HTMLElement {
  const box = h('div', { class: 'drift', id: 'drift' });
  const c = diff.counts;
  box.append(
    h('div', {}, h('span', { class: 'key k-text', text: `text ${c.text}` }), h('span', { class: 'key k-style', text: `style ${c.style}` }), h('span', { class: 'key k-both', text: `text+style ${c.both}` }), h('span', { class: 'key k-shift', text: `shifted-row cells ${c.shift}` }), diff.cursor.drift ? h('span', { class: 'key k-cursor', text: `cursor golden ${JSON.stringify(diff.cursor.golden)} vs ${JSON.stringify(diff.cursor.actual)}` }) : h('span', { class: 'mut', text: ' cursor same' })),
  );
  if (diff.shifted.length) box.append(h('div', { text: `shifted rows: ${diff.shifted.map((x) => `row ${x.row} = golden row ${x.from}`).join(', ')}` }));
  const px = r?.pixels?.[fname];
  if (px) box.append(h('figure', { class: 'pixels', id: 'pixel-diff' }, h('figcaption', { text: `pixel diff (Chromium, pixelmatch): ${px.changed} of ${px.total} pixels changed` }), h('img', { src: px.image, alt: 'pixel diff', width: px.width, height: px.height })));
  const list = h('ol', { class: 'driftlist', id: 'drift-list' });
  for (const d of diff.cells.slice(0, 300)) list.append(h('li', { 'data-x': d.x, 'data-y': d.y, 'data-kind': d.kind, text: `row ${d.y} col ${d.x} · ${d.kind}: ${describeCell(d.golden)} → ${describeCell(d.actual)}` }));
  if (diff.cells.length) box.append(h('details', {}, h('summary', { text: `${diff.cells.length} differing cell(s)` }), list));
  return box;
}

function componentsSection(s: ScenarioEntry, st: State): HTMLElement {
  const sec = h('section', { id: 'components' }, h('h2', { text: 'requests, events, rollouts and other components' }));
  for (const t of data.targets) {
    const r = s.results[t];
    if (!r) continue;
    const failed = r.components.filter((c) => !c.pass && c.component !== 'frames.attrs');
    if (!failed.length) continue;
    const det = h('details', { open: t === st.t, 'data-target': t }, h('summary', { text: `${t}: ${failed.map((c) => c.component).join(', ')}` }));
    for (const c of failed) det.append(h('h4', {}, h('span', { class: 'comp', text: c.component }), h('span', { class: 'mut', text: ` score ${pct(c.score)}` })), c.detail ? diffPre(c.detail) : h('div', { class: 'mut', text: 'no detail' }));
    sec.append(det);
  }
  if (sec.childElementCount === 1) sec.append(h('div', { class: 'mut', text: 'every component matches on every target' }));
  return sec;
}

function rawSection(s: ScenarioEntry): HTMLElement {
  const sides = data.targets.filter((t) => s.results[t]?.raw).map((t) => [t, s.results[t].raw!] as const);
  if (s.reference) sides.push(['golden recording (other machine)', s.reference]);
  const sec = h('section', { id: 'raw' }, h('h2', { text: 'raw PTY bytes' }));
  if (!sides.length) {
    sec.append(h('div', { class: 'mut', text: 'no raw counters (exec scenario)' }));
    return sec;
  }
  const keys: [keyof NonNullable<ResultEntry['raw']>, string][] = [
    ['bytes', 'bytes written'],
    ['fullClears', 'full-screen clears'],
    ['linesWrittenTwice', 'lines written twice'],
    ['eraseLines', 'erase-line sequences'],
    ['cursorUps', 'cursor-up moves'],
    ['syncUpdates', 'synchronized updates'],
    ['altScreenEnters', 'alt-screen enters'],
  ];
  sec.append(h('table', { class: 'matrix' }, h('thead', {}, h('tr', {}, h('th', { text: 'counter' }), ...sides.map(([t]) => h('th', { text: t })))), h('tbody', {}, ...keys.map(([k, label]) => h('tr', {}, h('td', { text: label }), ...sides.map(([, raw]) => h('td', { class: 'num', text: raw[k] === undefined ? '—' : String(raw[k]) })))))));
  sec.append(...motionTables(s));
  return sec;
}

/** Each `sample` window's cadence per target beside upstream's recording: reported, never failed on (it moves with load). */
function motionTables(s: ScenarioEntry): HTMLElement[] {
  const windows = [...new Set(data.targets.flatMap((t) => Object.keys(s.results[t]?.cadence ?? {})))];
  return windows.map((name) => {
    type C = NonNullable<ResultEntry['cadence']>[string]['target'];
    const sides: [string, C][] = data.targets.flatMap((t) => (s.results[t]?.cadence?.[name] ? [[t, s.results[t].cadence![name].target] as [string, C]] : []));
    const ref = data.targets.map((t) => s.results[t]?.cadence?.[name]?.reference).find(Boolean);
    if (ref) sides.push(['upstream recorded', ref]);
    const keys: [keyof C, string][] = [
      ['framesPerSec', 'frames per second'],
      ['medianFrameGapMs', 'median gap between frames (ms)'],
      ['visibleFrames', 'frames that changed the screen'],
      ['medianVisibleGapMs', 'median gap between those (ms)'],
      ['medianStateMs', 'a status-row state held (ms)'],
      ['maxSampleGapMs', 'longest gap between samples (ms)'],
    ];
    return h('table', { class: 'matrix' }, h('thead', {}, h('tr', {}, h('th', { text: `motion · ${name}` }), ...sides.map(([t]) => h('th', { text: t })))), h('tbody', {}, ...keys.map(([k, label]) => h('tr', {}, h('td', { text: label }), ...sides.map(([, c]) => h('td', { class: 'num', text: c[k] === null || c[k] === undefined ? '—' : String(c[k]) }))))));
  });
}

// ---------------------------------------------------------------- keys and rendering

function help(): HTMLElement {
  return h('dialog', { id: 'help' }, h('h3', { text: 'keys' }), h('pre', { text: 'home:      j/k or ↓/↑ move between failures · Enter open · / filter\nscenario:  n/p next/previous failure · ←/→ frames · 1-6 compare mode\n           t other target · space flip (toggle mode) · Esc home\n?          this help' }));
}

function render(): void {
  const st = readState();
  const app = document.getElementById('app')!;
  app.replaceChildren(st.s ? scenarioView(st) : home(st), help(), h('div', { id: 'cell-card', class: 'cellcard', hidden: true }));
  document.title = st.s ? `${st.s} · csm parity` : 'csm parity dashboard';
  if (!st.s) window.scrollTo(0, 0);
}

function moveSelection(by: number): void {
  const items = [...document.querySelectorAll<HTMLElement>('#failures > li')];
  if (!items.length) return;
  selected = Math.max(0, Math.min(items.length - 1, selected + by));
  items.forEach((li, i) => li.classList.toggle('selected', i === selected));
  items[selected].scrollIntoView({ block: 'nearest' });
}

document.addEventListener('keydown', (ev) => {
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  const st = readState();
  const inField = ev.target instanceof HTMLInputElement && ev.target.type !== 'range' && ev.target.type !== 'checkbox';
  if (inField) {
    if (ev.key === 'Escape' || ev.key === 'Enter') (ev.target as HTMLInputElement).blur();
    return;
  }
  const k = ev.key;
  if (k === '?') {
    const d = document.getElementById('help') as HTMLDialogElement;
    d.open ? d.close() : d.showModal();
    return;
  }
  if (!st.s) {
    if (k === 'j' || k === 'ArrowDown') moveSelection(1);
    else if (k === 'k' || k === 'ArrowUp') moveSelection(-1);
    else if (k === 'Enter' || k === 'o') {
      const f = visibleFailures(st.q)[selected];
      if (f) go({ q: st.q, s: f.scenario, t: f.target });
    } else if (k === '/') document.getElementById('filter')?.focus();
    else return;
    ev.preventDefault();
    return;
  }
  const s = scenarioOf(st.s);
  const names = (s?.golden.golden ?? []).map((f) => f.name);
  const fi = Math.max(0, names.indexOf(st.f || (names.find((n) => s && frameDiverges(s, st.t, n)) ?? names[0])));
  if (k === 'Escape' || k === 'h' || k === 'Backspace') go({ q: st.q });
  else if (k === 'n' || k === 'p') {
    const fails = visibleFailures(st.q);
    if (!fails.length) return;
    const cur = fails.findIndex((f) => f.scenario === st.s && f.target === st.t);
    const next = cur < 0 ? 0 : (cur + (k === 'n' ? 1 : -1) + fails.length) % fails.length;
    selected = next;
    go({ q: st.q, s: fails[next].scenario, t: fails[next].target, m: st.m === 'three' ? 'side' : st.m });
  } else if ((k === 'ArrowRight' || k === '.') && names.length) go({ ...st, f: names[Math.min(names.length - 1, fi + 1)] });
  else if ((k === 'ArrowLeft' || k === ',') && names.length) go({ ...st, f: names[Math.max(0, fi - 1)] });
  else if (/^[1-6]$/.test(k)) {
    const m = MODES[Number(k) - 1];
    if (m.id === 'three' && !s?.staged) return;
    go({ ...st, f: st.f || names[fi], m: m.id });
  } else if (k === 't') {
    const i = data.targets.indexOf(st.t);
    go({ ...st, f: st.f || names[fi], t: data.targets[(i + 1) % data.targets.length] });
  } else if (k === ' ' && st.m === 'toggle') {
    toggleShowsTarget = !toggleShowsTarget;
    render();
  } else return;
  ev.preventDefault();
});

window.addEventListener('hashchange', render);
if (!data) document.getElementById('app')!.textContent = 'data.js did not load: keep it next to index.html';
else render();
