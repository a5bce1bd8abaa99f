// Tail-first resume, end to end without a PTY (as app.test.ts): the session's last turns are drawn
// from the end of its file before the thread is opened, and the chat takes the terminal over.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '#lab/mock';
import { openTuiHome, startTui, type TuiHome } from '#test-support/tui-app';
import { makeTurns, writeSession } from '#test-support/sessions';
import { acquireRolloutLock } from '../core/rollout/index.ts';
import type { TuiArgs } from './app.ts';
import { visibleCells } from './resume-preview.ts';

const start = (args: Partial<TuiArgs>, cwd: string) => startTui(args, cwd, { cols: 90, rows: 26 });

describe('resuming in the TUI', () => {
  let home: string;
  let mock: MockServer;
  let tui: TuiHome;
  beforeEach(async () => {
    mock = await startMockServer({ turns: [{ output: [{ text: 'Next.' }] }] });
    tui = openTuiHome(mock.url);
    home = tui.home;
  });
  afterEach(async () => {
    tui.close();
    await mock.close();
  });

  it('draws the last turns before the thread opens: a session another process is writing shows them, then the error, with the terminal restored', async () => {
    const cwd = path.join(home, 'ws');
    const s = writeSession(home, { cwd, turns: makeTurns(3, 'the deploy') });
    const lock = acquireRolloutLock(s.file);
    try {
      const run = start({ target: { kind: 'resume', id: s.id } }, cwd);
      expect(await run.exit).toBe(1);
      expect(run.written()).toContain('answer 3 regarding the deploy');
      expect(run.err.join('')).toMatch(/already has an active writer/);
      // The alternate screen was left again.
      expect(run.written().lastIndexOf('\x1b[?1049l')).toBeGreaterThan(run.written().lastIndexOf('\x1b[?1049h'));
    } finally {
      lock.release();
    }
  });

  it('keeps the keys typed while the history is built, and sends them with that history', async () => {
    const cwd = path.join(home, 'ws');
    const s = writeSession(home, { cwd, turns: makeTurns(2, 'the parser') });
    const run = start({ target: { kind: 'resume', id: s.id } }, cwd);
    // Typed at once, before anything is on the screen.
    run.send('and then?');
    await run.waitFor('› and then?');
    run.send('\r');
    await run.waitFor('Worked for');
    run.send('\x03');
    expect(await run.exit).toBe(0);
    const req = mock.requests().find((r) => r.kind === 'turn')!;
    expect(JSON.stringify(req.body)).toContain('question 2 about the parser');
    expect(JSON.stringify(req.body)).toContain('and then?');
  });
});

describe('the preview frame', () => {
  it('lays out only the newest cells that fill the screen twice, all of them for a short session', () => {
    const long = Array.from({ length: 40 }, (_, i) => ({ kind: 'agent' as const, text: `answer ${i}\n${'line\n'.repeat(9)}` }));
    const shown = visibleCells(long, { cols: 80, rows: 30 });
    expect(shown.length).toBeLessThan(long.length);
    expect(shown.at(-1)).toBe(long.at(-1));
    // 12 rows each (11 lines and the gap between cells): five cover 60.
    expect(shown.length).toBe(5);
    const short = long.slice(0, 3);
    expect(visibleCells(short, { cols: 80, rows: 30 })).toEqual(short);
  });
});
