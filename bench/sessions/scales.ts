// The benchmark's history scales and their on-disk cache (.lab/bench-history/<scale>/, gitignored):
// codex-home/ holds the generated $CODEX_HOME, manifest.json what the bench needs to know about it.
// A cache is reused only when its manifest matches the current generator version and scale spec;
// the manifest is written last, so an interrupted generation is never mistaken for a finished one.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../harness/drivers/targets.ts';
import { generateHistory, type GeneratedSession, type GenerateOptions } from '../../harness/history/generate.ts';

/** Bump when the generator's output changes, so stale caches are regenerated. */
export const GENERATOR_VERSION = 2;

export const SCALES = ['small', 'medium', 'large', 'huge', 'flat-30m', 'flat-100m'] as const;
export type Scale = (typeof SCALES)[number];

/** Occurs nowhere in the generator's vocabulary; placed once, deep inside one session. */
export const DEEP_WORD = 'zyzzogeton';

// Sessions are recorded under the lab's provider id: upstream refuses to resume a thread under another
// provider than the configured one ("Cannot change this thread's model provider from `openai` to
// `mock` on resume"), and the built-in openai provider would first try WebSockets against the mock.
const PROVIDER = 'mock';

const KB = 1024;
const MB = 1024 * KB;
const GB = 1024 * MB;

const smallSet = (deep: boolean): GenerateOptions => ({
  sessions: 200,
  bytesPerSession: 50 * KB,
  seed: 1,
  provider: PROVIDER,
  ...(deep ? { deepWord: { word: DEEP_WORD, sessionIndex: 137, atFraction: 0.8 } } : {}),
});

/** One very long, recent session: the resume target and (large/huge) the deep word's home. */
const bigSession = (bytes: number, seed: number): GenerateOptions => ({
  sessions: 1,
  bytesPerSession: bytes,
  seed,
  days: 3,
  sizeJitter: 0,
  withLegacyShare: false,
  provider: PROVIDER,
  deepWord: { word: DEEP_WORD, sessionIndex: 0, atFraction: 0.6 },
});

/** A long session written with automatic compaction off (or by an older version): nothing to resume from but the whole file. */
const flatSession = (bytes: number, seed: number): GenerateOptions => ({ ...bigSession(bytes, seed), compactAtTokens: Number.MAX_SAFE_INTEGER, maxStepsPerTurn: 0 });

/** Each scale is one or more generator runs into the same CODEX_HOME. */
export const SCALE_PARTS: Record<Scale, GenerateOptions[]> = {
  small: [smallSet(true)],
  medium: [{ sessions: 2000, bytesPerSession: 200 * KB, seed: 2, provider: PROVIDER, deepWord: { word: DEEP_WORD, sessionIndex: 1370, atFraction: 0.8 } }],
  large: [smallSet(false), bigSession(100 * MB, 3)],
  huge: [smallSet(false), bigSession(400 * MB, 4)],
  'flat-30m': [smallSet(false), flatSession(30 * MB, 5)],
  'flat-100m': [smallSet(false), flatSession(100 * MB, 6)],
};

export interface HistoryManifest {
  generatorVersion: number;
  scale: Scale;
  parts: GenerateOptions[];
  sessions: number;
  totalBytes: number;
  deepWord: { word: string; sessionId: string; relPath: string };
  /** The session the resume benchmark continues: the big one, else the newest paginated one. */
  resumeTarget: { id: string; relPath: string; bytes: number; compactions: number };
  /** The 25 newest sessions by updated time (file mtime), newest first: what a first page should hold. */
  expectedFirstPage: string[];
  generateSeconds: number;
  /** Every session, for tests and checks. */
  index: GeneratedSession[];
}

export function cacheDir(scale: Scale): string {
  return path.join(repoRoot, '.lab/bench-history', scale);
}

export function parseScale(v: string): Scale {
  if ((SCALES as readonly string[]).includes(v)) return v as Scale;
  throw new Error(`unknown scale "${v}": expected ${SCALES.join(', ')}`);
}

/** Free bytes on the filesystem holding `dir` (or its nearest existing parent). */
function freeBytes(dir: string): number {
  let d = dir;
  while (!existsSync(d)) d = path.dirname(d);
  const s = statfsSync(d);
  return s.bavail * s.bsize;
}

function readManifest(dir: string): HistoryManifest | null {
  try {
    return JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as HistoryManifest;
  } catch {
    return null;
  }
}

/**
 * The history for `scale` in `dir` (default: the cache), generated unless a matching one is there.
 * Returns the manifest; the CODEX_HOME is `<dir>/codex-home`.
 */
export function ensureHistory(scale: Scale, opts: { dir?: string; force?: boolean; log?: (s: string) => void } = {}): { dir: string; codexHome: string; manifest: HistoryManifest; reused: boolean } {
  const dir = opts.dir ?? cacheDir(scale);
  const codexHome = path.join(dir, 'codex-home');
  const parts = SCALE_PARTS[scale];
  const existing = opts.force ? null : readManifest(dir);
  if (existing && existing.generatorVersion === GENERATOR_VERSION && JSON.stringify(existing.parts) === JSON.stringify(parts) && existsSync(codexHome)) {
    return { dir, codexHome, manifest: existing, reused: true };
  }
  if (scale === 'huge' && freeBytes(dir) < 5 * GB) throw new Error(`scale "huge" needs more than 5 GB free at ${dir}; df shows ${(freeBytes(dir) / GB).toFixed(1)} GB`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(codexHome, { recursive: true });
  const started = performance.now();
  const index: GeneratedSession[] = [];
  let totalBytes = 0;
  let deepWord: HistoryManifest['deepWord'] | undefined;
  for (const part of parts) {
    opts.log?.(`generating ${part.sessions} × ${(part.bytesPerSession / KB).toFixed(0)} KB (seed ${part.seed}) into ${codexHome}`);
    const h = generateHistory(codexHome, part);
    index.push(...h.sessions);
    totalBytes += h.totalBytes;
    if (h.deepWord) deepWord = h.deepWord;
  }
  if (!deepWord) throw new Error(`scale ${scale} placed no deep word`);
  const big = parts.length > 1 ? index[index.length - 1] : [...index].reverse().find((s) => s.format === 'paginated')!;
  const byUpdated = [...index].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id));
  const manifest: HistoryManifest = {
    generatorVersion: GENERATOR_VERSION,
    scale,
    parts,
    sessions: index.length,
    totalBytes,
    deepWord,
    resumeTarget: { id: big.id, relPath: big.relPath, bytes: big.bytes, compactions: big.compactions },
    expectedFirstPage: byUpdated.slice(0, 25).map((s) => s.id),
    generateSeconds: +((performance.now() - started) / 1000).toFixed(2),
    index,
  };
  const tmp = path.join(dir, 'manifest.json.tmp');
  writeFileSync(tmp, JSON.stringify(manifest, null, 1) + '\n');
  renameSync(tmp, path.join(dir, 'manifest.json'));
  return { dir, codexHome, manifest, reused: false };
}
