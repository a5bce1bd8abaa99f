// Goldens on disk: one directory per scenario, split into small text files a reviewer can read as diffs.
//   goldens/<scenario>/run.json                 argv, exit codes, problems
//   goldens/<scenario>/inv<i>.stdout.txt|.stderr.txt|.events.jsonl
//   goldens/<scenario>/frames/<name>.txt|.attrs.txt|.json
//   goldens/<scenario>/requests.json            request shapes (turns, titles)
//   goldens/<scenario>/rollouts.json            rollout line skeletons
//   goldens/<scenario>/files.json               workspace files named by files_after
//   goldens/<scenario>/messages.jsonl           a jsonrpc scenario's transcript (one message a line)
//   goldens/<scenario>/timelines/<name>.json    a `sample` window's timeline (motion: status row, clears)
//   goldens/<scenario>/environment.json         what it was recorded on (upstream build, bwrap, kernel, …)
//   goldens/<scenario>/alt-<k>/…                other outputs upstream gave in some runs (scenarios declaring upstream_varies)
// Measurements (timings, byte counters) vary per run and live in reference-captures/<scenario>/.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Capture, CapturedFrame, Measurements } from '../capture/capture.ts';
import { goldenTimeline } from '../capture/timeline.ts';

const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';

/** A capture as the golden's files (relative path → content): what is written, and what repeat runs must agree on. */
export function goldenFilesOf(capture: Capture): Record<string, string> {
  const files: Record<string, string> = {};
  files['run.json'] = json({
    scenario: capture.scenario,
    invocations: capture.invocations.map((i) => ({ argv: i.argv, exit_code: i.exit_code, signal: i.signal, json_events: i.events !== null })),
    frames: capture.frames.map((f) => f.name),
    problems: capture.problems,
    ...(capture.rpc ? { jsonrpc: { unordered: capture.rpc.unordered } } : {}),
    ...(capture.timelines?.length ? { timelines: capture.timelines.map((t) => t.name) } : {}),
  });
  capture.invocations.forEach((inv, i) => {
    files[`inv${i}.stdout.txt`] = inv.stdout;
    files[`inv${i}.stderr.txt`] = inv.stderr;
    if (inv.events) files[`inv${i}.events.jsonl`] = inv.events.map((e) => JSON.stringify(e)).join('\n') + '\n';
  });
  for (const f of capture.frames) {
    files[`frames/${f.name}.txt`] = f.text + '\n';
    files[`frames/${f.name}.attrs.txt`] = f.attrs + '\n';
    files[`frames/${f.name}.json`] = json(f.meta);
  }
  files['requests.json'] = json(capture.requests);
  files['rollouts.json'] = json(capture.rollouts);
  files['files.json'] = json(capture.files);
  for (const t of capture.timelines ?? []) files[`timelines/${t.name}.json`] = json(goldenTimeline(t));
  if (capture.rpc) files['messages.jsonl'] = capture.rpc.messages.map((m) => JSON.stringify(m)).join('\n') + '\n';
  return files;
}

/** The check component a golden file feeds, for messages about what differs. */
export function componentOfFile(rel: string): string {
  const inv = /^inv(\d+)\.(stdout|stderr|events)/.exec(rel);
  if (inv) return `${inv[2]}#${inv[1]}`;
  if (rel.startsWith('timelines/')) return 'timelines';
  if (rel.startsWith('frames/')) return rel.endsWith('.attrs.txt') ? 'frames.attrs' : rel.endsWith('.json') ? 'frames.meta' : 'frames.text';
  return { 'run.json': 'exit_code', 'requests.json': 'requests', 'rollouts.json': 'rollouts', 'files.json': 'files', 'messages.jsonl': 'messages' }[rel] ?? rel;
}

export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
}

/**
 * Writes a scenario's golden: `variants[0]` at the top, any further variant (an output upstream
 * produces in some runs and not others, kept when the scenario declares `upstream_varies`) under
 * `alt-<k>/`, and the machine it was recorded on as `environment.json`.
 */
export function writeGolden(dir: string, variants: Capture[], environment?: unknown): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(path.join(dir, 'frames'), { recursive: true });
  variants.forEach((capture, k) => writeFiles(k ? path.join(dir, `alt-${k}`) : dir, goldenFilesOf(capture)));
  if (environment) writeFileSync(path.join(dir, 'environment.json'), json(environment));
}

/** The golden and its alternatives, labelled `golden`, `alt-1`, … */
export function readGoldenVariants(dir: string): { label: string; capture: Capture }[] {
  const alts = existsSync(dir)
    ? readdirSync(dir)
        .filter((n) => /^alt-\d+$/.test(n))
        .sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)))
    : [];
  return [{ label: 'golden', capture: readGolden(dir) }, ...alts.map((a) => ({ label: a, capture: readGolden(path.join(dir, a)) }))];
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
    ...(run.jsonrpc ? { rpc: { unordered: run.jsonrpc.unordered, messages: read('messages.jsonl').split('\n').filter(Boolean).map((l) => JSON.parse(l)) } } : {}),
    ...(run.timelines ? { timelines: (run.timelines as string[]).map((name) => JSON.parse(read(`timelines/${name}.json`))) } : {}),
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
