import { describe, expect, it } from 'vitest';
import { buildReportData, compareBaseline, median } from './model.ts';
import { fixtureResults, VERSIONS } from './test-fixtures.ts';
import { redactSecrets } from './write.ts';

const data = (results = fixtureResults()) => buildReportData({ results, targets: ['upstream', 'csm'], wallMs: 1, versions: VERSIONS, goldens: () => null });

describe('buildReportData', () => {
  it('lists failures worst first and each dimension with its failing results', () => {
    const d = data();
    expect(d.failures.map((f) => `${f.scenario}/${f.target}`)).toEqual(['tui-broken/csm', 'exec-requests/csm', 'exec-events/csm']);
    expect(d.failures[0]).toMatchObject({ timedOut: true, components: ['frames.text', 'frames.attrs', 'requests', 'rollouts'] });
    const dim = Object.fromEntries(d.dimensions.map((x) => [x.id, x]));
    expect(dim.requests.entries.map((e) => e.scenario)).toEqual(['exec-requests', 'tui-broken']);
    expect(dim['frames-text']).toMatchObject({ failing: 1, total: 4 });
    expect(dim.events).toMatchObject({ failing: 1, total: 2 });
    expect(dim.output.failing).toBe(0);
  });

  it('shows a jsonrpc scenario as its kind, its message problems under JSON-RPC messages', () => {
    const results = fixtureResults();
    const csm = results.find((r) => r.scenario === 'exec-plain' && r.target === 'csm')!;
    csm.pass = false;
    csm.components.push({ component: 'messages', pass: false, score: 0.5, detail: '1 message problem(s):\n#1 << initialize (response) (target #1):\n    result.userAgent: golden "a", target "b"' });
    const d = data(results);
    expect(d.scenarios.find((s) => s.name === 'exec-plain')!.kind).toBe('jsonrpc');
    const dim = Object.fromEntries(d.dimensions.map((x) => [x.id, x]));
    expect(dim.messages.entries.map((e) => e.scenario)).toEqual(['exec-plain']);
  });

  it('scores parity as the mean component score of csm', () => {
    const d = data();
    expect(d.score.target).toBe('csm');
    expect(d.score.perTarget.upstream).toEqual({ passed: 5, total: 5, score: 1 });
    expect(d.score.perTarget.csm.passed).toBe(2);
    expect(d.score.overall).toBeGreaterThan(0.85);
    expect(d.score.overall).toBeLessThan(0.95);
  });

  it('times csm against upstream from the same run, using medians of several runs', () => {
    const results = fixtureResults();
    const up = results.find((r) => r.scenario === 'exec-plain' && r.target === 'upstream')!;
    up.timing.runsMs = [1000, 900, 5000];
    const d = data(results);
    expect(d.scenarios.find((s) => s.name === 'exec-plain')!.timing).toEqual({ upstreamMs: 1000, csmMs: 1000, ratio: 1, runs: { upstream: 3, csm: 1 } });
    expect(d.timing.entries[0]).toMatchObject({ scenario: 'exec-events', ratio: 3 });
    expect(d.timing.failing).toBe(1);
    expect(median([4, 1, 3, 2])).toBe(3);
  });

  it('has no timing without upstream in the same run', () => {
    const d = buildReportData({ results: fixtureResults().filter((r) => r.target === 'csm'), targets: ['csm'], wallMs: 1, versions: VERSIONS, goldens: () => null });
    expect(d.timing.total).toBe(0);
    expect(d.scenarios.every((s) => s.timing === null)).toBe(true);
  });
});

describe('compareBaseline', () => {
  it('names regressions, fixes and the score change', () => {
    const before = data();
    const results = fixtureResults();
    const fixed = results.find((r) => r.scenario === 'exec-requests' && r.target === 'csm')!;
    fixed.pass = true;
    fixed.components = fixed.components.map((c) => ({ ...c, pass: true, score: 1 }));
    const broken = results.find((r) => r.scenario === 'tui-ok' && r.target === 'csm')!;
    broken.pass = false;
    broken.components[0] = { ...broken.components[0], pass: false, score: 0 };
    const delta = compareBaseline(before, data(results));
    expect(delta.regressions.map((r) => [r.scenario, r.wasPass, r.isPass])).toEqual([['tui-ok', true, false]]);
    expect(delta.fixes.map((r) => [r.scenario, r.wasPass, r.isPass])).toEqual([['exec-requests', false, true]]);
    expect(delta.scoreAfter).not.toBe(delta.scoreBefore);
  });
});

describe('redactSecrets', () => {
  it('masks secret environment values, API keys and bearer tokens', () => {
    const env = { OPENAI_API_KEY: 'abcdefgh12345678', HOME: '/root/abcdefgh' };
    const text = 'key abcdefgh12345678 sk-proj-ABCDEFGHIJKLMNOPQRSTUV Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.x home /root/abcdefgh';
    expect(redactSecrets(text, env)).toBe('key [redacted] sk-[redacted] Authorization: Bearer [redacted] home /root/abcdefgh');
  });
});
