import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['product/**/*.test.ts', 'harness/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Upstream runs are CPU-heavy on this 2-core machine; keep files from fighting each other.
    fileParallelism: false,
    // Only tests marked concurrent (the lab's csm checks) share the machine, three at a time.
    maxConcurrency: 3,
    // vitest.json feeds .ci/summary.mjs, which prints the "N passed, N failed" line CI reads.
    reporters: ['default', ['json', { outputFile: 'vitest.json' }]],
  },
});
