// The session manager as the TUI's picker and /resume use it: in one long-lived process, so no
// process start. Measures, on a copy of a generated history with a warm index: refresh + first page
// (what opening the picker costs) and refresh + a full-text search for the deep word. csm only:
// upstream's picker has no library to call. Median of N runs.
// Usage: npx tsx bench/sessions/in-process.ts --scale small|medium|large|huge [--runs 20]
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SessionStore } from '../../product/src/core/sessions/store.ts';
import { DEEP_WORD, ensureHistory, parseScale } from './scales.ts';

const { values } = parseArgs({ options: { scale: { type: 'string', default: 'small' }, runs: { type: 'string', default: '20' } } });
const scale = parseScale(values.scale!);
const runs = Math.max(1, Number(values.runs));
const { codexHome: source, manifest } = ensureHistory(scale, { log: (s) => console.error(`[in-process] ${s}`) });
// Outside /tmp like the lab's homes; a copy, so the cached history keeps no index.
const parent = path.join(process.env.HOME ?? '.', '.cache', 'csm-lab');
mkdirSync(parent, { recursive: true });
const home = mkdtempSync(path.join(parent, `in-process-${scale}-`));
cpSync(source, home, { recursive: true, preserveTimestamps: true });

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return performance.now() - t;
}

try {
  const store = SessionStore.open(home);
  const cold = await time(() => store.refresh());
  const page: number[] = [];
  const search: number[] = [];
  let found = false;
  for (let i = 0; i < runs; i++) {
    page.push(await time(async () => (await store.refresh(), store.list({ all: true, limit: 25 }))));
    search.push(await time(async () => {
      await store.refresh();
      found = store.search(DEEP_WORD, { limit: 20 }).some((h) => h.session.id === manifest.deepWord?.sessionId);
    }));
  }
  store.close();
  console.log(`in-process session manager, scale ${scale}: ${manifest.sessions} sessions, ${(manifest.totalBytes / 2 ** 20).toFixed(1)} MB; median of ${runs}`);
  console.log(`  cold index (first refresh)        ${cold.toFixed(0)} ms`);
  console.log(`  warm refresh + first page (25)    ${median(page).toFixed(1)} ms`);
  console.log(`  warm refresh + search "${DEEP_WORD}"  ${median(search).toFixed(1)} ms (found: ${found})`);
} finally {
  rmSync(home, { recursive: true, force: true });
}
