// V8 settings csm applies to itself. Each was measured with `/usr/bin/time -f %M` against the lab's
// mock; bench/ reports the rest.
import { setFlagsFromString } from 'node:v8';

// At start (cli.ts imports this module first). Node's fetch (undici, which the openai SDK talks
// through) parses HTTP with a WebAssembly build of llhttp. V8 first compiles it quickly (Liftoff),
// then recompiles its hot functions with TurboFan in the background. That recompilation costs about
// 30 MB of peak RSS and keeps an `exec` alive ~100 ms after its last byte, for an HTTP parser whose
// speed never shows: it frames responses whose time is the model's. `csm exec "say hi"`: 98 → 68 MB.
setFlagsFromString('--liftoff-only');

// V8 runs a regular expression's first matches in its bytecode interpreter and compiles it to
// machine code only once it proves hot. marked's block rules are a few very large expressions that
// all turn hot while the first message is laid out, so each was compiled twice: lexing the first
// few lines of markdown took 72 ms, most of a resumed session's first frame. Compiled once, 21 ms.
setFlagsFromString('--no-regexp-tier-up');

let sized = false;

/**
 * Before a long session's history is read (resume, fork): from then on the young generation stays
 * at its first size and the heap grows by a small margin. Reading a rollout is one burst of
 * short-lived garbage (every line decoded, a third of it kept), which V8's throughput sizing turns
 * into most of the peak: `csm exec resume` of a 30 MB session with no compaction peaked at 157 MB,
 * now 95 MB; a 100 MB session 246 → 140 MB (with the streamed request body). Not at start: short
 * commands and the TUI's first frame keep V8's faster defaults.
 */
export function sizeHeapForHistory(): void {
  if (sized) return;
  sized = true;
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--optimize-for-size');
}
