// `csm sessions stats`: how many sessions, how many bytes and tokens, by day, model and directory,
// and the largest sessions. computeStats is a pure fold over rows the index already has;
// formatStats prints it as text tables.
import { formatBytes, formatCount, table } from './format.ts';

export interface StatsRow {
  id: string;
  cwd: string | null;
  model: string | null;
  /** a Date, epoch ms or an ISO string */
  createdAt: Date | number | string;
  size: number;
  totalTokens: number | null;
}

export interface StatsGroup {
  key: string;
  sessions: number;
  bytes: number;
  tokens: number;
}

export interface SessionStats {
  sessions: number;
  bytes: number;
  tokens: number;
  /** oldest day first */
  byDay: StatsGroup[];
  /** most tokens first */
  byModel: StatsGroup[];
  /** most tokens first */
  byCwd: StatsGroup[];
  /** the ten largest files, largest first */
  largest: Array<{ id: string; cwd: string | null; model: string | null; size: number; tokens: number }>;
}

export const UNKNOWN = '(unknown)';

const pad = (n: number) => String(n).padStart(2, '0');

/** YYYY-MM-DD in local time, like the date directories under sessions/. */
export function localDay(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export interface StatsOptions {
  /** the day a session counts under; local time by default */
  dayOf?: (d: Date) => string;
  /** how many largest sessions to list */
  top?: number;
}

const toDate = (t: Date | number | string) => (t instanceof Date ? t : new Date(t));

function group(rows: readonly StatsRow[], keyOf: (r: StatsRow) => string): Map<string, StatsGroup> {
  const groups = new Map<string, StatsGroup>();
  for (const r of rows) {
    const key = keyOf(r);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { key, sessions: 0, bytes: 0, tokens: 0 }));
    g.sessions++;
    g.bytes += r.size;
    g.tokens += r.totalTokens ?? 0;
  }
  return groups;
}

const byWeight = (a: StatsGroup, b: StatsGroup) => b.tokens - a.tokens || b.sessions - a.sessions || b.bytes - a.bytes || a.key.localeCompare(b.key);

export function computeStats(rows: readonly StatsRow[], opts: StatsOptions = {}): SessionStats {
  const dayOf = opts.dayOf ?? localDay;
  const day = (r: StatsRow) => {
    const d = toDate(r.createdAt);
    return Number.isNaN(d.getTime()) ? UNKNOWN : dayOf(d);
  };
  return {
    sessions: rows.length,
    bytes: rows.reduce((s, r) => s + r.size, 0),
    tokens: rows.reduce((s, r) => s + (r.totalTokens ?? 0), 0),
    byDay: [...group(rows, day).values()].sort((a, b) => a.key.localeCompare(b.key)),
    byModel: [...group(rows, (r) => r.model || UNKNOWN).values()].sort(byWeight),
    byCwd: [...group(rows, (r) => r.cwd || UNKNOWN).values()].sort(byWeight),
    largest: [...rows]
      .sort((a, b) => b.size - a.size || a.id.localeCompare(b.id))
      .slice(0, opts.top ?? 10)
      .map((r) => ({ id: r.id, cwd: r.cwd, model: r.model, size: r.size, tokens: r.totalTokens ?? 0 })),
  };
}

function groupTable(title: string, groups: readonly StatsGroup[]): string {
  const rows = groups.map((g) => [g.key, formatCount(g.sessions), formatBytes(g.bytes), formatCount(g.tokens)]);
  return `${title}\n${table([title === 'By day' ? 'Day' : title === 'By model' ? 'Model' : 'Directory', 'Sessions', 'Size', 'Tokens'], rows, [false, true, true, true])}`;
}

export function formatStats(stats: SessionStats): string {
  const parts = [
    `${formatCount(stats.sessions)} sessions, ${formatBytes(stats.bytes)}, ${formatCount(stats.tokens)} tokens`,
    groupTable('By day', stats.byDay),
    groupTable('By model', stats.byModel),
    groupTable('By directory', stats.byCwd),
    `Largest sessions\n${table(
      ['Session', 'Size', 'Tokens', 'Model', 'Directory'],
      stats.largest.map((r) => [r.id, formatBytes(r.size), formatCount(r.tokens), r.model || UNKNOWN, r.cwd || UNKNOWN]),
      [false, true, true, false, false],
    )}`,
  ];
  return parts.join('\n\n') + '\n';
}
