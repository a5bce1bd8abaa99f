// The dashboard in real Chromium (the system's, through playwright-core), opened from file:// the way
// a person opens .lab/report/index.html. Each test keeps a screenshot in .lab/screenshots/.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../drivers/targets.ts';
import { stageScenario, stagingPaths } from '../golden/staging.ts';
import { readGolden, writeGolden } from '../golden/store.ts';
import { readAcceptFile, scenariosToAccept } from './accept-file.ts';
import { launchChromium, type Chromium } from './chromium.ts';
import { mergeParts } from './merge.ts';
import { fixtureResults, makeFrame, VERSIONS, writeFixtureGoldens } from './test-fixtures.ts';
import { readPart, writeReport } from './write.ts';

const shots = path.join(repoRoot, '.lab/screenshots');
const work = mkdtempSync(path.join(os.tmpdir(), 'lab-dashboard-'));
const goldens = writeFixtureGoldens(path.join(work, 'goldens'));
const targets = ['upstream', 'csm'];
let browser: Chromium;
let index: string;
let page: Page;
let errors: string[];
let shotName = '';

async function open(hash = ''): Promise<void> {
  await page.goto(pathToFileURL(index).href + hash);
  await page.waitForSelector('main');
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  const w = await writeReport(path.join(work, 'report'), { results: fixtureResults(), targets, wallMs: 12_000, versions: VERSIONS, goldens });
  index = w.index;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(work, { recursive: true, force: true });
});

async function newPage(name: string): Promise<void> {
  shotName = name;
  errors = [];
  page = await browser.context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) errors.push(`network request: ${r.url()}`);
  });
}

afterEach(async () => {
  await page.screenshot({ path: path.join(shots, `${shotName}.png`), fullPage: true });
  await page.close();
  expect(errors).toEqual([]);
});

describe('the dashboard from file:// in Chromium', () => {
  it('lists the broken fixture target first on the home, worst first, with the parity score', async () => {
    await newPage('home');
    await open();
    const failures = page.locator('#failures > li');
    await expect(failures.count()).resolves.toBe(3);
    const first = failures.first();
    expect(await first.getAttribute('data-scenario')).toBe('tui-broken');
    expect(await first.getAttribute('data-target')).toBe('csm');
    expect(await first.textContent()).toContain('wait timed out');
    expect(await page.locator('#score .big').textContent()).toMatch(/^\d+\.\d%$/);
    expect(await page.locator('#dim-frames-text li.failure').first().getAttribute('data-scenario')).toBe('tui-broken');
    expect(await page.locator('#dim-timing li').first().textContent()).toContain('exec-events');
    expect(await page.locator('#partial').count()).toBe(0);
  });

  it("draws the broken frame's cell diff: text, style, shifted row and cursor drift apart, with hover and pixels", async () => {
    await newPage('frame-diff');
    await open('#s=tui-broken&t=csm&f=answer');
    expect(await page.locator('#timed-out').textContent()).toContain("wait_for 'Hello there' timed out");
    const cell = (kind: string, x: number, y: number) => page.locator(`#cell-diff .cd-${kind}[data-x="${x}"][data-y="${y}"]`);
    await expect(cell('text', 6, 2).count()).resolves.toBe(1); // Hellx
    await expect(cell('style', 0, 2).count()).resolves.toBe(1); // the bullet's colour
    await expect(page.locator('#cell-diff .cd-shift[data-y="4"]').count()).resolves.toBeGreaterThan(0); // 'second line' one row down
    await expect(page.locator('#cell-diff .cd-cursor').count()).resolves.toBe(2);
    await expect(page.locator('#cell-diff .cd[data-y="0"]').count()).resolves.toBe(0);
    expect(await page.locator('#drift').textContent()).toContain('row 4 = golden row 3');
    expect(await page.locator('#first-divergence').textContent()).toContain('answer');

    const canvas = page.locator('figure.pane[data-label="csm"] canvas');
    const box = (await canvas.boundingBox())!;
    await page.mouse.move(box.x + 6 * 9 + 4, box.y + 2 * 18 + 9);
    const card = await page.locator('#cell-card').textContent();
    expect(card).toContain('row 2, col 6');
    expect(card).toContain('golden: "o" fg=default bg=default');
    expect(card).toContain('target: "x" fg=default bg=default');

    const px = page.locator('#pixel-diff');
    expect(await px.textContent()).toMatch(/[1-9]\d* of \d+ pixels changed/);
    expect(await px.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  });

  it('restores a linked view: filter, scenario, frame and mode from the URL', async () => {
    await newPage('url-state');
    await open('#q=tui&s=tui-broken&t=csm&f=startup&m=diff');
    expect(await page.locator('#frame-name').textContent()).toContain('startup');
    expect(await page.locator('#scrubber').inputValue()).toBe('0');
    expect(await page.locator('.modes button.on').getAttribute('data-mode')).toBe('diff');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#home');
    expect(await page.locator('#filter').inputValue()).toBe('tui');
    expect(await page.locator('#failures > li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-scenario')))).toEqual(['tui-broken']);
    expect(new URL(page.url()).hash).toBe('#q=tui');
  });

  it('moves between failures with the keyboard', async () => {
    await newPage('keyboard');
    await open();
    await page.keyboard.press('j');
    expect(await page.locator('#failures > li.selected').getAttribute('data-scenario')).toBe('exec-requests');
    await page.keyboard.press('k');
    expect(await page.locator('#failures > li.selected').getAttribute('data-scenario')).toBe('tui-broken');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#scenario');
    expect(await page.locator('h1').textContent()).toContain('tui-broken');
    await page.keyboard.press('n');
    await page.waitForFunction(() => location.hash.includes('s=exec-requests'));
    await page.keyboard.press('n');
    await page.waitForFunction(() => location.hash.includes('s=exec-events'));
    await page.keyboard.press('p');
    await page.waitForFunction(() => location.hash.includes('s=exec-requests'));
    expect(await page.locator('#components').textContent()).toContain('store');
    await page.keyboard.press('Escape');
    await page.waitForSelector('#home');
  });

  it('switches compare modes, frames and targets from the keyboard', async () => {
    await newPage('modes');
    await open('#s=tui-broken&t=csm&f=answer');
    for (const [key, mode, sel] of [
      ['2', 'diff', '#drift-list'],
      ['3', 'blend', '#blend-range'],
      ['4', 'slider', '#slider-range'],
      ['5', 'toggle', '#toggle-pane'],
    ] as const) {
      await page.keyboard.press(key);
      await page.waitForFunction((m) => location.hash.includes(`m=${m}`), mode);
      // The hash changes before the mode's pane is drawn: wait for the pane, then count it.
      await page.locator(sel).first().waitFor({ state: 'attached' });
      expect(await page.locator(sel).count()).toBe(1);
    }
    expect(await page.locator('#toggle-pane figcaption').textContent()).toContain('csm');
    await page.keyboard.press(' ');
    expect(await page.locator('#toggle-pane figcaption').textContent()).toContain('golden');
    await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => location.hash.includes('f=startup'));
    await page.keyboard.press('t');
    await page.waitForFunction(() => location.hash.includes('t=upstream'));
  });
});

describe('reports of shards and of an upstream bump', () => {
  it('says on its home that a merge lacks a shard', async () => {
    await newPage('partial');
    const all = fixtureResults();
    const names = [...new Set(all.map((r) => r.scenario))].sort();
    const shard1 = names.filter((_, k) => k % 2 === 0);
    const part = path.join(work, 'part-1');
    await writeReport(part, { results: all.filter((r) => shard1.includes(r.scenario)), targets, wallMs: 1, versions: VERSIONS, goldens, shard: { index: 1, count: 2 }, scenarios: shard1, allScenarios: names, pixels: false });
    const merged = mergeParts([readPart(part).part]);
    const w = await writeReport(path.join(work, 'merged-partial'), { results: merged.results, targets, wallMs: 1, versions: VERSIONS, goldens, scenarios: merged.scenarios, completeness: merged.completeness, pixels: false });
    await page.goto(pathToFileURL(w.index).href);
    expect(await page.locator('#partial').textContent()).toContain('shard 2/2 is missing');
  });

  it('shows pinned | new upstream | csm and writes an accept file that the CLI check takes', async () => {
    await newPage('three-way');
    // Stage a "new upstream" whose status line reads differently.
    const staging = path.join(work, 'bump');
    const sp = stagingPaths(staging);
    for (const name of ['tui-broken', 'exec-plain']) {
      const c = readGolden(path.join(goldens, name));
      if (name === 'tui-broken') c.frames = c.frames.map((f) => (f.name === 'answer' ? makeFrame('answer', ['› say hello', '', '• Hello there', '  second line', '', '  gpt-5.5 · 98% left'], []) : f));
      writeGolden(path.join(sp.goldens, name), [c]);
      stageScenario(staging, '0.172.0', name);
    }
    const w = await writeReport(path.join(work, 'bump-report'), { results: fixtureResults(), targets, wallMs: 1, versions: VERSIONS, goldens, staging, pixels: false });
    await page.goto(pathToFileURL(w.index).href);
    expect(await page.locator('#staging').textContent()).toContain('0.172.0');
    await page.locator('input.accept[data-scenario="tui-broken"]').check();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#accept-file').click()]);
    const file = path.join(work, 'accept.json');
    await download.saveAs(file);
    expect(scenariosToAccept(staging, readAcceptFile(file))).toEqual(['exec-plain', 'tui-broken']);

    await page.goto(pathToFileURL(w.index).href + '#s=tui-broken&t=csm&f=answer&m=three');
    await page.waitForSelector('#scenario');
    const labels = await page.locator('figure.pane').evaluateAll((fs) => fs.map((f) => f.getAttribute('data-label')));
    expect(labels).toEqual(['pinned golden', 'new upstream 0.172.0', 'csm']);
    expect(await page.locator('figure.pane[data-label="new upstream 0.172.0"] .cd').count()).toBeGreaterThan(0);
    expect(existsSync(file) && JSON.parse(readFileSync(file, 'utf8')).kind).toBe('lab-accept');
  });
});
