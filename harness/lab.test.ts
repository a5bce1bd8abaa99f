// The lab's own quality bars, run against the real pinned upstream binary.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './drivers/targets.ts';
import { goldenFiles } from './golden/store.ts';
import { checkScenario, paths, recordScenario } from './lab.ts';
import { loadScenarios } from './scenario/load.ts';

const scenarios = loadScenarios(paths.scenarios);
const byName = (name: string) => scenarios.find((s) => s.name === name)!;

describe('recording is deterministic', () => {
  mkdirSync(path.join(repoRoot, '.lab'), { recursive: true });
  const scratch = mkdtempSync(path.join(repoRoot, '.lab', 'determinism-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  for (const name of ['exec-json', 'exec-tool-call', 'tui-startup-80x24', 'tui-prompt-answer-100x30']) {
    it(`recording ${name} twice gives identical goldens`, async () => {
      const dirs = ['a', 'b'].map((run) => ({ goldens: path.join(scratch, run, 'goldens'), captures: path.join(scratch, run, 'captures') }));
      for (const d of dirs) await recordScenario(byName(name), d);
      const [first, second] = dirs.map((d) => goldenFiles(path.join(d.goldens, name)));
      expect(Object.keys(first).length).toBeGreaterThan(3);
      expect(second).toEqual(first);
    });
  }
});

describe('upstream passes its own goldens', () => {
  for (const s of scenarios) {
    it(s.name, async () => {
      const result = await checkScenario(s, 'upstream');
      const failures = result.components.filter((c) => !c.pass).map((c) => `${c.component}\n${c.detail}`);
      expect(failures).toEqual([]);
    });
  }
});

describe('a target that behaves differently fails the check', () => {
  it('csm (not yet implemented) fails exec-plain-text on stdout and exit code, with a readable diff', async () => {
    const result = await checkScenario(byName('exec-plain-text'), 'csm');
    expect(result.pass).toBe(false);
    const failed = Object.fromEntries(result.components.filter((c) => !c.pass).map((c) => [c.component, c.detail]));
    expect(Object.keys(failed)).toEqual(expect.arrayContaining(['exit_code', 'stdout', 'requests']));
    expect(failed.stdout).toContain('-Hi! This is the mock.');
    expect(failed.exit_code).toBe('golden 0, target 1');
  });
});
