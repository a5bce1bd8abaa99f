// A rollback continues the session in a new file of the same id, as upstream 0.171.0 writes it; the
// session's first file is left as it was, and every reader sees the rolled-back conversation.
import { readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { findRolloutById, loadThreadLines, parseRolloutFileName, reconstructHistory } from '../core/rollout/index.ts';
import { makeTurns, tempCodexHome, writeSession } from '#test-support/sessions';
import { openSession, type OpenSession } from './session.ts';

const textsOf = (items: unknown[]) => items.flatMap((i) => ((i as { content?: { text?: string }[] }).content ?? []).map((c) => c.text ?? ''));
const linesOf = (file: string) => readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { ordinal?: number; type: string; payload: Record<string, unknown> });

describe('a rollback', () => {
  let home: string;
  let opened: OpenSession | null = null;
  beforeEach(() => {
    home = tempCodexHome();
  });
  afterEach(() => {
    opened?.close();
    rmSync(home, { recursive: true, force: true });
  });

  const open = async (id: string) => {
    opened = await openSession({ codexHome: home, cwd: '/work/project', target: { kind: 'resume', id }, ephemeral: false, provider: 'openai', baseInstructions: 'x', source: 'cli', originator: 'codex-tui', cliVersion: '0.0.0' });
    return opened;
  };
  /** The rollback's file is opened asynchronously; lines recorded meanwhile land once it is open. */
  const settle = (done: () => boolean | Promise<boolean>) => vi.waitFor(async () => expect(await done()).toBe(true), { timeout: 10_000, interval: 20 });

  it('keeping turns: a new file whose history_base ends where the dropped turn began; later lines go there', async () => {
    const s = writeSession(home, { createdAt: new Date(Date.UTC(2026, 10, 1, 12)), turns: [{ user: 'plan the avocado garden', agent: 'Planted.' }, { user: 'water the bananas', agent: 'Watered.' }] });
    const before = readFileSync(s.file, 'utf8');
    const session = await open(s.id);
    session.rollout.rollback!(1);
    session.rollout.append('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'prune the cherries instead' }] });
    await settle(async () => {
      const head = await findRolloutById(home, s.id);
      return head !== s.file && readFileSync(head!, 'utf8').includes('cherries');
    });
    expect(readFileSync(s.file, 'utf8')).toBe(before);
    const head = (await findRolloutById(home, s.id))!;
    const name = parseRolloutFileName(path.basename(head))!;
    expect(name.threadId).toBe(s.id);
    expect(name.rolloutId).not.toBe(s.id);
    const lines = linesOf(head);
    expect(lines.map((l) => (l.type === 'event_msg' ? `event_msg/${l.payload.type as string}` : l.type))).toEqual(['session_meta', 'event_msg/thread_settings_applied', 'event_msg/thread_settings_applied', 'response_item']);
    const base = lines[0].payload.history_base as { thread_id: string; end_ordinal_exclusive: number };
    expect(lines[0].payload.id).toBe(s.id);
    expect(base.thread_id).toBe(s.id);
    // The kept part ends just before turn 2's opening lines; the new file's ordinals continue from there.
    const firstLines = linesOf(s.file);
    const turn2 = firstLines.find((l) => l.payload.type === 'task_started' && l.payload.turn_id === 'turn-2')!;
    expect(base.end_ordinal_exclusive).toBe(turn2.ordinal);
    expect(lines[0].ordinal).toBe(turn2.ordinal);
    const history = textsOf(reconstructHistory((await loadThreadLines(home, head)).lines));
    expect(history).toContain('plan the avocado garden');
    expect(history).toContain('prune the cherries instead');
    expect(history).not.toContain('water the bananas');
  });

  it('dropping every turn: a new file with no history_base, as upstream writes it', async () => {
    const s = writeSession(home, { createdAt: new Date(Date.UTC(2026, 10, 1, 12)), turns: makeTurns(1, 'kiwis') });
    const session = await open(s.id);
    session.rollout.rollback!(1);
    await settle(async () => (await findRolloutById(home, s.id)) !== s.file);
    const head = (await findRolloutById(home, s.id))!;
    expect(linesOf(head)[0].payload.history_base).toBeUndefined();
    expect(linesOf(head)[0].ordinal).toBe(0);
    expect(reconstructHistory((await loadThreadLines(home, head)).lines)).toEqual([]);
  });

  it('a legacy file (no ordinals) gets a thread_rolled_back line, as before', async () => {
    const s = writeSession(home, { format: 'legacy', createdAt: new Date(Date.UTC(2026, 10, 1, 12)), turns: makeTurns(2, 'figs') });
    const session = await open(s.id);
    session.rollout.rollback!(1);
    await settle(() => readFileSync(s.file, 'utf8').includes('thread_rolled_back'));
    expect(await findRolloutById(home, s.id)).toBe(s.file);
    expect(linesOf(s.file).at(-1)!.payload).toMatchObject({ type: 'thread_rolled_back', num_turns: 1 });
  });
});
