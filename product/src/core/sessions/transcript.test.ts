import { appendFileSync, rmSync, statSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTranscript, readTranscriptTail, type Turn } from './transcript.ts';
import { appendRaw, appendTurns, makeTurns, tempCodexHome, writeSession, type GenTurn } from '#test-support/sessions';

const users = (turns: Turn[]) => turns.map((t) => t.user);

describe('readTranscriptTail', () => {
  let home: string;
  beforeEach(() => {
    home = tempCodexHome();
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('shows the last 2 turns of a big session reading only its end', async () => {
    const padding = 'lorem ipsum dolor sit amet '.repeat(40);
    const turns: GenTurn[] = makeTurns(2000, 'scale').map((t) => ({ ...t, agent: `${t.agent}. ${padding}` }));
    const s = writeSession(home, { turns });
    const size = statSync(s.file).size;
    expect(size).toBeGreaterThan(4_000_000);

    const page = await readTranscriptTail(s.file, 2);
    expect(users(page.turns)).toEqual(['question 1999 about scale', 'question 2000 about scale']);
    expect(page.turns[1].items.map((i) => i.kind)).toEqual(['reasoning', 'agent']);
    expect(page.turns[1].items[1].text).toMatch(/^answer 2000 regarding scale\. lorem/);
    expect(page.turns[1].ordinalStart).toBeGreaterThan(0);
    expect(page.atStart).toBe(false);
    expect(page.bytesRead).toBeLessThan(size / 100);
  });

  it('pages backwards from startOffset to the first turn, matching the forward transcript', async () => {
    const s = writeSession(home, { format: 'legacy', turns: makeTurns(23, 'paging') });
    const forward = await readTranscript(s.file);
    expect(forward.turns).toHaveLength(23);

    const pages: Turn[][] = [];
    let before: number | undefined;
    for (;;) {
      const page = await readTranscriptTail(s.file, 5, { beforeOffset: before, chunkBytes: 1024 });
      pages.unshift(page.turns);
      if (page.atStart) {
        expect(page.startOffset).toBe(0);
        break;
      }
      before = page.startOffset;
    }
    expect(pages.map((p) => p.length)).toEqual([3, 5, 5, 5, 5]);
    expect(pages.flat()).toEqual(forward.turns);
  });

  it('shows commands with their output, in both rollout formats', async () => {
    const turn = { user: 'greet', agent: 'done', command: { cmd: 'echo hello-from-tool', output: 'hello-from-tool\n' } };
    for (const format of ['paginated', 'legacy'] as const) {
      const s = writeSession(home, { format, turns: [turn] });
      const [t] = (await readTranscriptTail(s.file, 1)).turns;
      expect(t.user).toBe('greet');
      expect(t.items.map((i) => [i.kind, i.text, i.output])).toEqual([
        ['reasoning', '**Thinking about turn 1**', undefined],
        ['command', 'echo hello-from-tool', 'hello-from-tool\n'],
        ['agent', 'done', undefined],
      ]);
    }
  });

  it('leaves out rolled-back turns, also when the rollback sits at a page boundary', async () => {
    const s = writeSession(home, { turns: makeTurns(4, 'undo') });
    appendRaw(s, 'event_msg', { type: 'thread_rolled_back', num_turns: 2 });
    appendTurns(s, [{ user: 'after the rollback', agent: 'ok' }]);
    expect(users((await readTranscript(s.file)).turns)).toEqual(['question 1 about undo', 'question 2 about undo', 'after the rollback']);
    const page = await readTranscriptTail(s.file, 1);
    expect(users(page.turns)).toEqual(['after the rollback']);
    const older = await readTranscriptTail(s.file, 5, { beforeOffset: page.startOffset });
    expect(users(older.turns)).toEqual(['question 1 about undo', 'question 2 about undo']);
  });

  it("gives each turn how long it ran and when it ended, from the first task_complete after its prompt", async () => {
    const s = writeSession(home, { turns: makeTurns(1, 'timed') });
    appendRaw(s, 'event_msg', { type: 'task_complete', turn_id: 't1', last_agent_message: 'x', completed_at: 1794957813, duration_ms: 36338 });
    appendTurns(s, [{ user: 'second', agent: 'ok' }]);
    // The second turn's end, then a later one of no prompt's (a compaction's): the turn keeps its own.
    appendRaw(s, 'event_msg', { type: 'task_complete', turn_id: 't2', last_agent_message: 'ok', duration_ms: 1200 });
    appendRaw(s, 'event_msg', { type: 'task_complete', turn_id: 't3', last_agent_message: null, completed_at: 1794990000, duration_ms: 99 });
    for (const turns of [(await readTranscriptTail(s.file, 5)).turns, (await readTranscript(s.file)).turns]) {
      expect(turns[0].worked).toEqual({ ms: 36338, completedAtMs: 1794957813000 });
      // No completed_at: the line's own time (appendRaw writes two hours after the session began).
      expect(turns[1].worked?.ms).toBe(1200);
      expect(Math.abs(turns[1].worked!.completedAtMs - (s.createdAt.getTime() + 7_200_000))).toBeLessThan(1000);
    }
    // A turn end that says no duration (older files) gives none.
    const old = writeSession(home, { turns: makeTurns(1, 'old') });
    expect((await readTranscriptTail(old.file, 1)).turns[0].worked).toBeUndefined();
  });

  it('skips malformed lines and a truncated last line', async () => {
    const s = writeSession(home, { turns: makeTurns(2) });
    appendFileSync(s.file, 'garbage\n{"timestamp":"x","type":"response_item","payl');
    const page = await readTranscriptTail(s.file, 5);
    expect(users(page.turns)).toEqual(['question 1 about topic', 'question 2 about topic']);
    expect(page.malformed).toBe(2);
    expect(page.atStart).toBe(true);
  });

  it('leaves lines it never shows undecoded: a broken token count is not even counted as malformed', async () => {
    const s = writeSession(home, { turns: makeTurns(2) });
    appendFileSync(s.file, '{"timestamp":"2026-11-24T10:00:00.000Z","type":"event_msg","payload":{"type":"token_count","info":{not json}}\n');
    appendFileSync(s.file, '{"timestamp":"2026-11-24T10:00:00.000Z","type":"response_item","payload":{"type":"message",not json}\n');
    const page = await readTranscriptTail(s.file, 5);
    expect(users(page.turns)).toEqual(['question 1 about topic', 'question 2 about topic']);
    expect(page.malformed).toBe(1);
  });

  it('reads lines longer than a chunk', async () => {
    const huge = 'x'.repeat(300_000);
    const s = writeSession(home, { turns: [{ user: 'paste', agent: huge }, ...makeTurns(1)] });
    const page = await readTranscriptTail(s.file, 2, { chunkBytes: 4096 });
    expect(page.turns[0].items[1].text).toBe(huge);
  });

  describe('forks (history_base)', () => {
    // The parent has 5 turns; the fork was taken after turn 3 (end_byte_offset, end ordinal), and
    // the parent went on afterwards. The fork's own file holds 2 turns.
    const setup = () => {
      const parent = writeSession(home, { turns: makeTurns(3, 'parent') });
      const endByte = statSync(parent.file).size;
      const endOrdinal = parent.nextOrdinal;
      appendTurns(parent, makeTurns(2, 'parent later', 3));
      const fork = writeSession(home, { forkedFrom: { id: parent.id, endOrdinal, endByte }, turns: makeTurns(2, 'fork') });
      return { parent, fork };
    };

    it("takes the tail from the fork's own file first", async () => {
      const { fork } = setup();
      const page = await readTranscriptTail(fork.file, 2, { codexHome: home });
      expect(users(page.turns)).toEqual(['question 1 about fork', 'question 2 about fork']);
      expect(page.startFile).toBe(fork.file);
    });

    it("continues into the parent's prefix (not its later turns) when more turns are asked for", async () => {
      const { parent, fork } = setup();
      const page = await readTranscriptTail(fork.file, 4, { codexHome: home });
      expect(users(page.turns)).toEqual(['question 2 about parent', 'question 3 about parent', 'question 1 about fork', 'question 2 about fork']);
      expect(page.turns.map((t) => t.file)).toEqual([parent.file, parent.file, fork.file, fork.file]);
      expect(page.startFile).toBe(parent.file);
      const rest = await readTranscriptTail(page.startFile, 10, { beforeOffset: page.startOffset, codexHome: home });
      expect(users(rest.turns)).toEqual(['question 1 about parent']);
      expect(rest.atStart).toBe(true);
      // forward, the same thread
      const all = await readTranscript(fork.file, { codexHome: home });
      expect(users(all.turns)).toEqual([...users(rest.turns), ...users(page.turns)]);
      expect(all.files).toEqual([parent.file, fork.file]);
    });

    it('without codexHome, or with the parent gone, stops at the top of the fork', async () => {
      const { parent, fork } = setup();
      expect((await readTranscriptTail(fork.file, 10)).turns).toHaveLength(2);
      rmSync(parent.file);
      const page = await readTranscriptTail(fork.file, 10, { codexHome: home });
      expect(page.turns).toHaveLength(2);
      expect(page).toMatchObject({ atStart: true, missingBase: parent.id });
    });
  });
});
