// The import boundaries in .dependency-cruiser.mjs hold on this repo, and the check catches each
// kind of wrong import: the same rules run on a small tree written under .lab/ that breaks every
// one of them once, next to imports the rules allow.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseResult } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const TREES = ['product', 'harness', 'bench'];

/**
 * Runs the rules on `root` (which holds product/, harness/, bench/ and a package.json): every
 * violation as `rule: from → to`, and every module looked at.
 */
async function check(root: string): Promise<{ violations: string[]; modules: string[] }> {
  const options = await extractDepcruiseOptions(path.join(repoRoot, '.dependency-cruiser.mjs'));
  const tsConfig = extractTSConfig(path.join(repoRoot, 'tsconfig.json'));
  const { output } = await cruise(TREES, { ...options, baseDir: root }, {}, { tsConfig });
  const result = output as ICruiseResult;
  return {
    violations: result.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort(),
    modules: result.modules.map((m) => m.source),
  };
}

// Each wrong import sits beside allowed ones: a test using the aliases, test support using core, the
// bench using the lab and the product. Type-only imports count as much as value imports.
const FIXTURE: Record<string, string> = {
  // The repo's own aliases, so #lab/* and #test-support/* resolve inside the tree as they do here.
  'package.json': JSON.stringify({ type: 'module', imports: JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).imports }),
  'product/src/cli.ts': 'export const cli = 1;\n',
  'product/src/tui/view.ts': 'export const view = 1;\n',
  'product/src/runtime/session.ts': 'export const session = 1;\n',
  'product/src/core/thread.ts': "import { view } from '../tui/view.ts';\nimport type { session } from '../runtime/session.ts';\nexport const thread = view;\n",
  'product/src/core/thread.test.ts': "import { mock } from '#lab/mock';\nimport { writeSession } from '#test-support/sessions';\nimport { thread } from './thread.ts';\n",
  'product/src/core/relative.test.ts': "import { mock } from '../../../harness/mock/index.ts';\n",
  'product/src/exec/run.ts': "import { mock } from '#lab/mock';\nimport { writeSession } from '#test-support/sessions';\nimport { thread } from '../core/thread.ts';\n",
  'product/src/sessions/list.ts': "import { nothing } from '#lab/nothing';\n",
  'product/test-support/sessions.ts': "import { thread } from '../src/core/thread.ts';\nexport const writeSession = thread;\n",
  'harness/mock/index.ts': 'export const mock = 1;\n',
  'harness/drivers/run.ts': "import type { thread } from '../../product/src/core/thread.ts';\nimport { scale } from '../../bench/scales.ts';\n",
  'bench/scales.ts': "import { mock } from '../harness/mock/index.ts';\nimport { thread } from '../product/src/core/thread.ts';\nexport const scale = 1;\n",
};

describe('import boundaries', () => {
  it('hold on the repo', async () => {
    const { violations, modules } = await check(repoRoot);
    expect(violations).toEqual([]);
    // No violations because every tree was looked at, aliases resolved, not because nothing was.
    expect(modules).toEqual(expect.arrayContaining(['product/src/cli.ts', 'product/test-support/sessions.ts', 'harness/cli.ts', 'harness/mock/index.ts', 'bench/exec.ts']));
  });

  describe('on a tree that breaks each rule once', () => {
    let root: string;
    beforeAll(() => {
      mkdirSync(path.join(repoRoot, '.lab'), { recursive: true });
      root = mkdtempSync(path.join(repoRoot, '.lab', 'boundaries-'));
      for (const [file, text] of Object.entries(FIXTURE)) {
        mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
        writeFileSync(path.join(root, file), text);
      }
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    it('reports exactly the wrong imports, naming the rule each breaks', async () => {
      expect((await check(root)).violations).toEqual([
        'core-not-front-ends: product/src/core/thread.ts → product/src/runtime/session.ts',
        'core-not-front-ends: product/src/core/thread.ts → product/src/tui/view.ts',
        'lab-not-bench: harness/drivers/run.ts → bench/scales.ts',
        'lab-not-product: harness/drivers/run.ts → product/src/core/thread.ts',
        'product-not-lab: product/src/exec/run.ts → harness/mock/index.ts',
        'product-tests-lab-by-alias: product/src/core/relative.test.ts → harness/mock/index.ts',
        'resolvable: product/src/sessions/list.ts → #lab/nothing',
        'src-not-test-support: product/src/exec/run.ts → product/test-support/sessions.ts',
      ]);
    });
  });
});
