// Goldens on disk: one directory per scenario, split into small text files a reviewer can read as diffs.
//   goldens/<scenario>/run.json                 argv, exit codes, problems
//   goldens/<scenario>/inv<i>.stdout.txt|.stderr.txt|.events.jsonl
//   goldens/<scenario>/frames/<name>.txt|.attrs.txt|.json
//   goldens/<scenario>/requests.json            request shapes (turns, titles)
//   goldens/<scenario>/rollouts.json            rollout line skeletons
//   goldens/<scenario>/files.json               workspace files named by files_after
// Measurements (timings, byte counters) vary per run and live in reference-captures/<scenario>/.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Capture, CapturedFrame, Measurements } from '../capture/capture.ts';

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

export function writeGolden(dir: string, capture: Capture): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'frames'), { recursive: true });
  writeFileSync(
    path.join(dir, 'run.json'),
    json({
      scenario: capture.scenario,
      invocations: capture.invocations.map((i) => ({ argv: i.argv, exit_code: i.exit_code, signal: i.signal, json_events: i.events !== null })),
      frames: capture.frames.map((f) => f.name),
      problems: capture.problems,
    }),
  );
  capture.invocations.forEach((inv, i) => {
    writeFileSync(path.join(dir, `inv${i}.stdout.txt`), inv.stdout);
    writeFileSync(path.join(dir, `inv${i}.stderr.txt`), inv.stderr);
    if (inv.events) writeFileSync(path.join(dir, `inv${i}.events.jsonl`), inv.events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  });
  for (const f of capture.frames) {
    writeFileSync(path.join(dir, 'frames', `${f.name}.txt`), f.text + '\n');
    writeFileSync(path.join(dir, 'frames', `${f.name}.attrs.txt`), f.attrs + '\n');
    writeFileSync(path.join(dir, 'frames', `${f.name}.json`), json(f.meta));
  }
  writeFileSync(path.join(dir, 'requests.json'), json(capture.requests));
  writeFileSync(path.join(dir, 'rollouts.json'), json(capture.rollouts));
  writeFileSync(path.join(dir, 'files.json'), json(capture.files));
}

export function readGolden(dir: string): Capture {
  if (!existsSync(path.join(dir, 'run.json'))) throw new Error(`no golden at ${dir}: record it first (npm run lab -- record --grep <name>)`);
  const read = (f: string) => readFileSync(path.join(dir, f), 'utf8');
  const run = JSON.parse(read('run.json'));
  const frames: CapturedFrame[] = (run.frames as string[]).map((name) => ({
    name,
    text: read(`frames/${name}.txt`).replace(/\n$/, ''),
    attrs: read(`frames/${name}.attrs.txt`).replace(/\n$/, ''),
    meta: JSON.parse(read(`frames/${name}.json`)),
  }));
  return {
    scenario: run.scenario,
    invocations: run.invocations.map((inv: { argv: string[]; exit_code: number | null; signal: string | null; json_events: boolean }, i: number) => ({
      argv: inv.argv,
      exit_code: inv.exit_code,
      signal: inv.signal,
      stdout: read(`inv${i}.stdout.txt`),
      stderr: read(`inv${i}.stderr.txt`),
      events: inv.json_events ? read(`inv${i}.events.jsonl`).split('\n').filter(Boolean).map((l) => JSON.parse(l)) : null,
    })),
    frames,
    requests: JSON.parse(read('requests.json')),
    rollouts: JSON.parse(read('rollouts.json')),
    files: JSON.parse(read('files.json')),
    problems: run.problems,
  };
}

export function writeMeasurements(dir: string, m: Measurements, fullRequests: unknown): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'timings.json'), json(m));
  writeFileSync(path.join(dir, 'requests.full.json'), json(fullRequests));
}

export function readMeasurements(dir: string): Measurements | null {
  const f = path.join(dir, 'timings.json');
  return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : null;
}

/** Every file under a golden directory, relative path → content (for determinism checks). */
export function goldenFiles(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else out[path.relative(dir, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}
