// Import boundaries between the product, the lab and the benchmarks. `npm test` enforces them
// (harness/boundaries.test.ts); `npm run boundaries` prints the same check. Paths are relative to
// the repo root. Type-only imports count: a boundary is about what a module knows, not what it runs.

const TEST = '\\.test\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'core-not-front-ends',
      comment:
        'product/src/core is what every front end builds on (Thread events, config, rollouts, the session index); ' +
        'it never imports a front end or the runtime that wires them: the CLI, the TUI, exec, the sessions CLI.',
      severity: 'error',
      from: { path: '^product/src/core/' },
      to: { path: '^product/src/(cli\\.ts$|tui/|exec/|sessions/|runtime/)' },
    },
    {
      name: 'product-not-lab',
      comment:
        'csm ships without the lab and the benchmarks: no product module imports harness/ or bench/. ' +
        'Only test files may use the lab, through its #lab/* entry modules (see product-tests-lab-by-alias).',
      severity: 'error',
      from: { path: '^product/', pathNot: TEST },
      to: { path: '^(harness|bench)/' },
    },
    {
      name: 'product-tests-lab-by-alias',
      comment:
        'A product test reaches the lab only through a #lab/* import alias (package.json "imports"), ' +
        "so it depends on the lab's entry modules, never on where a lab file happens to live; never bench/.",
      severity: 'error',
      from: { path: `^product/.*${TEST}` },
      to: { path: '^(harness/|bench/)', dependencyTypesNot: ['aliased-subpath-import'] },
    },
    {
      name: 'src-not-test-support',
      comment: 'product/test-support/ is for tests: code that ships never imports it.',
      severity: 'error',
      from: { path: '^product/src/', pathNot: TEST },
      to: { path: '^product/test-support/' },
    },
    {
      name: 'lab-not-product',
      comment: 'The lab treats csm as a black box (the built dist/csm.mjs, run like upstream): harness/ never imports product/.',
      severity: 'error',
      from: { path: '^harness/' },
      to: { path: '^product/' },
    },
    {
      name: 'lab-not-bench',
      comment: 'The benchmarks build on the lab (drivers, mock, history generator), never the other way round.',
      severity: 'error',
      from: { path: '^harness/' },
      to: { path: '^bench/' },
    },
    {
      name: 'resolvable',
      comment: 'An import the checker cannot resolve is one it cannot judge (e.g. a #alias missing from package.json).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    exclude: { path: '(^|/)(node_modules|dist|\\.lab)/' },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.mjs', '.js', '.cjs', '.d.ts', '.json'],
    },
  },
};
