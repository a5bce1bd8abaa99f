import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RolloutLockedError } from './lock.ts';
import { newThreadId } from './paths.ts';
import { loadRollout } from './reader.ts';
import { forgetSecrets, REDACTED, rememberSecret } from './secrets.ts';
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
    expect(readFileSync(`${first.path}.lock`, 'utf8')).toMatch(new RegExp(`^${process.pid} \\d+\n$`));
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

  it('records lines whatever their keys: a credential-named field from the server is data, not a reason to stop', () => {
    const id = newThreadId();
    const w = track(RolloutWriter.create(home, id));
    w.append(meta(id));
    const schema = { type: 'object', properties: { api_key: { type: 'string' }, cookie: { type: 'string' }, authorization: { type: 'string' } } };
    const item: RolloutItem = { type: 'response_item', payload: { type: 'function_call', name: 'login', arguments: '{}', call_id: 'c1', parameters: schema } };
    w.append(item, event({ type: 'x', Set_Cookie: 'theme=dark' }));
    expect(rawLines(w.path).slice(1).map((l) => l.payload)).toEqual([item.payload, { type: 'x', Set_Cookie: 'theme=dark' }]);
  });

  it('redacts a known secret wherever it appears: values, keys, nested JSON strings', () => {
    const id = newThreadId();
    const key = 'sk-live-0123456789';
    const w = track(RolloutWriter.create(home, id, { secrets: [key] }));
    w.append(
      meta(id),
      user(`my key is ${key}, keep it`),
      event({ type: 'exec_command_end', aggregated_output: `OPENAI_API_KEY=${key}\n`, [key]: 1 }),
      { type: 'response_item', payload: { type: 'function_call', name: 'exec_command', arguments: JSON.stringify({ cmd: `curl -H "Authorization: Bearer ${key}"` }), call_id: 'c1' } },
    );
    const text = readFileSync(w.path, 'utf8');
    expect(text).not.toContain(key);
    const lines = rawLines(w.path);
    expect(lines[1].payload.content[0].text).toBe(`my key is ${REDACTED}, keep it`);
    expect(lines[2].payload).toEqual({ type: 'exec_command_end', aggregated_output: `OPENAI_API_KEY=${REDACTED}\n`, [REDACTED]: 1 });
    expect(JSON.parse(lines[3].payload.arguments)).toEqual({ cmd: `curl -H "Authorization: Bearer ${REDACTED}"` });
  });

  it('redacts a secret whose characters JSON escapes, and keeps every line valid JSON', () => {
    const key = 'pa"ss\\word-with-quotes';
    const w = track(RolloutWriter.create(home, newThreadId(), { secrets: [key] }));
    w.append(user(`x ${key} y`), { type: 'response_item', payload: { type: 'function_call', name: 'f', arguments: JSON.stringify({ v: key }), call_id: 'c' } });
    expect(readFileSync(w.path, 'utf8')).not.toContain(JSON.stringify(key).slice(1, -1));
    const lines = rawLines(w.path);
    expect(lines[0].payload.content[0].text).toBe(`x ${REDACTED} y`);
    expect(JSON.parse(lines[1].payload.arguments)).toEqual({ v: REDACTED });
  });

  it('redacts the secrets the process registered (the provider key) without being told', () => {
    const key = 'sk-registered-98765';
    rememberSecret(key);
    try {
      const w = track(RolloutWriter.create(home, newThreadId()));
      w.append(user(`echo ${key}`));
      expect(readFileSync(w.path, 'utf8')).not.toContain(key);
    } finally {
      forgetSecrets();
    }
  });

  it('persists secrets-looking text the user typed when it is no known secret', () => {
    const w = track(RolloutWriter.create(home, newThreadId()));
    w.append(user('my header is "authorization: none"'));
    expect(rawLines(w.path)[0].payload.content[0].text).toBe('my header is "authorization: none"');
  });

  it('cannot be used after close', () => {
    const w = RolloutWriter.create(home, newThreadId());
    w.close();
    expect(() => w.append(user('late'))).toThrow(/closed/);
  });
});
