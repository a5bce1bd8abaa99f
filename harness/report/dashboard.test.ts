import { describe, expect, it } from 'vitest';
import type { CapturedFrame } from '../capture/capture.ts';
import type { CheckResult } from '../lab.ts';
import { dashboardHtml } from './dashboard.ts';

const meta = { cols: 10, rows: 2, altScreen: false, cursor: { x: 0, y: 0, visible: false } };

function result(scenario: string, target: 'upstream' | 'csm', pass: boolean, extra: Partial<CheckResult> = {}): CheckResult {
  return {
    scenario,
    target,
    pass,
    components: [
      { component: 'exit_code', pass: true, score: 1, detail: '' },
      pass
        ? { component: 'stdout', pass: true, score: 1, detail: '' }
        : { component: 'stdout', pass: false, score: 0, detail: '--- golden/stdout\n+++ target/stdout\n@@ -1 +1 @@\n-hello <world>\n+bye\n' },
    ],
    frames: [],
    matched: 'golden',
    environment: [],
    timing: { wallMs: 1200, goldenWallMs: 1000, ratio: 1.2 },
    ...extra,
  };
}

const goldenFrame: CapturedFrame = { name: 'idle', text: 'Hi there', attrs: 'a fg=p1 bg=default\n--\naa', meta };

describe('dashboardHtml', () => {
  const tuiFail = result('tui-<x>', 'csm', false, {
    frames: [{ name: 'idle', textMatch: 0.5, attrMatch: 0.75, diff: 'x', actual: { text: 'Bye', attrs: 'a fg=p208 bg=default\n--\na', meta } }],
    components: [
      { component: 'frames.text', pass: false, score: 0.5, detail: '@@ -1 +1 @@\n-row  1 |Hi there\n+row  1 |Bye\n' },
      { component: 'frames.attrs', pass: false, score: 0.75, detail: '' },
    ],
  });
  const results = [result('exec-plain-text', 'upstream', true), result('exec-plain-text', 'csm', false), result('tui-<x>', 'upstream', true, { frames: [{ name: 'idle', textMatch: 1, attrMatch: 1, diff: '' }] }), tuiFail];
  const html = dashboardHtml({
    results,
    targets: ['upstream', 'csm'],
    wallMs: 83_000,
    generatedAt: '2026-01-01T00:00:00Z',
    goldenFrames: (s) => (s === 'tui-<x>' ? [goldenFrame] : []),
  });

  it('lists every scenario in the matrix with an anchor to its section', () => {
    for (const id of ['s-exec-plain-text', 's-tui--x-']) {
      expect(html).toContain(`href="#${id}"`);
      expect(html).toContain(`<section id="${id}">`);
    }
    expect(html).toContain('tui-&lt;x&gt;');
    expect(html).not.toContain('tui-<x>');
  });

  it('shows totals per target and the wall time', () => {
    expect(html).toContain('<b>upstream</b>: <span class="badge pass">2 pass</span>');
    expect(html).toContain('<b>csm</b>: <span class="badge pass">0 pass</span> <span class="badge fail">2 fail</span>');
    expect(html).toContain('1m 23s');
  });

  it('shows a failing component diff with +/- classes', () => {
    expect(html).toContain('<span class="dd">-hello &lt;world&gt;</span>');
    expect(html).toContain('<span class="da">+bye</span>');
    expect(html).toContain('<span class="comp">stdout</span>');
  });

  it('shows frame match, timing ratio, and golden and target frames in colour', () => {
    expect(html).toContain('50% / 75%');
    expect(html).toContain('1.2×');
    expect(html).toContain('<span style="color:#cd0000">Hi</span>');
    expect(html).toContain('<span style="color:#ff8700">B</span>ye');
    expect(html).toContain('identical to the golden');
  });

  it('is self-contained', () => {
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//);
  });
});
