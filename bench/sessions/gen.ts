// Generates (or reuses) a benchmark history.
// Usage: npx tsx bench/sessions/gen.ts --scale small|medium|large|huge [--out DIR] [--force]
// DIR defaults to .lab/bench-history/<scale>; the CODEX_HOME is DIR/codex-home, the description DIR/manifest.json.
import { parseArgs } from 'node:util';
import { ensureHistory, parseScale, SCALES } from './scales.ts';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: 'small' },
    out: { type: 'string' },
    force: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(`usage: npx tsx bench/sessions/gen.ts --scale ${SCALES.join('|')} [--out DIR] [--force]`);
  process.exit(0);
}

try {
  const scale = parseScale(values.scale!);
  const { dir, codexHome, manifest, reused } = ensureHistory(scale, { dir: values.out, force: values.force, log: (s) => console.error(s) });
  const mb = (manifest.totalBytes / 1024 / 1024).toFixed(1);
  console.log(`${reused ? 'reused' : `generated in ${manifest.generateSeconds} s`}: ${manifest.sessions} sessions, ${mb} MB`);
  console.log(`CODEX_HOME=${codexHome}`);
  console.log(`manifest: ${dir}/manifest.json`);
  console.log(`deep word "${manifest.deepWord.word}" in ${manifest.deepWord.sessionId}; resume target ${manifest.resumeTarget.id} (${(manifest.resumeTarget.bytes / 1024 / 1024).toFixed(1)} MB)`);
} catch (err) {
  console.error(`gen: ${(err as Error).message}`);
  process.exit(1);
}
