import { existsSync, rmSync, statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempCodexHome, writeSession } from '#test-support/sessions';
import { archiveSession } from './archive.ts';
import { applyPrune, formatPrunePlan, planPrune, PruneCriteriaError, type PruneSession } from './prune.ts';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const daysAgo = (d: number) => new Date(NOW - d * 86_400_000);
const row = (id: string, size: number, ageDays: number, archived = false): PruneSession => ({ id, file: `/h/sessions/${id}.jsonl`, size, updatedAt: daysAgo(ageDays), archived });

const sessions = [row('old-small', 1_000, 100), row('old-big', 50_000_000, 90), row('new-big', 80_000_000, 1), row('new-small', 2_000, 2), row('old-archived', 3_000, 60, true), row('new-archived', 4_000, 1, true)];
const ids = (plan: ReturnType<typeof planPrune>) => plan.candidates.map((c) => c.id);

describe('planPrune (pure; the dry run)', () => {
  it('selects sessions not updated for more than N days', () => {
    const plan = planPrune('/h', sessions, { olderThanDays: 30, now: NOW });
    expect(ids(plan)).toEqual(['old-small', 'old-big', 'old-archived']);
    expect(plan.bytes).toBe(1_000 + 50_000_000 + 3_000);
    expect(plan.candidates[0].reason).toBe('not updated for 100 days');
  });

  it('selects sessions larger than a size', () => {
    const plan = planPrune('/h', sessions, { largerThanBytes: 10_000_000, now: NOW });
    expect(ids(plan)).toEqual(['old-big', 'new-big']);
    expect(plan.candidates[0].reason).toBe('48 MB > 9.5 MB');
  });

  it('selects every archived session with archivedOnly alone', () => {
    expect(ids(planPrune('/h', sessions, { archivedOnly: true, now: NOW }))).toEqual(['old-archived', 'new-archived']);
  });

  it('combines criteria with AND', () => {
    expect(ids(planPrune('/h', sessions, { archivedOnly: true, olderThanDays: 30, now: NOW }))).toEqual(['old-archived']);
    expect(ids(planPrune('/h', sessions, { olderThanDays: 30, largerThanBytes: 10_000, now: NOW }))).toEqual(['old-big']);
  });

  it('never selects pinned sessions, nor sessions a fork reads its history from', () => {
    const plan = planPrune('/h', sessions, { olderThanDays: 30, keep: new Set(['old-big']), bases: new Set(['old-small']), now: NOW });
    expect(ids(plan)).toEqual(['old-archived']);
    expect(plan.kept).toEqual([
      { id: 'old-small', reason: 'a fork reads its history from it' },
      { id: 'old-big', reason: 'pinned' },
    ]);
  });

  it('refuses to run without a criterion', () => {
    expect(() => planPrune('/h', sessions, {})).toThrow(PruneCriteriaError);
  });

  it('accepts ISO strings and epoch ms for updatedAt', () => {
    const mixed = [{ ...row('iso', 1, 0), updatedAt: daysAgo(40).toISOString() }, { ...row('ms', 1, 0), updatedAt: daysAgo(40).getTime() }];
    expect(ids(planPrune('/h', mixed, { olderThanDays: 30, now: NOW }))).toEqual(['iso', 'ms']);
  });

  it('prints the candidates and the bytes to free', () => {
    expect(formatPrunePlan(planPrune('/h', sessions, { archivedOnly: true, now: NOW }))).toBe(
      ['old-archived    2.9 KB  archived', 'new-archived    3.9 KB  archived', '2 session(s), 6.8 KB to free'].join('\n'),
    );
  });
});

describe('applyPrune deletes the candidates through delete', () => {
  let home: string;
  beforeEach(() => (home = tempCodexHome()));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('deletes only the planned sessions; the rest and the pinned survive', () => {
    const day = new Date(2026, 10, 1, 9, 0, 0);
    const a = writeSession(home, { turns: [{ user: 'a', agent: 'A' }], createdAt: day });
    const b = writeSession(home, { turns: [{ user: 'b', agent: 'B' }], createdAt: day });
    const pinned = writeSession(home, { turns: [{ user: 'p', agent: 'P' }], createdAt: day });
    const archived = { ...b, file: archiveSession(home, b.file) };
    const rows: PruneSession[] = [a, archived, pinned].map((s) => ({ ...s, size: statSync(s.file).size, updatedAt: daysAgo(1), archived: s === archived }));

    const dry = planPrune(home, rows, { archivedOnly: true, keep: new Set([pinned.id]), now: NOW });
    expect(ids(dry)).toEqual([b.id]);
    expect(existsSync(archived.file)).toBe(true);

    const result = applyPrune(dry);
    expect(result.failed).toEqual([]);
    expect(result.bytes).toBe(dry.bytes);
    expect(existsSync(archived.file)).toBe(false);
    expect(existsSync(a.file)).toBe(true);
    expect(existsSync(pinned.file)).toBe(true);
  });

  it('reports a session it cannot delete and goes on with the others', () => {
    const a = writeSession(home, { turns: [{ user: 'a', agent: 'A' }] });
    const b = writeSession(home, { turns: [{ user: 'b', agent: 'B' }] });
    const plan = planPrune(
      home,
      [
        { id: a.id, file: '/etc/passwd', size: 1, updatedAt: daysAgo(90), archived: false },
        { id: b.id, file: b.file, size: statSync(b.file).size, updatedAt: daysAgo(90), archived: false },
      ],
      { olderThanDays: 30, now: NOW },
    );
    const result = applyPrune(plan);
    expect(result.failed.map((f) => f.id)).toEqual([a.id]);
    expect(result.failed[0].error).toMatch(/refusing/);
    expect(result.deleted.map((d) => d.id)).toEqual([b.id]);
    expect(existsSync('/etc/passwd')).toBe(true);
  });
});
