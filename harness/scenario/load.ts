// Reads scenario files and turns schema problems into errors that name the file, the path and the problem.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { scenarioSchema, type Scenario } from './schema.ts';

export class ScenarioError extends Error {}

export function parseScenario(source: string, file: string): Scenario {
  let raw: unknown;
  try {
    raw = parseYaml(source);
  } catch (e) {
    throw new ScenarioError(`${file}: not valid YAML: ${(e as Error).message}`);
  }
  const result = scenarioSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  at ${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`);
    throw new ScenarioError(`${file}: invalid scenario\n${lines.join('\n')}`);
  }
  return { ...result.data, name: path.basename(file).replace(/\.ya?ml$/, ''), file };
}

export function loadScenario(file: string): Scenario {
  return parseScenario(readFileSync(file, 'utf8'), file);
}

export function loadScenarios(dir: string, filter: { grep?: string; shard?: string } = {}): Scenario[] {
  const files = readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort();
  let scenarios = files.map((f) => loadScenario(path.join(dir, f)));
  if (filter.grep) {
    const re = new RegExp(filter.grep);
    scenarios = scenarios.filter((s) => re.test(s.name));
  }
  if (filter.shard) {
    const m = /^(\d+)\/(\d+)$/.exec(filter.shard);
    if (!m || +m[1] < 1 || +m[1] > +m[2]) throw new ScenarioError(`--shard must look like i/n with 1 <= i <= n, got ${filter.shard}`);
    const [i, n] = [+m[1], +m[2]];
    scenarios = scenarios.filter((_, k) => k % n === i - 1);
  }
  return scenarios;
}
