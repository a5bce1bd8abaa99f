// Deterministic session-history generator: writes upstream-shaped rollouts (and a share of legacy
// ones) under $CODEX_HOME/sessions/YYYY/MM/DD/, creation times spread over past days, each file
// padded to its byte target, file mtimes set to the last line's time. Same options → same bytes.
import { mkdirSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { deriveSeed, Rng, uuidv7 } from './rng.ts';
import { writeSession, type SessionFormat, type SessionPlan, type SessionSource } from './session.ts';
import { baseInstructionsText, Vocabulary } from './text.ts';

export interface GenerateOptions {
  sessions: number;
  bytesPerSession: number;
  seed: number;
  /** How many distinct project directories sessions ran in (skewed: most sessions in the first few). Default 6. */
  cwdCount?: number;
  /** Fraction of sessions (the oldest ones) written in the legacy pre-ordinal format. true = 0.1 (the default), false = none. */
  withLegacyShare?: boolean | number;
  /** Put `word` into one user prompt of session `sessionIndex` (0 = oldest), after `atFraction` of its bytes. */
  deepWord?: { word: string; sessionIndex: number; atFraction: number };
  /** Newest possible session end, ISO. Fixed so output never depends on the clock. */
  endDate?: string;
  /** Creation times are spread over this many days before endDate. Default 60. */
  days?: number;
  /** Each session's target is bytesPerSession × (1 ± sizeJitter), mean-preserving. Default 0.2. */
  sizeJitter?: number;
  /** model_provider recorded in the sessions. Default "openai". */
  provider?: string;
  /** Paginated sessions compact when their estimated context passes this many tokens. Default 150,000. */
  compactAtTokens?: number;
  /** At most this many tool calls in a turn (each turn draws 0..N). Default 4; fewer makes more, smaller turns. */
  maxStepsPerTurn?: number;
  /**
   * Session i gets shapes[i % shapes.length] instead of the legacy share: `paginated`, `legacy`, or
   * `compacted` (paginated, at least two turns and a compaction before each turn after the first).
   */
  shapes?: SessionShape[];
  /**
   * Every session's cwd (e.g. a lab workspace, so `exec resume --last` there finds them). Default:
   * generated project dirs. Only the written path depends on it: sizes, token counts and turns are
   * computed with a fixed stand-in, so two workspaces of different path lengths get the same sessions.
   */
  cwd?: string;
}

export const SESSION_SHAPES = ['paginated', 'legacy', 'compacted'] as const;
export type SessionShape = (typeof SESSION_SHAPES)[number];

export interface GeneratedSession {
  index: number;
  id: string;
  /** Relative to codexHome. */
  relPath: string;
  format: SessionFormat;
  source: SessionSource;
  cwd: string;
  bytes: number;
  lines: number;
  turns: number;
  compactions: number;
  createdAt: string;
  updatedAt: string;
  firstUserMessage: string;
}

export interface GeneratedHistory {
  sessions: GeneratedSession[];
  totalBytes: number;
  deepWord?: { word: string; sessionId: string; relPath: string };
}

export const DEFAULT_END_DATE = '2026-11-20T18:00:00.000Z';
const DAY = 86_400_000;
/** Generated in place of GenerateOptions.cwd, then replaced by it as lines are written. */
const CWD_STAND_IN = '/home/dev/src/workspace';
const PROJECTS = ['webapp', 'billing-service', 'cli-tools', 'infra', 'ml-pipeline', 'docs-site', 'mobile', 'data-etl', 'auth-gateway', 'search', 'payments', 'design-system'];

function legacyShare(v: boolean | number | undefined): number {
  if (v === undefined || v === true) return 0.1;
  if (v === false) return 0;
  return Math.min(1, Math.max(0, v));
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** upstream's file name: rollout-YYYY-MM-DDThh-mm-ss-<uuid>.jsonl under sessions/YYYY/MM/DD (UTC here; upstream uses local time). */
export function rolloutRelPath(ms: number, id: string): string {
  const d = new Date(ms);
  const [y, mo, da] = [d.getUTCFullYear(), pad(d.getUTCMonth() + 1), pad(d.getUTCDate())];
  const stamp = `${y}-${mo}-${da}T${pad(d.getUTCHours())}-${pad(d.getUTCMinutes())}-${pad(d.getUTCSeconds())}`;
  return path.join('sessions', String(y), mo, da, `rollout-${stamp}-${id}.jsonl`);
}

/** Writes the history into `codexHome` (created if needed) and describes what it wrote. */
export function generateHistory(codexHome: string, opts: GenerateOptions): GeneratedHistory {
  const n = opts.sessions;
  const end = Date.parse(opts.endDate ?? DEFAULT_END_DATE);
  const days = opts.days ?? 60;
  const jitter = opts.sizeJitter ?? 0.2;
  const cwdCount = Math.max(1, Math.min(opts.cwdCount ?? 6, 64));
  const legacyCount = Math.floor(n * legacyShare(opts.withLegacyShare));
  const vocab = new Vocabulary();
  const base = baseInstructionsText(vocab);
  const cwds = Array.from({ length: cwdCount }, (_, i) => `/home/dev/src/${PROJECTS[i % PROJECTS.length]}${i >= PROJECTS.length ? `-${Math.floor(i / PROJECTS.length)}` : ''}`);
  if (opts.deepWord && (opts.deepWord.sessionIndex < 0 || opts.deepWord.sessionIndex >= n)) throw new Error(`deepWord.sessionIndex ${opts.deepWord.sessionIndex} is outside 0..${n - 1}`);
  if (opts.deepWord && vocab.contains(opts.deepWord.word)) throw new Error(`deep word "${opts.deepWord.word}" also occurs in the generator's vocabulary; pick another`);

  const sessions: GeneratedSession[] = [];
  let totalBytes = 0;
  let deepWord: GeneratedHistory['deepWord'];
  const made = new Set<string>();
  for (let i = 0; i < n; i++) {
    // Each session draws from its own stream, so changing one session never shifts another.
    const rng = new Rng(deriveSeed(opts.seed, i));
    const slot = (days * DAY) / n;
    const startMs = Math.floor(end - days * DAY + (i + rng.next() * 0.9) * slot);
    const shape: SessionShape | undefined = opts.shapes?.length ? opts.shapes[i % opts.shapes.length] : undefined;
    const format: SessionFormat = shape ? (shape === 'legacy' ? 'legacy' : 'paginated') : i < legacyCount ? 'legacy' : 'paginated';
    const r = rng.next();
    const source: SessionSource = format === 'legacy' ? (r < 0.7 ? 'cli' : 'exec') : r < 0.45 ? 'exec' : r < 0.85 ? 'cli' : 'vscode';
    const targetBytes = Math.max(4096, Math.round(opts.bytesPerSession * (1 + (rng.next() * 2 - 1) * jitter)));
    // Big sessions are dense (a long working day), small ones have minutes between turns.
    const estTurns = Math.max(1, targetBytes / 15_000);
    const turnGapMs = Math.max(2_000, Math.min(240_000, Math.floor((1.5 * DAY) / estTurns)));
    const id = uuidv7(startMs, rng);
    if (made.has(id)) throw new Error(`duplicate session id ${id}`);
    made.add(id);
    const picked = rng.pickSkewed(cwds);
    const project = opts.cwd !== undefined ? CWD_STAND_IN : picked;
    const paginatedModels = ['gpt-5.5', 'gpt-5.5', 'gpt-5.5', 'gpt-5.4', 'gpt-5.3-codex'];
    const plan: SessionPlan = {
      id,
      startMs,
      cwd: project,
      source,
      format,
      targetBytes,
      model: format === 'legacy' ? rng.pick(['gpt-5', 'gpt-5-codex']) : rng.pick(paginatedModels),
      provider: opts.provider ?? 'openai',
      cliVersion: format === 'legacy' ? rng.pick(['0.36.0', '0.42.0', '0.46.0']) : rng.pick(['0.169.0', '0.169.0', '0.169.0', '0.168.0', '0.166.1']),
      git: {
        commit_hash: rng.hex(40),
        branch: rng.pick(['main', 'main', 'main', `feature/${rng.pick(['index', 'search', 'paging', 'retry', 'export', 'cache'])}`, `fix/${rng.range(100, 9999)}`]),
        ...(rng.chance(0.5) ? { repository_url: `git@github.com:dev/${path.basename(project)}.git` } : {}),
      },
      turnGapMs,
      // A compacted session: one turn, then a compaction before each further turn.
      compactAtTokens: shape === 'compacted' ? 1 : (opts.compactAtTokens ?? 150_000),
      ...(shape === 'compacted' ? { minTurns: 2 } : {}),
      ...(opts.cwd !== undefined ? { writtenCwd: opts.cwd } : {}),
      ...(opts.maxStepsPerTurn !== undefined ? { maxStepsPerTurn: opts.maxStepsPerTurn } : {}),
    };
    const dw = opts.deepWord;
    if (dw && dw.sessionIndex === i) plan.deepWord = { word: dw.word, atBytes: Math.floor(targetBytes * Math.min(0.999, Math.max(0, dw.atFraction))) };

    const relPath = rolloutRelPath(startMs, id);
    const file = path.join(codexHome, relPath);
    mkdirSync(path.dirname(file), { recursive: true });
    const res = writeSession(file, plan, rng, vocab, base);
    // upstream reads updated_at from the file's mtime.
    utimesSync(file, res.endMs / 1000, res.endMs / 1000);
    if (plan.deepWord) {
      if (!res.deepWordPlaced) throw new Error(`deep word was not placed in session ${i}`);
      deepWord = { word: plan.deepWord.word, sessionId: id, relPath };
    }
    totalBytes += res.bytes;
    sessions.push({
      index: i,
      id,
      relPath,
      format,
      source,
      cwd: opts.cwd ?? project,
      bytes: res.bytes,
      lines: res.lines,
      turns: res.turns,
      compactions: res.compactions,
      createdAt: new Date(startMs).toISOString(),
      updatedAt: new Date(res.endMs).toISOString(),
      firstUserMessage: res.firstUserMessage,
    });
  }
  return { sessions, totalBytes, ...(deepWord ? { deepWord } : {}) };
}
