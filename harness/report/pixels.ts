// Pixel diffs of failing frames: both sides drawn by the dashboard's own renderer in headless
// Chromium (fixed font, theme and cell size), compared with pixelmatch; the diff image and the
// count of changed pixels go into the report. Frames that match are never rendered.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import type { FrameInput } from './cells.ts';
import { pixelScript } from './bundle.ts';
import { CHROMIUM, chromiumAvailable, launchChromium } from './chromium.ts';
import type { ReportData } from './model.ts';

interface Job {
  scenario: string;
  target: string;
  frame: string;
  golden: FrameInput;
  actual: FrameInput;
}

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');

function failingFrames(data: ReportData): Job[] {
  const jobs: Job[] = [];
  for (const s of data.scenarios)
    for (const [target, r] of Object.entries(s.results)) {
      const frames = s.golden[r.matched] ?? s.golden.golden ?? [];
      for (const f of r.frames) {
        const golden = frames.find((g) => g.name === f.name);
        if (!golden || !f.actual || (f.textMatch === 1 && f.attrMatch === 1)) continue;
        jobs.push({ scenario: s.name, target, frame: f.name, golden, actual: f.actual });
      }
    }
  return jobs;
}

const png = (dataUrl: string) => PNG.sync.read(Buffer.from(dataUrl.slice(dataUrl.indexOf(',') + 1), 'base64'));

/** Renders and diffs every failing frame of `data` into `<dir>/pixels/`, recording the results in `data`. */
export async function addPixelDiffs(data: ReportData, dir: string): Promise<void> {
  const jobs = failingFrames(data);
  if (!jobs.length) {
    data.pixels = { note: 'no failing frame to render', frames: 0 };
    return;
  }
  if (!chromiumAvailable()) {
    data.pixels = { note: `skipped: no chromium at ${CHROMIUM}`, frames: 0 };
    return;
  }
  const browser = await launchChromium();
  try {
    const page = await browser.context.newPage();
    await page.setContent(`<!doctype html><meta charset="utf-8"><body><script>${pixelScript().replace(/<\/script/gi, '<\\/script')}</script></body>`);
    const version = browser.context.browser()?.version() ?? '';
    for (const job of jobs) {
      const shot = await page.evaluate(
        ([g, a]) => (window as unknown as { labRenderPair: (g: FrameInput, a: FrameInput) => { golden: string; actual: string } }).labRenderPair(g, a),
        [job.golden, job.actual] as const,
      );
      const g = png(shot.golden);
      const a = png(shot.actual);
      const diff = new PNG({ width: g.width, height: g.height });
      const changed = pixelmatch(g.data, a.data, diff.data, g.width, g.height, { threshold: 0.1 });
      const rel = path.posix.join('pixels', safe(job.target), safe(job.scenario), `${safe(job.frame)}.png`);
      mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      writeFileSync(path.join(dir, rel), PNG.sync.write(diff));
      const r = data.scenarios.find((s) => s.name === job.scenario)!.results[job.target];
      (r.pixels ??= {})[job.frame] = { changed, total: g.width * g.height, width: g.width, height: g.height, image: rel };
    }
    data.pixels = { note: `${jobs.length} failing frame(s) rendered in Chromium ${version}`.trim(), frames: jobs.length };
  } finally {
    await browser.close();
  }
}
