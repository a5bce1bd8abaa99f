import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findRolloutById, newThreadId, parseRolloutFileName, rolloutPath, threadIdTime } from './paths.ts';

const withTz = <T>(tz: string, f: () => T): T => {
  const saved = process.env.TZ;
  process.env.TZ = tz;
  try {
    return f();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
};

describe('rolloutPath', () => {
  const id = '01a20fcd-35e8-7522-bb3c-440d9c3ea99b';
  const created = new Date('2026-11-24T23:05:40.110Z');

  it('names the file sessions/YYYY/MM/DD/rollout-YYYY-MM-DDThh-mm-ss-<id>.jsonl', () => {
    expect(withTz('UTC', () => rolloutPath('/h/.codex', id, created))).toBe(
      `/h/.codex/sessions/2026/11/24/rollout-2026-11-24T23-05-40-${id}.jsonl`,
    );
  });

  it('uses local time, as upstream 0.169.0 does (seen with TZ=Pacific/Kiritimati, UTC+14)', () => {
    expect(withTz('Pacific/Kiritimati', () => rolloutPath('/h/.codex', id, created))).toBe(
      `/h/.codex/sessions/2026/11/25/rollout-2026-11-25T13-05-40-${id}.jsonl`,
    );
  });

  it('round-trips through parseRolloutFileName', () => {
    expect(parseRolloutFileName(path.basename(withTz('UTC', () => rolloutPath('/h', id, created))))).toEqual({ stamp: '2026-11-24T23-05-40', threadId: id, rolloutId: id });
    expect(parseRolloutFileName('history.jsonl')).toBeNull();
  });

  it("reads a continuation file's thread id and its own rollout id (upstream's rollout-<stamp>-<id>_<rollout id>.jsonl)", () => {
    const rid = '01a234e2-cd57-71c2-98d4-2354b7642a45';
    expect(parseRolloutFileName(`rollout-2026-11-24T23-05-40-${id}_${rid}.jsonl`)).toEqual({ stamp: '2026-11-24T23-05-40', threadId: id, rolloutId: rid });
  });
});

describe('newThreadId', () => {
  it('is a UUIDv7 whose first 48 bits are the creation time in ms', () => {
    const id = newThreadId(Date.UTC(2026, 10, 24, 23, 3, 56, 648));
    expect(id).toMatch(/^01a20fcd-35e8-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(threadIdTime(id)?.toISOString()).toBe('2026-11-24T23:03:56.648Z');
  });

  it('is unique and sorts by creation time', () => {
    const ids = Array.from({ length: 200 }, (_, i) => newThreadId(1_795_561_436_000 + i));
    expect(new Set(ids).size).toBe(200);
    expect([...ids].sort()).toEqual(ids);
  });

  it('threadIdTime refuses ids that are not UUIDv7', () => {
    expect(threadIdTime('5973b6c0-94b8-487b-a530-2aeb6098ae0e')).toBeNull();
    expect(threadIdTime('not-an-id')).toBeNull();
  });
});

describe('findRolloutById', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'csm-paths-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const touch = (rel: string) => {
    const file = path.join(home, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '');
    return file;
  };

  it('finds a session under its creation day', async () => {
    const id = newThreadId(Date.UTC(2026, 0, 2, 12));
    const file = touch(path.relative(home, rolloutPath(home, id, new Date(Date.UTC(2026, 0, 2, 12)))));
    expect(await findRolloutById(home, id)).toBe(file);
  });

  it('finds a session filed under another day than its id says', async () => {
    const id = newThreadId(Date.UTC(2026, 0, 2, 12));
    const file = touch(`sessions/2025/12/01/rollout-2025-12-01T00-00-00-${id}.jsonl`);
    expect(await findRolloutById(home, id)).toBe(file);
  });

  it('finds an archived session (flat directory) and a non-v7 id', async () => {
    const id = '5973b6c0-94b8-487b-a530-2aeb6098ae0e';
    const file = touch(`archived_sessions/rollout-2025-08-01T09-00-00-${id}.jsonl`);
    expect(await findRolloutById(home, id)).toBe(file);
  });

  it('matches the whole id at the end of the name, not a prefix of it', async () => {
    const id = newThreadId();
    touch(`sessions/2026/01/01/rollout-2026-01-01T00-00-00-${id}.jsonl`);
    expect(await findRolloutById(home, id.slice(0, 8))).toBeNull();
    expect(await findRolloutById(home, newThreadId())).toBeNull();
  });

  it('returns null for a home without sessions', async () => {
    expect(await findRolloutById(path.join(home, 'nowhere'), newThreadId())).toBeNull();
  });
});
