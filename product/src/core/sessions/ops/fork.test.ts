import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { event, say, tempCodexHome, writeSession } from '#test-support/sessions';
import {
  dropLastUserTurns,
  loadRollout,
  loadThreadLines,
  reconstructHistory,
  RolloutWriter,
  type ResponseItem,
  type RolloutLine,
} from '../../rollout/index.ts';
import { ForkError, forkSession } from './fork.ts';

const FIXTURES = fileURLToPath(new URL('../../rollout/fixtures/', import.meta.url));

/** Each history item as its text's first line (or its type), reasoning left out: every answer has some, and it says nothing about where a fork cuts. */
const texts = (items: ResponseItem[]) =>
  items.filter((i) => i.type !== 'reasoning').map((i) => ((i as { content?: Array<{ text?: string }> }).content?.[0]?.text ?? i.type).split('\n')[0]);
const CONTEXT = ['<permissions instructions>sandboxed</permissions instructions>', '<environment_context>'];
const historyOf = async (home: string, file: string) => reconstructHistory((await loadThreadLines(home, file)).lines);
const metaOfFile = async (file: string) => (await loadRollout(file)).lines[0].payload as Record<string, any>;

describe('fork at turn N (0.169.0: history_base, no parent lines copied)', () => {
  let home: string;
  beforeEach(() => (home = tempCodexHome()));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const threeTurns = () =>
    writeSession(home, {
      turns: [
        { user: 'one', agent: 'ONE' },
        { user: 'two', agent: 'TWO' },
        { user: 'three', agent: 'THREE' },
      ],
    });

  it('writes a new file holding only its session_meta, pointing at the cut in the parent', async () => {
    const parent = threeTurns();
    const before = readFileSync(parent.file);
    const fork = await forkSession(home, parent.file, { atTurn: 1, now: new Date('2026-11-25T08:00:00Z') });

    expect(fork.id).not.toBe(parent.id);
    expect(fork.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    expect(path.basename(fork.file)).toMatch(new RegExp(`^rollout-.*-${fork.id}\\.jsonl$`));
    const { lines } = await loadRollout(fork.file);
    expect(lines.map((l) => l.type)).toEqual(['session_meta']);

    const meta = lines[0].payload as Record<string, any>;
    expect(meta.id).toBe(fork.id);
    expect(meta.forked_from_id).toBe(parent.id);
    const cut = meta.history_base.end_ordinal_exclusive;
    expect(meta.forked_from_ordinal_exclusive).toBe(cut);
    expect(meta.history_base.thread_id).toBe(parent.id);
    expect(lines[0].ordinal).toBe(cut);

    // The byte offset is the start of the cut line in the parent file.
    const parentBytes = readFileSync(parent.file);
    expect(parentBytes[meta.history_base.end_byte_offset - 1]).toBe(0x0a);
    const cutLine = JSON.parse(parentBytes.subarray(meta.history_base.end_byte_offset).toString('utf8').split('\n')[0]);
    expect(cutLine.ordinal).toBe(cut);
    // The prefix ends where turn 0 ended; turn 1 opens at the cut.
    expect(cutLine.payload.type).toBe('task_started');
    expect(readFileSync(parent.file)).toEqual(before);
  });

  it('gives exactly the parent’s history before the Nth user message', async () => {
    const parent = threeTurns();
    const parentHistory = reconstructHistory((await loadRollout(parent.file)).lines);
    for (const [n, expected] of [
      [0, CONTEXT],
      [1, [...CONTEXT, 'one', 'ONE']],
      [2, [...CONTEXT, 'one', 'ONE', 'two', 'TWO']],
    ] as const) {
      const fork = await forkSession(home, parent.file, { atTurn: n });
      const history = await historyOf(home, fork.file);
      expect(texts(history)).toEqual(expected);
      expect(history).toEqual(dropLastUserTurns(parentHistory, 3 - n));
    }
  });

  it('keeps the whole history when no turn is given', async () => {
    const parent = threeTurns();
    const fork = await forkSession(home, parent.file);
    const meta = await metaOfFile(fork.file);
    const parentLines = (await loadRollout(parent.file)).lines;
    expect(meta.history_base).toEqual({
      thread_id: parent.id,
      end_ordinal_exclusive: parentLines.length,
      end_byte_offset: readFileSync(parent.file).length,
    });
    expect(await historyOf(home, fork.file)).toEqual(reconstructHistory(parentLines));
  });

  it('lets the fork continue its own numbering, and the parent go on without affecting it', async () => {
    const parent = threeTurns();
    const fork = await forkSession(home, parent.file, { atTurn: 1 });
    const cut = (await metaOfFile(fork.file)).history_base.end_ordinal_exclusive;

    const w = RolloutWriter.resume(fork.file);
    expect(w.nextOrdinal).toBe(cut + 1);
    w.append(say('user', 'forked'), say('assistant', 'FORKED'));
    w.close();
    const p = RolloutWriter.resume(parent.file);
    p.append(say('user', 'four'), say('assistant', 'FOUR'));
    p.close();

    const thread = await loadThreadLines(home, fork.file);
    expect(thread.files).toEqual([parent.file, fork.file]);
    expect(texts(reconstructHistory(thread.lines)).slice(2)).toEqual(['one', 'ONE', 'forked', 'FORKED']);
    const ordinals = thread.lines.map((l) => l.ordinal);
    expect(ordinals).toEqual(ordinals.map((_, i) => i));
  });

  it('forks a fork: a cut inside the borrowed prefix points at the ancestor that holds it', async () => {
    const root = threeTurns();
    const mid = await forkSession(home, root.file, { atTurn: 2 });
    const w = RolloutWriter.resume(mid.file);
    w.append(event({ type: 'task_started' }), say('user', 'mid'), say('assistant', 'MID'), event({ type: 'task_complete' }));
    w.close();

    const deep = await forkSession(home, mid.file, { atTurn: 1 });
    const deepMeta = await metaOfFile(deep.file);
    expect(deepMeta.forked_from_id).toBe(mid.id);
    expect(deepMeta.history_base.thread_id).toBe(root.id);
    expect(texts(await historyOf(home, deep.file)).slice(2)).toEqual(['one', 'ONE']);

    // Turn 2 of mid is mid's own first turn: it opens in mid's file.
    const atMid = await forkSession(home, mid.file, { atTurn: 2 });
    expect((await metaOfFile(atMid.file)).history_base.thread_id).toBe(mid.id);
    expect(texts(await historyOf(home, atMid.file)).slice(2)).toEqual(['one', 'ONE', 'two', 'TWO']);
    const whole = await forkSession(home, mid.file);
    expect((await metaOfFile(whole.file)).history_base.thread_id).toBe(mid.id);
    expect(texts(await historyOf(home, whole.file)).slice(2)).toEqual(['one', 'ONE', 'two', 'TWO', 'mid', 'MID']);
  });

  it('does not count turns a rollback undid', async () => {
    const parent = writeSession(home, { turns: [{ user: 'a', agent: 'A' }, { user: 'b', agent: 'B' }], extra: [event({ type: 'thread_rolled_back', num_turns: 1 }), say('user', 'c'), say('assistant', 'C')] });
    const fork = await forkSession(home, parent.file, { atTurn: 1 });
    expect(texts(await historyOf(home, fork.file)).slice(2)).toEqual(['a', 'A']);
  });

  it('refuses a turn the session does not have', async () => {
    const parent = threeTurns();
    await expect(forkSession(home, parent.file, { atTurn: 3 })).rejects.toThrow(ForkError);
    await expect(forkSession(home, parent.file, { atTurn: -1 })).rejects.toThrow(/0\.\.2/);
  });

  it('forks an upstream-written 0.169.0 session', async () => {
    const id = '01a20d58-83a8-7f40-8000-00000000beef';
    const file = path.join(home, 'sessions/2026/11/24', `rollout-2026-11-24T23-03-56-${id}.jsonl`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, readFileSync(path.join(FIXTURES, 'exec-resume-last.rollout.jsonl'), 'utf8').replaceAll('"<id>"', `"${id}"`));

    const whole = await forkSession(home, file);
    const wholeMeta = await metaOfFile(whole.file);
    // What upstream's own `codex exec fork` wrote for this session: ordinals continue at 24.
    expect(wholeMeta.forked_from_ordinal_exclusive).toBe(24);
    expect(wholeMeta.history_base).toEqual({ thread_id: id, end_ordinal_exclusive: 24, end_byte_offset: readFileSync(file).length });
    expect(wholeMeta.session_id).toBe(whole.id);

    const second = await forkSession(home, file, { atTurn: 1 });
    // turn 2 opens with thread_settings_applied (14), task_started (15), turn_context (16), prompt (17)
    expect((await metaOfFile(second.file)).history_base.end_ordinal_exclusive).toBe(14);
    const history = await historyOf(home, second.file);
    expect(texts(history).slice(2)).toEqual(['remember the word kiwi', 'Noted: kiwi.']);
  });
});

describe('fork of a legacy session (no ordinals): the prefix is copied', () => {
  let home: string;
  beforeEach(() => (home = tempCodexHome()));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const legacyParent = () => {
    const id = '0199101a-2b3c-7d4e-8f60-718293a4b5c6';
    const file = path.join(home, 'sessions/2025/09/03', `rollout-2025-09-03T10-15-02-${id}.jsonl`);
    mkdirSync(path.dirname(file), { recursive: true });
    copyFileSync(path.join(FIXTURES, 'legacy.rollout.jsonl'), file);
    return { id, file };
  };

  it('copies the lines before the Nth user message after a new session_meta', async () => {
    const parent = legacyParent();
    const fork = await forkSession(home, parent.file, { atTurn: 1 });
    const { lines } = await loadRollout(fork.file);
    expect(lines.filter((l: RolloutLine) => l.type === 'session_meta')).toHaveLength(1);
    expect(lines.every((l) => l.ordinal === undefined)).toBe(true);
    const meta = lines[0].payload as Record<string, any>;
    expect(meta).toMatchObject({ id: fork.id, forked_from_id: parent.id, cwd: '/home/dev/project' });
    expect(meta.history_base).toBeUndefined();
    expect(fork.historyBase).toBeNull();

    const parentLines = (await loadRollout(parent.file)).lines;
    const expected = dropLastUserTurns(reconstructHistory(parentLines), 1);
    expect(await historyOf(home, fork.file)).toEqual(expected);
    expect(texts(expected)).toEqual(['<environment_context>', 'what does main.rs do?', 'function_call', 'function_call_output', 'It prints "hi".']);

    // Copied byte for byte.
    const parentText = readFileSync(parent.file, 'utf8').split('\n');
    const forkText = readFileSync(fork.file, 'utf8').split('\n').filter(Boolean);
    expect(forkText.slice(1)).toEqual(parentText.slice(1, 1 + forkText.length - 1));
  });

  it('copies everything for a whole-history fork', async () => {
    const parent = legacyParent();
    const fork = await forkSession(home, parent.file);
    expect(fork.copiedLines).toBe(18);
    expect(await historyOf(home, fork.file)).toEqual(reconstructHistory((await loadRollout(parent.file)).lines));
  });
});
