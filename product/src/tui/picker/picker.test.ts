// End to end, without a PTY: pickSession reads keys from a PassThrough and writes to another,
// whose bytes a headless xterm turns into the screen a user would see.
import { rmSync, utimesSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { headlessScreen, type HeadlessScreen, type TtyOutput } from '#test-support/screen';
import { makeTurns, nameSession, tempCodexHome, writeSession, type GenSession, type GenSpec } from '#test-support/sessions';
import { SessionStore } from '../../core/sessions/store.ts';
import { parseKeys } from '../screen/keys.ts';
import { pickSession, type PickOptions, type PickResult } from './picker.ts';

const CWD = '/work/project';
const HOUR = 3_600_000;

interface Harness {
  input: PassThrough;
  output: TtyOutput;
  term: HeadlessScreen['term'];
  result: Promise<PickResult>;
  /** the screen as text, once every byte written so far is parsed */
  screen(): Promise<string>;
  /** waits until the screen satisfies `test` */
  waitFor(test: (screen: string) => boolean, what: string): Promise<string>;
  resize: HeadlessScreen['resize'];
  send(keys: string): void;
}

function open(home: string, o: Partial<Omit<PickOptions, 'input' | 'output' | 'codexHome'>> & { cols?: number; rows?: number; tty?: PassThrough } = {}): Harness {
  const input = o.tty ?? new PassThrough();
  const screen = headlessScreen({ cols: o.cols ?? 100, rows: o.rows ?? 20 });
  const result = pickSession({
    codexHome: home,
    cwd: o.cwd ?? CWD,
    all: o.all ?? false,
    action: o.action ?? 'resume',
    input: input as unknown as NodeJS.ReadStream,
    output: screen.output as unknown as NodeJS.WriteStream,
    searchDebounceMs: o.searchDebounceMs,
  });
  return {
    input,
    output: screen.output,
    term: screen.term,
    result,
    screen: screen.text,
    waitFor: (test, what) => screen.waitFor(test, what),
    resize: screen.resize,
    send: (keys) => input.write(keys),
  };
}

/** A session updated `hoursAgo` hours ago (file time and last line alike). */
function session(home: string, hoursAgo: number, spec: GenSpec = {}): GenSession {
  const at = new Date(Date.now() - hoursAgo * HOUR);
  const s = writeSession(home, { createdAt: new Date(at.getTime() - 60_000), cwd: CWD, ...spec });
  utimesSync(s.file, at, at);
  return s;
}

describe('pickSession', () => {
  let home: string;
  beforeEach(() => {
    home = tempCodexHome();
  });
  afterEach(() => {
    rmSync(home, { recursive: true, force: true });
  });

  it('shows the sessions of this directory, newest first, and enter picks the highlighted one', async () => {
    const older = session(home, 5, { gitBranch: 'feature/x', turns: makeTurns(2, 'parsers') });
    const newest = session(home, 2, { gitBranch: 'main', turns: makeTurns(1, 'the build') });
    session(home, 1, { cwd: '/elsewhere', turns: makeTurns(1, 'another project') });
    nameSession(home, older.id, 'parser rewrite');

    const h = open(home);
    const screen = await h.waitFor((s) => s.includes('parser rewrite') && s.includes('question 1 about the build'), 'both sessions');
    const lines = screen.split('\n');
    expect(lines[0]).toBe('Resume a previous session');
    expect(lines[1]).toBe('Type to search');
    expect(lines[2]).toMatch(/^ {2}Updated +Branch +Conversation$/);
    expect(lines[3]).toMatch(/^› 2h ago +main +question 1 about the build$/);
    expect(lines[4]).toMatch(/^ {2}5h ago +feature\/x +parser rewrite$/);
    expect(lines[19]).toBe('enter to resume · esc to start new · ctrl+c to quit · ↑/↓ to browse');
    expect(screen).not.toContain('another project');
    expect(h.term.buffer.active.type).toBe('alternate');

    h.send('\r');
    expect(await h.result).toEqual({ kind: 'picked', id: newest.id });
    await h.screen();
    expect(h.term.buffer.active.type).toBe('normal');
  });

  it('moves with the arrow keys; esc starts a new session, ctrl-c quits', async () => {
    session(home, 3, { turns: makeTurns(1, 'one') });
    const second = session(home, 4, { turns: makeTurns(1, 'two') });
    const h = open(home, { action: 'fork' });
    await h.waitFor((s) => s.includes('about two'), 'the sessions');
    expect((await h.screen()).split('\n')[19]).toBe('enter to fork · esc to start new · ctrl+c to quit · ↑/↓ to browse');
    h.send('\x1b[B');
    await h.waitFor((s) => /^› .*about two$/m.test(s), 'the second row selected');
    h.send('\x1b[B\x1b[A\x1b[B\r');
    expect(await h.result).toEqual({ kind: 'picked', id: second.id });

    const esc = open(home);
    await esc.waitFor((s) => s.includes('about one'), 'the sessions');
    esc.send('\x1b');
    expect(await esc.result).toEqual({ kind: 'new' });

    const quit = open(home);
    await quit.waitFor((s) => s.includes('about one'), 'the sessions');
    quit.send('\x03');
    expect(await quit.result).toEqual({ kind: 'quit' });
  });

  it('finds a word that only appears deep in one session', async () => {
    const turns = makeTurns(40, 'routine work');
    turns[33] = { user: 'what does the xylophone module export?', agent: 'It exports the xylophone tuner.' };
    const deep = session(home, 9, { turns });
    for (let i = 0; i < 6; i++) session(home, i + 1, { turns: makeTurns(5, `chore ${i}`) });

    const h = open(home);
    await h.waitFor((s) => s.includes('question 1 about chore 0'), 'the list');
    h.send('xylo');
    h.send('phone');
    const screen = await h.waitFor((s) => s.includes('xylophone') && !s.includes('chore 0'), 'the search hit');
    const lines = screen.split('\n');
    expect(lines[1]).toBe('xylophone');
    expect(lines[3]).toMatch(/^› 9h ago +main +question 1 about routine work · .*xylophone/);
    expect(lines[4]).toBe('');
    // The match is bold in the snippet.
    const x = lines[3].indexOf('xylophone', lines[3].indexOf('·'));
    const cell = h.term.buffer.active.getLine(h.term.buffer.active.viewportY + 3)!.getCell(x)!;
    expect(cell.isBold()).toBeTruthy();

    h.send('\r');
    expect(await h.result).toEqual({ kind: 'picked', id: deep.id });
  });

  it('shows "No results" for a word no session has, and the list again when the query is erased', async () => {
    session(home, 1, { turns: makeTurns(1, 'apples') });
    const h = open(home);
    await h.waitFor((s) => s.includes('about apples'), 'the list');
    h.send('nothinglikethis');
    await h.waitFor((s) => s.includes('No results for your search'), 'no results');
    h.send('\x7f'.repeat('nothinglikethis'.length));
    const screen = await h.waitFor((s) => s.includes('about apples') && s.includes('Type to search'), 'the list again');
    expect(screen).not.toContain('No results');
    h.send('\x03');
    expect(await h.result).toEqual({ kind: 'quit' });
  });

  it('pages through a long history as the selection moves down', async () => {
    const all = Array.from({ length: 70 }, (_, i) => session(home, i + 1, { turns: [{ user: `task number ${i}`, agent: 'ok' }] }));
    const h = open(home, { rows: 12 });
    await h.waitFor((s) => s.includes('task number 0'), 'the first page');
    h.send('\x1b[6~'.repeat(12));
    await h.waitFor((s) => /^› .*task number 69$/m.test(s), 'the last session');
    h.send('\x1b[H');
    await h.waitFor((s) => /^› .*task number 0$/m.test(s), 'the top again');
    h.send('\x1b[F\r');
    expect(await h.result).toEqual({ kind: 'picked', id: all[69].id });
  });

  it('lists every directory with a CWD column for --all', async () => {
    session(home, 1, { cwd: '/srv/api', turns: makeTurns(1, 'api') });
    session(home, 2, { cwd: CWD, turns: makeTurns(1, 'here') });
    const h = open(home, { all: true });
    const screen = await h.waitFor((s) => s.includes('about api') && s.includes('about here'), 'both directories');
    expect(screen.split('\n')[2]).toMatch(/^ {2}Updated +Branch +CWD +Conversation$/);
    expect(screen).toMatch(/\/srv\/api +question 1 about api/);
    expect(screen).toMatch(/\/work\/project +question 1 about here/);
    h.send('\x1b');
    expect(await h.result).toEqual({ kind: 'new' });
  });

  it('shows an existing index at once and picks up sessions the refresh finds', async () => {
    session(home, 3, { turns: makeTurns(1, 'indexed before') });
    const pre = SessionStore.open(home);
    await pre.refresh();
    pre.close();
    const fresh = session(home, 1, { turns: makeTurns(1, 'written since') });
    const h = open(home);
    await h.waitFor((s) => s.includes('about written since') && s.includes('about indexed before'), 'both sessions');
    h.send('\r');
    expect(await h.result).toEqual({ kind: 'picked', id: fresh.id });
  });

  it('says so when there are no sessions; enter does nothing then', async () => {
    const h = open(home);
    await h.waitFor((s) => s.includes('No sessions yet'), 'the empty state');
    h.send('\r');
    await new Promise((r) => setTimeout(r, 50));
    h.send('\x1b');
    expect(await h.result).toEqual({ kind: 'new' });
  });

  it('redraws everything on resize', async () => {
    session(home, 1, { turns: makeTurns(1, 'resizing') });
    const h = open(home, { cols: 100, rows: 20 });
    await h.waitFor((s) => s.includes('about resizing'), 'the list');
    h.resize(70, 10);
    const screen = await h.waitFor((s) => s.split('\n')[9]?.startsWith('enter to resume'), 'the footer on the new last row');
    expect(screen.split('\n')[3]).toMatch(/^› 1h ago +main +question 1 about resizing$/);
    h.send('\x03');
    await h.result;
  });

  it('puts a terminal in raw mode and always restores it', async () => {
    session(home, 1, { turns: makeTurns(1, 'raw') });
    const tty = Object.assign(new PassThrough(), { isTTY: true, setRawMode: vi.fn() });
    const h = open(home, { tty });
    await h.waitFor((s) => s.includes('about raw'), 'the list');
    expect(tty.setRawMode).toHaveBeenLastCalledWith(true);
    h.send('\x03');
    await h.result;
    expect(tty.setRawMode).toHaveBeenLastCalledWith(false);
    const all = await h.screen();
    expect(all).not.toContain('Resume a previous session');
    expect(h.term.buffer.active.type).toBe('normal');
  });
});

describe('the keys the picker reads', () => {
  it('include page up/down, home and end', () => {
    expect(parseKeys('\x1b[5~\x1b[6~\x1b[H\x1b[F\x1b[1~\x1b[4~\x1bOH\x1bOF\x1b[5;2~').map((k) => k.kind)).toEqual([
      'pageup',
      'pagedown',
      'home',
      'end',
      'home',
      'end',
      'home',
      'end',
      'pageup',
    ]);
    // Unknown ~ keys stay ignored; arrows are as before.
    expect(parseKeys('\x1b[2~a\x1b[A')).toEqual([{ kind: 'text', text: 'a' }, { kind: 'up' }]);
  });
});
