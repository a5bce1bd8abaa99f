// The history generator: same seed → same bytes, line shapes like upstream's own rollouts, sizes near
// the target, and the deep word exactly where it was asked for. Small scales only: this runs in CI.
// That csm parses and resumes these files is csm's test (product/src/core/rollout/generated-history.test.ts):
// the lab never imports the product, it only reads upstream's recorded rollouts kept beside it.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateHistory, type GenerateOptions } from './generate.ts';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'csm-gen-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let n = 0;
const freshDir = () => path.join(tmp, String(n++));

const WORD = 'zyzzogeton';
const OPTS: GenerateOptions = { sessions: 24, bytesPerSession: 60 * 1024, seed: 42, withLegacyShare: 0.25, deepWord: { word: WORD, sessionIndex: 17, atFraction: 0.7 } };

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Hash of every file's relative path, bytes and mtime. */
function treeHash(dir: string): string {
  const h = createHash('sha256');
  for (const f of files(dir)) h.update(`${path.relative(dir, f)}\0${statSync(f).mtimeMs}\0`).update(readFileSync(f));
  return h.digest('hex');
}

const readLines = (file: string) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, any>);

const fixture = (name: string) => readLines(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../product/src/core/rollout/fixtures', name));

/** A line's kind, e.g. `event_msg/item_completed/CommandExecution` or `response_item/message/user/user.text`. */
const kindOf = (l: Record<string, any>) =>
  [l.type, l.payload?.type, l.payload?.item?.type, l.payload?.role, l.payload?.internal_chat_message_metadata_passthrough?.content_item_kinds?.[0]].filter(Boolean).join('/');
const skeleton = (l: Record<string, any>) => ({
  line: Object.keys(l),
  payload: Object.keys(l.payload ?? {}),
  item: Object.keys(l.payload?.item ?? {}),
  metadata: Object.keys(l.metadata ?? {}),
});

describe('generateHistory', () => {
  const dir = freshDir();
  const history = generateHistory(dir, OPTS);
  const byFormat = (f: string) => history.sessions.filter((s) => s.format === f);

  it('writes byte-identical trees (content, names, mtimes) for the same seed', () => {
    const again = freshDir();
    generateHistory(again, OPTS);
    expect(treeHash(again)).toBe(treeHash(dir));
  });

  it('writes a different history for another seed', () => {
    const other = freshDir();
    generateHistory(other, { ...OPTS, seed: 43 });
    expect(treeHash(other)).not.toBe(treeHash(dir));
  });

  it('lays files out as sessions/YYYY/MM/DD/rollout-<time>-<uuidv7>.jsonl matching session_meta', () => {
    expect(files(dir)).toHaveLength(OPTS.sessions);
    for (const s of history.sessions) {
      expect(s.relPath).toMatch(/^sessions\/\d{4}\/\d{2}\/\d{2}\/rollout-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.jsonl$/);
      const lines = readLines(path.join(dir, s.relPath));
      const meta = lines[0];
      expect(meta.type).toBe('session_meta');
      expect(meta.payload.id).toBe(s.id);
      const created = meta.payload.timestamp as string;
      expect(s.relPath).toContain(`/${created.slice(0, 4)}/${created.slice(5, 7)}/${created.slice(8, 10)}/rollout-${created.slice(0, 19).replace(/:/g, '-')}-`);
      // upstream takes updated_at from the mtime: it is the last line's time.
      expect(Math.round(statSync(path.join(dir, s.relPath)).mtimeMs)).toBe(Date.parse(lines[lines.length - 1].timestamp));
    }
  });

  it('spreads sessions over past days and several cwds', () => {
    const days = new Set(history.sessions.map((s) => s.createdAt.slice(0, 10)));
    expect(days.size).toBeGreaterThan(10);
    expect(new Set(history.sessions.map((s) => s.cwd)).size).toBeGreaterThan(1);
    expect(new Set(history.sessions.map((s) => s.source))).toEqual(new Set(['exec', 'cli', 'vscode']));
  });

  it('pads every session to its target (± the 20% jitter, + one turn at most) and writes a legacy share', () => {
    expect(byFormat('legacy')).toHaveLength(6);
    for (const s of history.sessions) {
      expect(s.bytes).toBe(statSync(path.join(dir, s.relPath)).size);
      expect(s.bytes).toBeGreaterThan(OPTS.bytesPerSession * 0.75);
      expect(s.bytes).toBeLessThan(OPTS.bytesPerSession * 1.45);
    }
    const exact = generateHistory(freshDir(), { sessions: 4, bytesPerSession: 200 * 1024, seed: 7, sizeJitter: 0 });
    for (const s of exact.sessions) expect(Math.abs(s.bytes - 200 * 1024)).toBeLessThan(2048);
  });

  it('numbers paginated lines 0..n-1 as upstream does, legacy lines not at all, and answers every tool call', () => {
    for (const s of history.sessions) {
      const lines = readLines(path.join(dir, s.relPath));
      if (s.format === 'paginated') expect(lines.map((l) => l.ordinal)).toEqual(lines.map((_, i) => i));
      else expect(lines.every((l) => l.ordinal === undefined)).toBe(true);
      // Every tool call has its output, so a resume sends a well-formed history.
      const callIds = (type: string) => lines.filter((l) => l.type === 'response_item' && l.payload.type === type).map((l) => l.payload.call_id);
      expect(callIds('function_call').length).toBeGreaterThan(0);
      expect(callIds('function_call_output')).toEqual(callIds('function_call'));
    }
  });

  /** Calls `check` for each generated line of `format` whose kind the fixture has (its skeleton and the fixture's); returns the kinds seen. */
  function eachLineOfAKindIn(fixtureName: string, format: 'paginated' | 'legacy', check: (kind: string, got: ReturnType<typeof skeleton>, want: ReturnType<typeof skeleton>) => void): Set<string> {
    const real = new Map<string, ReturnType<typeof skeleton>>();
    for (const l of fixture(fixtureName)) real.set(kindOf(l), skeleton(l));
    const seen = new Set<string>();
    for (const s of byFormat(format)) {
      for (const l of readLines(path.join(dir, s.relPath))) {
        const k = kindOf(l);
        const want = real.get(k);
        if (!want) continue;
        seen.add(k);
        check(k, skeleton(l), want);
      }
    }
    return seen;
  }

  it('uses the key skeleton of real upstream 0.169.0 paginated lines', () => {
    const seen = eachLineOfAKindIn('exec-tool-call.rollout.jsonl', 'paginated', (k, got, want) => expect({ kind: k, ...got }).toEqual({ kind: k, ...want }));
    // The line kinds a tool turn has upstream are all there.
    for (const k of ['session_meta', 'event_msg/task_started', 'turn_context', 'world_state', 'event_msg/thread_settings_applied', 'response_item/message/developer/host_skills.instructions', 'response_item/message/user/environments.environment_context', 'response_item/message/user/user.text', 'event_msg/item_completed/UserMessage', 'response_item/function_call', 'token_usage_record', 'event_msg/item_completed/CommandExecution', 'response_item/function_call_output', 'event_msg/token_count', 'event_msg/item_completed/AgentMessage', 'response_item/message/assistant/unknown', 'event_msg/task_complete']) {
      expect(seen, k).toContain(k);
    }
  });

  it('uses the key skeleton of the legacy fixture for legacy sessions', () => {
    const seen = eachLineOfAKindIn('legacy.rollout.jsonl', 'legacy', (k, got, want) => {
      // Payload keys may be a subset (the fixture's session_meta carries a repository_url the generator adds only sometimes).
      expect(want.line).toEqual(got.line);
      for (const key of got.payload) expect(want.payload, `${k}.${key}`).toContain(key);
    });
    for (const k of ['session_meta', 'turn_context', 'response_item/message/user', 'event_msg/user_message', 'response_item/function_call', 'response_item/function_call_output', 'response_item/message/assistant', 'event_msg/agent_message', 'event_msg/token_count']) {
      expect(seen, k).toContain(k);
    }
  });

  it('puts the deep word into one session only, deep inside it and not in its first prompt', () => {
    const target = history.sessions[OPTS.deepWord!.sessionIndex];
    expect(history.deepWord).toEqual({ word: WORD, sessionId: target.id, relPath: target.relPath });
    for (const s of history.sessions) {
      const text = readFileSync(path.join(dir, s.relPath), 'utf8');
      if (s.id !== target.id) expect(text.includes(WORD), s.relPath).toBe(false);
      else {
        expect(Buffer.byteLength(text.slice(0, text.indexOf(WORD)))).toBeGreaterThan(target.bytes * 0.5);
        expect(s.firstUserMessage).not.toContain(WORD);
      }
    }
  });

  it('compacts big paginated sessions with a replacement_history', () => {
    const bigDir = freshDir();
    const big = generateHistory(bigDir, { sessions: 1, bytesPerSession: 3 * 1024 * 1024, seed: 5, withLegacyShare: false, compactAtTokens: 100_000 });
    expect(big.sessions[0].compactions).toBeGreaterThan(1);
    const lines = readLines(path.join(bigDir, big.sessions[0].relPath));
    const compacted = lines.filter((l) => l.type === 'compacted');
    expect(compacted).toHaveLength(big.sessions[0].compactions);
    for (const l of compacted) expect(l.payload.replacement_history.length).toBeGreaterThan(2);
  });

  it('writes the asked shapes in turn, in one cwd whose length changes nothing but the path', () => {
    const opts: GenerateOptions = { sessions: 3, bytesPerSession: 20_000, seed: 7, shapes: ['legacy', 'compacted', 'paginated'], provider: 'mock' };
    const texts = ['/w/a/ws', '/a/much/longer/workspace/path/ws'].map((cwd) => {
      const d = freshDir();
      const h = generateHistory(d, { ...opts, cwd });
      expect(h.sessions.map((x) => [x.format, x.compactions > 0, x.cwd])).toEqual([
        ['legacy', false, cwd],
        ['paginated', true, cwd],
        ['paginated', false, cwd],
      ]);
      for (const x of h.sessions) {
        const text = readFileSync(path.join(d, x.relPath), 'utf8');
        expect(Buffer.byteLength(text)).toBe(x.bytes);
        expect(readLines(path.join(d, x.relPath))[0].payload.cwd).toBe(cwd);
      }
      return h.sessions.map((x) => readFileSync(path.join(d, x.relPath), 'utf8').replaceAll(cwd, '<ws>')).join('');
    });
    expect(texts[1]).toBe(texts[0]);
    expect(texts[0]).not.toContain('/home/dev/src/');
  });
});
