// V8 settings csm applies to itself before anything else runs (imported first by cli.ts). Each was
// measured with `/usr/bin/time -f %M` against the lab's mock; benchmarks in bench/ report the rest.
import { setFlagsFromString } from 'node:v8';

// Node's fetch (undici, which the openai SDK talks through) parses HTTP with a WebAssembly build of
// llhttp. V8 first compiles it quickly (Liftoff), then recompiles its hot functions with TurboFan in
// the background. That recompilation costs about 30 MB of peak RSS and keeps an `exec` alive ~100 ms
// after its last byte, for an HTTP parser whose speed never shows: it frames responses whose time
// is the model's. `csm exec "say hi"`: 98 MB → 68 MB.
setFlagsFromString('--liftoff-only');

// The young generation starts at 1 MB a semi-space and doubles up to 16 MB under allocation. Reading
// a long rollout allocates fast (every line is decoded, most of it dropped at once), so it grows to
// its maximum and the old generation grows with it; kept at its first size, short-lived garbage is
// collected as it goes. `csm exec resume` of a 30 MB session with no compaction: 157 MB → 120 MB.
setFlagsFromString('--semi-space-growth-factor=1');

// V8's heap grows ahead of what is alive by a wide margin, sized for throughput. A resumed long
// session is one large burst of short-lived garbage (30 MB of lines decoded to keep a third of
// them), so that margin becomes most of the peak. Sized for memory, exec resume of a session with
// no compaction peaks at 109 MB instead of 120 (30 MB session) and 167 MB instead of 246 (100 MB).
setFlagsFromString('--optimize-for-size');
