// Prints CI's closing line from vitest's JSON report; a missing report counts as one failure.
import { existsSync, readFileSync } from 'node:fs';

const [file, rc] = process.argv.slice(2);
if (!existsSync(file)) {
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const r = JSON.parse(readFileSync(file, 'utf8'));
let failed = r.numFailedTests + (r.numFailedTestSuites ?? 0);
if (!failed && rc !== '0') failed = 1; // vitest failed without a failing test (e.g. a crash)
console.log(`${r.numPassedTests} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
