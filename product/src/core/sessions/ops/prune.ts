// `csm sessions prune`: which sessions to delete to free space, by age, size and archived state.
// planPrune is pure and is the dry run (the default): it lists candidates with the reason each
// matched and the bytes they hold. applyPrune deletes them through delete.ts, one session at a
// time, so each removes only its own files and a session in use is skipped, not fatal.
//
// Criteria combine with AND: a session is a candidate when it matches every criterion given.
// `archivedOnly` alone selects every archived session. With no criterion at all nothing matches
// (pruning everything is never a default). Pinned sessions (`keep`) are never candidates, nor are
// sessions another session's history_base still reads from (`bases`).
import { applyDelete, planDelete, type DeleteResult } from './delete.ts';
import type { LockOptions } from '../../rollout/index.ts';
import { formatBytes } from './format.ts';

export interface PruneSession {
  id: string;
  file: string;
  size: number;
  /** last activity: a Date, epoch ms, or an ISO string */
  updatedAt: Date | number | string;
  archived: boolean;
}

export interface PruneOptions {
  olderThanDays?: number;
  largerThanBytes?: number;
  archivedOnly?: boolean;
  /** pinned sessions: never pruned */
  keep?: ReadonlySet<string>;
  /** sessions a fork's history_base points at: never pruned while the fork needs them */
  bases?: ReadonlySet<string>;
  /** the clock (ms) ages are measured against */
  now?: number;
}

export interface PruneCandidate {
  id: string;
  file: string;
  size: number;
  reason: string;
}

export interface PrunePlan {
  codexHome: string;
  candidates: PruneCandidate[];
  bytes: number;
  /** sessions that matched but are protected, and why */
  kept: Array<{ id: string; reason: string }>;
}

const DAY_MS = 86_400_000;

const toMs = (t: Date | number | string) => (t instanceof Date ? t.getTime() : typeof t === 'number' ? t : Date.parse(t));

export class PruneCriteriaError extends Error {
  constructor() {
    super('prune needs at least one criterion: an age (--older-than), a size (--larger-than) or --archived');
    this.name = 'PruneCriteriaError';
  }
}

export function planPrune(codexHome: string, sessions: readonly PruneSession[], opts: PruneOptions = {}): PrunePlan {
  const { olderThanDays, largerThanBytes, archivedOnly = false } = opts;
  if (olderThanDays === undefined && largerThanBytes === undefined && !archivedOnly) throw new PruneCriteriaError();
  const now = opts.now ?? Date.now();
  const candidates: PruneCandidate[] = [];
  const kept: PrunePlan['kept'] = [];

  for (const s of sessions) {
    const reasons: string[] = [];
    if (archivedOnly) {
      if (!s.archived) continue;
      reasons.push('archived');
    }
    if (olderThanDays !== undefined) {
      const updated = toMs(s.updatedAt);
      if (!Number.isFinite(updated) || now - updated <= olderThanDays * DAY_MS) continue;
      reasons.push(`not updated for ${Math.floor((now - updated) / DAY_MS)} days`);
    }
    if (largerThanBytes !== undefined) {
      if (!(s.size > largerThanBytes)) continue;
      reasons.push(`${formatBytes(s.size)} > ${formatBytes(largerThanBytes)}`);
    }
    if (opts.keep?.has(s.id)) {
      kept.push({ id: s.id, reason: 'pinned' });
      continue;
    }
    if (opts.bases?.has(s.id)) {
      kept.push({ id: s.id, reason: 'a fork reads its history from it' });
      continue;
    }
    candidates.push({ id: s.id, file: s.file, size: s.size, reason: reasons.join(', ') });
  }
  return { codexHome, candidates, bytes: candidates.reduce((sum, c) => sum + c.size, 0), kept };
}

export interface PruneResult {
  deleted: DeleteResult[];
  failed: Array<{ id: string; error: string }>;
  bytes: number;
}

export function applyPrune(plan: PrunePlan, opts: { lock?: LockOptions } = {}): PruneResult {
  const deleted: DeleteResult[] = [];
  const failed: PruneResult['failed'] = [];
  for (const c of plan.candidates) {
    try {
      deleted.push(applyDelete(planDelete(plan.codexHome, c.file, c.id), opts));
    } catch (e) {
      failed.push({ id: c.id, error: (e as Error).message });
    }
  }
  return { deleted, failed, bytes: deleted.reduce((sum, d) => sum + d.bytes, 0) };
}

/** The dry-run listing: one line per candidate, then the total. */
export function formatPrunePlan(plan: PrunePlan): string {
  const lines = plan.candidates.map((c) => `${c.id}  ${formatBytes(c.size).padStart(8)}  ${c.reason}`);
  for (const k of plan.kept) lines.push(`${k.id}  kept: ${k.reason}`);
  lines.push(`${plan.candidates.length} session(s), ${formatBytes(plan.bytes)} to free`);
  return lines.join('\n');
}
