// Tail-first resume, end to end without a PTY (as app.test.ts): the session's last turns are drawn
// from the end of its file before the thread is opened, and the chat takes the terminal over.
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { headlessScreen } from '#test-support/screen';
import { startMockServer, type MockServer } from '#lab/mock';
import { openTuiHome, startTui, type TuiHome } from '#test-support/tui-app';
import { makeTurns, writeSession } from '#test-support/sessions';
import { acquireRolloutLock } from '../core/rollout/index.ts';
import type { TuiArgs } from './app.ts';
import { loadFrontEndConfig } from '../runtime/front-end.ts';
import { previewTakes, startResumePreview, visibleCells } from './resume-preview.ts';

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

describe('typing before the chat has opened', () => {
  let mock: MockServer;
  let tui: TuiHome;
  beforeEach(async () => {
    mock = await startMockServer({ turns: [] });
    tui = openTuiHome(mock.url);
  });
  afterEach(async () => {
    tui.close();
    await mock.close();
  });

  /** The preview alone (no chat loaded, no thread opening) on a headless screen, as `csm resume` starts it. */
  async function preview(vim = false) {
    const screen = headlessScreen({ cols: 80, rows: 20 });
    const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
    const cfg = loadFrontEndConfig({ config: vim ? ['tui.vim_mode_default=true'] : [], enable: [], disable: [], addDir: [], target: { kind: 'new' } }, tui.cwd, tui.home);
    const p = (await startResumePreview({ input: input as unknown as NodeJS.ReadStream, output: screen.output as unknown as NodeJS.WriteStream }, { codexHome: tui.home, cfg, target: { kind: 'new' } }))!;
    return { p, screen, send: (keys: string) => input.write(keys), close: () => p.terminal.close() };
  }

  it('shows plain text in the composer at once and hands it over with the keys it left, in order', async () => {
    const { p, screen, send, close } = await preview();
    try {
      send('fix the');
      await screen.waitFor('› fix the');
      // `/` would open the command popup: from there on every key waits for the chat.
      send(' /src bug');
      send('\r');
      await new Promise((r) => setTimeout(r, 50));
      expect(await screen.text()).not.toContain('src bug');
      const handed = p.handOver();
      expect(handed.composer.text).toBe('fix the');
      expect(handed.events.map((e) => (e.kind === 'text' ? e.text : e.kind)).join('')).toBe(' /src bugenter');
    } finally {
      close();
    }
  });

  it('leaves every key to the chat in Vim mode, where keys are commands', async () => {
    const { p, send, close } = await preview(true);
    try {
      send('dd');
      await new Promise((r) => setTimeout(r, 50));
      const handed = p.handOver();
      expect(handed.composer.text).toBe('');
      expect(handed.events).toHaveLength(1);
    } finally {
      close();
    }
  });

  it('takes plain text only: not what opens a popup or a mode on an empty composer', () => {
    const text = (t: string) => ({ kind: 'text' as const, text: t });
    expect(previewTakes('', text('a'))).toBe(true);
    expect(previewTakes('', text('?'))).toBe(false);
    expect(previewTakes('', text('!ls'))).toBe(false);
    expect(previewTakes('why', text('?'))).toBe(true);
    expect(previewTakes('see', text('@'))).toBe(false);
    expect(previewTakes('', text('/'))).toBe(false);
    expect(previewTakes('a', { kind: 'backspace' })).toBe(false);
  });
});
