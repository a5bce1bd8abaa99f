// Bundles the csm CLI into one ESM file (dist/csm.mjs): bundled start is ~3x faster than unbundled.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

rmSync('dist', { recursive: true, force: true });

await build({
  entryPoints: ['product/src/cli.ts'],
  // Code splitting keeps start-up small: commands load their modules on demand.
  outdir: 'dist',
  entryNames: 'csm',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['@lydell/node-pty', 'better-sqlite3'],
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __csmCreateRequire } from 'node:module'; const require = __csmCreateRequire(import.meta.url);",
  },
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
