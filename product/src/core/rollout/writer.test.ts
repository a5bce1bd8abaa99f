import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RolloutLockedError } from './lock.ts';
import { newThreadId } from './paths.ts';
import { loadRollout } from './reader.ts';
import { RolloutSecretError } from './secrets.ts';
import { RolloutWriter, type RolloutItem } from './writer.ts';

const meta = (id: string): RolloutItem => ({
  type: 'session_meta',
  payload: { id, timestamp: '2026-11-24T23:03:56.659Z', cwd: '/ws', originator: 'csm', cli_version: '0.1.0', source: 'exec', model_provider: 'mock' },
});
const user = (text: string): RolloutItem => ({
  type: 'response_item',
  payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
  metadata: { history_sequence: 1 },
});
const event = (payload: Record<string, unknown>): RolloutItem => ({ type: 'event_msg', payload });

const rawLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));

/** A clock that ticks 1 ms per call from a fixed instant. */
const clock = (startIso = '2026-11-24T23:03:56.767Z') => {
  let t = Date.parse(startIso);
  return () => new Date(t++);
};

describe('RolloutWriter', () => {
  let home: string;
  const open: RolloutWriter[] = [];
  const track = (w: RolloutWriter) => (open.push(w), w);
  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'csm-writer-'));
  });
  afterEach(() => {
    for (const w of open.splice(0)) w.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('creates nothing until the first append', () => {
    const w = track(RolloutWriter.create(home, newThreadId()));
    expect(w.materialized).toBe(false);
    expect(readdirSync(home)).toEqual([]);
    w.close();
    expect(readdirSync(home)).toEqual([]);
  });

  it('writes one line per item in upstream key order, with ordinals from 0 and ISO UTC ms timestamps', () => {
    const id = newThreadId();
    const w = track(RolloutWriter.create(home, id, { now: clock(), createdAt: new Date('2026-11-24T23:03:56Z') }));
    w.append(meta(id), event({ type: 'task_started', turn_id: 't1' }), user('hi'));
    const text = readFileSync(w.path, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toBe(
      '{"timestamp":"2026-11-24T23:03:56.769Z","ordinal":2,"type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"hi"}]},"metadata":{"history_sequence":1}}',
    );
    expect(rawLines(w.path).map((l) => l.ordinal)).toEqual([0, 1, 2]);
    expect(w.nextOrdinal).toBe(3);
    expect(path.relative(home, w.path)).toMatch(new RegExp(`^sessions/\\d{4}/\\d{2}/\\d{2}/rollout-[0-9T-]{19}-${id}\\.jsonl$`));
  });

  it('puts every line in the file as soon as append returns', () => {
    const w = track(RolloutWriter.create(home, newThreadId()));
    w.append(user('one'));
    expect(rawLines(w.path)).toHaveLength(1);
    w.append(user('two'));
    expect(rawLines(w.path)).toHaveLength(2);
  });

  it('round-trips through the reader', async () => {
    const id = newThreadId();
    const w = track(RolloutWriter.create(home, id));
    const items = [meta(id), user('hi'), event({ type: 'agent_message', message: 'hello' }), { type: 'world_state', payload: { full: true } }];
    w.append(...items);
    w.close();
    const { lines, stats } = await loadRollout(w.path);
    expect(stats).toEqual({ lines: 4, malformed: 0, truncatedTail: false });
    expect(lines.map(({ type, payload, metadata }) => (metadata ? { type, payload, metadata } : { type, payload }))).toEqual(items);
  });

  it('continues ordinals when resuming, and only appends', () => {
    const id = newThreadId();
    const first = RolloutWriter.create(home, id);
    first.append(meta(id), user('one'));
    first.close();
    const before = readFileSync(first.path, 'utf8');

    const again = track(RolloutWriter.resume(first.path));
    expect(again.nextOrdinal).toBe(2);
    again.append(user('two'));
    const after = readFileSync(first.path, 'utf8');
    expect(after.startsWith(before)).toBe(true);
    expect(rawLines(first.path).map((l) => l.ordinal)).toEqual([0, 1, 2]);
  });

  it('finds the next ordinal behind a last line larger than one tail window', () => {
    const id = newThreadId();
    const first = RolloutWriter.create(home, id);
    first.append(meta(id), user('x'.repeat(300_000)));
    first.close();
    const again = track(RolloutWriter.resume(first.path));
    expect(again.nextOrdinal).toBe(2);
  });

  it('ends a cut-off last line before appending, so the new line stays whole', async () => {
    const id = newThreadId();
    const first = RolloutWriter.create(home, id);
    first.append(meta(id), user('one'));
    first.close();
    appendFileSync(first.path, '{"timestamp":"2026-11-24T23:03:57.000Z","ordinal":2,"type":"resp');

    const again = track(RolloutWriter.resume(first.path));
    expect(again.nextOrdinal).toBe(2);
    again.append(user('two'));
    const { lines, stats } = await loadRollout(first.path);
    expect(stats.malformed).toBe(1);
    expect(lines.map((l) => l.ordinal)).toEqual([0, 1, 2]);
  });

  it('keeps a legacy file legacy: no ordinals on appended lines', () => {
    const file = path.join(home, 'legacy.jsonl');
    writeFileSync(file, `${JSON.stringify({ timestamp: '2025-09-03T10:15:02.118Z', type: 'session_meta', payload: meta('x').payload })}\n`);
    const w = track(RolloutWriter.resume(file));
    expect(w.nextOrdinal).toBeNull();
    expect(w.legacy).toBe(true);
    w.append(user('continue legacy'));
    expect(rawLines(file).map((l) => 'ordinal' in l)).toEqual([false, false]);
  });

  it('tells a legacy file from an ordinal one, ephemeral resumes included', () => {
    const legacy = path.join(home, 'legacy.jsonl');
    writeFileSync(legacy, `${JSON.stringify({ timestamp: '2025-09-03T10:15:02.118Z', type: 'session_meta', payload: meta('x').payload })}\n`);
    expect(RolloutWriter.resume(legacy, { ephemeral: true }).legacy).toBe(true);
    const id = newThreadId();
    const fresh = RolloutWriter.create(home, id);
    expect(fresh.legacy).toBe(false);
    fresh.append(meta(id));
    fresh.close();
    expect(track(RolloutWriter.resume(fresh.path)).legacy).toBe(false);
    const ephemeral = RolloutWriter.resume(fresh.path, { ephemeral: true });
    expect(ephemeral.legacy).toBe(false);
    expect(ephemeral.nextOrdinal).toBe(1);
  });

  it('starts a fork at the ordinal its history_base ends at', () => {
    const w = track(RolloutWriter.create(home, newThreadId(), { firstOrdinal: 24 }));
    w.append(user('forked'));
    expect(rawLines(w.path)[0].ordinal).toBe(24);
  });

  it('refuses a second writer on the same file while the first is open', () => {
    const id = newThreadId();
    const first = track(RolloutWriter.create(home, id));
    first.append(meta(id));
    expect(() => RolloutWriter.resume(first.path)).toThrow(RolloutLockedError);
    first.close();
    track(RolloutWriter.resume(first.path)).append(user('after'));
    expect(rawLines(first.path)).toHaveLength(2);
  });

  it('takes over the lock of a writer that died', () => {
    const id = newThreadId();
    const first = RolloutWriter.create(home, id);
    first.append(meta(id));
    first.close();
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    writeFileSync(`${first.path}.lock`, `${dead}\n`);
    const again = track(RolloutWriter.resume(first.path));
    again.append(user('recovered'));
    expect(readFileSync(`${first.path}.lock`, 'utf8')).toBe(`${process.pid}\n`);
    again.close();
    expect(existsSync(`${first.path}.lock`)).toBe(false);
  });

  it('writes nothing when ephemeral', () => {
    const id = newThreadId();
    const w = track(RolloutWriter.create(home, id, { ephemeral: true }));
    w.append(meta(id), user('hi'));
    w.close();
    expect(readdirSync(home)).toEqual([]);
  });

  it('refuses credential fields anywhere in a batch, and writes none of it', () => {
    const id = newThreadId();
    const w = track(RolloutWriter.create(home, id));
    w.append(meta(id));
    const leaky: RolloutItem = event({ type: 'stream_error', request: { headers: { Authorization: 'Bearer sk-live-123' } } });
    expect(() => w.append(user('fine'), leaky)).toThrow(RolloutSecretError);
    expect(() => w.append({ type: 'event_msg', payload: { type: 'x', api_key: 'sk-1' } })).toThrow(/credential field "api_key"/);
    expect(readFileSync(w.path, 'utf8')).not.toMatch(/sk-/);
    expect(rawLines(w.path)).toHaveLength(1);
    expect(w.nextOrdinal).toBe(1);
  });

  it('persists secrets-looking text the user typed: only credential keys are refused', () => {
    const w = track(RolloutWriter.create(home, newThreadId()));
    w.append(user('my header is "authorization: none"'));
    expect(rawLines(w.path)).toHaveLength(1);
  });

  it('cannot be used after close', () => {
    const w = RolloutWriter.create(home, newThreadId());
    w.close();
    expect(() => w.append(user('late'))).toThrow(/closed/);
  });
});
