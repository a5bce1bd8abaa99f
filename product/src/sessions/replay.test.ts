// `csm sessions replay`: a recorded session drawn as a resume shows it, the same bytes every run.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRunHome, runPiped, targetEnv } from '#lab/drivers';
import { appendRaw, appendTurns, makeTurns, tempCodexHome, writeSession } from '#test-support/sessions';
import { SessionStore } from '../core/sessions/store.ts';
import { frameAnsi, frameText, replaySession } from './replay.ts';

async function sessionInfo(home: string, id: string) {
  const store = SessionStore.open(home);
  try {
    await store.refresh();
    return await store.resolve(id);
  } finally {
    store.close();
  }
}

describe('sessions replay', () => {
  const home = tempCodexHome();
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('draws the last turn as a resume shows it: header, prompt, answer, composer and footer', async () => {
    const s = writeSession(home, { cwd: '/work/kiwi', model: 'gpt-5.5', turns: makeTurns(3, 'kiwi') });
    const { frames: [frame] } = await replaySession(await sessionInfo(home, s.id), { cols: 80, rows: 40 });
    const text = frameText(frame.canvas);
    expect(frame.turn).toBe(3);
    expect(text).toContain('  >_ csm (v');
    expect(text).toContain('› question 3 about kiwi');
    expect(text).toContain('• answer 3 regarding kiwi');
    expect(text).toContain('› Ask Codex to do anything');
    expect(text).toContain('  GPT-5.5 default · /work/kiwi');
    expect(text.split('\n')).toHaveLength(41);
  });

  it("ends each turn with its Worked-for row, the clock standing at the session's newest turn: an earlier day's names its day", async () => {
    const s = writeSession(home, { cwd: '/w', turns: makeTurns(1, 'fig') });
    appendRaw(s, 'event_msg', { type: 'task_complete', turn_id: 't1', last_agent_message: 'x', completed_at: Date.UTC(2026, 10, 16, 12) / 1000, duration_ms: 36_000 });
    appendTurns(s, makeTurns(1, 'fig', 1));
    appendRaw(s, 'event_msg', { type: 'task_complete', turn_id: 't2', last_agent_message: 'x', completed_at: Date.UTC(2026, 10, 17, 12) / 1000, duration_ms: 5_000 });
    const replay = async () => frameText((await replaySession(await sessionInfo(home, s.id), { cols: 100, rows: 40 })).frames[0].canvas);
    const text = await replay();
    expect(text).toMatch(/Worked for 36s • Nov 16 at \d\d:\d\d/);
    expect(text).toMatch(/Worked for 5s • \d\d:\d\d\n/);
    expect(await replay()).toBe(text);
  });

  it('stands at an earlier turn: what came later is not on the screen', async () => {
    const s = writeSession(home, { cwd: '/w', turns: makeTurns(5, 'plum') });
    const { frames } = await replaySession(await sessionInfo(home, s.id), { cols: 100, rows: 30, from: 2, to: 3 });
    expect(frames.map((f) => f.turn)).toEqual([2, 3]);
    expect(frameText(frames[0].canvas)).toContain('answer 2 regarding plum');
    expect(frameText(frames[0].canvas)).not.toContain('question 3 about plum');
    expect(frameText(frames[1].canvas)).toContain('answer 3 regarding plum');
    expect(frameText(frames[1].canvas)).not.toContain('question 4 about plum');
  });

  it('reads a 100 MB session from its end: the last turn is drawn from a small part of the file', async () => {
    const s = writeSession(home, { cwd: '/w', turns: makeTurns(2, 'early') });
    const big = 'x'.repeat(1023) + '\n';
    for (let i = 0; i < 10; i++) appendTurns(s, Array.from({ length: 10 }, (_, k) => ({ user: `bulk ${i * 10 + k}`, agent: 'done', command: { cmd: 'cat big', output: big.repeat(1024) } })));
    appendTurns(s, makeTurns(1, 'late', 102));
    const info = await sessionInfo(home, s.id);
    expect(info.size).toBeGreaterThan(100 * 1024 * 1024);
    const { frames, bytesRead } = await replaySession(info, { cols: 100, rows: 30 });
    expect(frameText(frames[0].canvas)).toContain('answer 103 regarding late');
    // The last 20 turns a resume shows (19 of them 1 MB each), not the 100 before them.
    expect(bytesRead).toBeLessThan(info.size / 4);
  });

  it('keeps styles in the ANSI rendering: the prompt block on its grey background', async () => {
    const s = writeSession(home, { cwd: '/w', turns: makeTurns(1, 'fig') });
    const { frames: [frame] } = await replaySession(await sessionInfo(home, s.id), { cols: 60, rows: 20 });
    expect(frameAnsi(frame.canvas)).toMatch(/\x1b\[[0-9;]*48;2;68;68;68m[^\n]*question 1 about fig/);
  });
});

describe('csm sessions replay (the built CLI)', () => {
  const run = createRunHome('sessions-replay');
  afterAll(() => rmSync(run.root, { recursive: true, force: true }));

  it('gives byte-identical frames on two runs, as text and as ANSI', async () => {
    const s = writeSession(run.codexHome, { cwd: run.workspace, turns: [...makeTurns(3, 'pear'), { user: 'list it', agent: 'Here:\n\n- one\n- `two`', command: { cmd: 'ls', output: 'a\nb\n' } }] });
    const outs: string[] = [];
    for (let i = 0; i < 2; i++) {
      const dir = mkdtempSync(path.join(tmpdir(), 'csm-replay-'));
      outs.push(dir);
      for (const extra of [[], ['--ansi']]) {
        const inv = await runPiped('csm', ['sessions', 'replay', s.id, '--at-turn', '1-4', '--size', '90x25', '--out', dir, ...extra], { cwd: run.workspace, env: { ...targetEnv(run, { tty: false }), TZ: i ? 'Asia/Tokyo' : 'UTC' }, timeoutMs: 60_000 });
        expect(inv.exitCode, inv.stderr).toBe(0);
      }
    }
    const files = readdirSync(outs[0]).sort();
    expect(files).toEqual(['turn-0001.ansi', 'turn-0001.txt', 'turn-0002.ansi', 'turn-0002.txt', 'turn-0003.ansi', 'turn-0003.txt', 'turn-0004.ansi', 'turn-0004.txt']);
    for (const f of files) expect(readFileSync(path.join(outs[1], f)).equals(readFileSync(path.join(outs[0], f))), f).toBe(true);
    expect(readFileSync(path.join(outs[0], 'turn-0004.txt'), 'utf8')).toContain('• Ran ls');
    for (const d of outs) rmSync(d, { recursive: true, force: true });
  });

  it('refuses a turn the session does not have', async () => {
    const s = writeSession(run.codexHome, { cwd: run.workspace, turns: makeTurns(2, 'lime') });
    const inv = await runPiped('csm', ['sessions', 'replay', s.id, '--at-turn', '3'], { cwd: run.workspace, env: targetEnv(run, { tty: false }), timeoutMs: 60_000 });
    expect(inv.exitCode).toBe(1);
    expect(inv.stderr).toBe(`Error: session ${s.id} has 2 turns\n`);
  });
});
