// V8 settings csm applies to itself before anything else runs (imported first by cli.ts).
import { setFlagsFromString } from 'node:v8';

// Node's fetch (undici, which the openai SDK talks through) parses HTTP with a WebAssembly build of
// llhttp. V8 first compiles it quickly (Liftoff), then recompiles its hot functions with TurboFan in
// the background. That recompilation costs about 30 MB of peak RSS and keeps an `exec` alive ~100 ms
// after its last byte, for an HTTP parser whose speed never shows: it frames responses whose time
// is the model's. Liftoff code alone is what csm keeps. Measured with `/usr/bin/time -f %M` on
// `csm exec "say hi"` against the lab's mock: 98 MB → 68 MB.
setFlagsFromString('--liftoff-only');
