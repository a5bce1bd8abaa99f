// csm's own picker screens end to end, driven as a person would: the built csm in a real PTY (node-pty),
// its bytes drawn by a headless xterm, keys typed one by one, against the lab's loopback mock. These
// screens have no upstream counterpart, so no lab scenario can score them.
//
// Why not @microsoft/tui-test: it brings a second test runner (its own config, fixtures and
// reporter) alongside vitest, and its own copies of xterm and node-pty, for what the lab's drivers
// already give us: the same PTY, terminal emulator, run home and mock the parity scenarios use.
import pty from '@lydell/node-pty';
import { readFileSync, rmSync, utimesSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createRunHome, runPiped, targetEnv, writeConfig, writeWorkspace, type RunHome } from '#lab/drivers';
import { startMockServer, type MockServer } from '#lab/mock';
import { messageTexts } from '#test-support/kill';
import { headlessScreen, type HeadlessScreen } from '#test-support/screen';
import { makeTurns, writeSession, type GenSession } from '#test-support/sessions';

const CSM = fileURLToPath(new URL('../../../../dist/csm.mjs', import.meta.url));
const HOUR = 3_600_000;

interface App {
  screen: HeadlessScreen;
  type(keys: string): void;
  exited: Promise<number>;
}

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
});

/** A run home whose workspace has three sessions (billing, oldest; search, with one deep word; docs, newest). */
async function world(): Promise<{ run: RunHome; mock: MockServer; sessions: Record<'billing' | 'search' | 'docs', GenSession> }> {
  const run = createRunHome('e2e-picker');
  cleanup.push(() => rmSync(run.root, { recursive: true, force: true }));
  writeWorkspace(run, { git: true, files: { 'README.md': '# e2e\n' } });
  const mock = await startMockServer({ turns: [{ output: [{ text: 'Carrying on with the zeppelin plan.' }] }] });
  cleanup.push(() => mock.close());
  writeConfig(run, mock.url, '');
  const at = (hoursAgo: number, topic: string, turns = makeTurns(3, topic)) => {
    const when = new Date(Date.now() - hoursAgo * HOUR);
    const s = writeSession(run.codexHome, { createdAt: new Date(when.getTime() - 60_000), cwd: run.workspace, turns });
    utimesSync(s.file, when, when);
    return s;
  };
  const searchTurns = makeTurns(4, 'search');
  searchTurns[1] = { ...searchTurns[1], agent: 'the zeppelin migration needs a second index' };
  return { run, mock, sessions: { billing: at(3, 'billing'), search: at(2, 'search', searchTurns), docs: at(1, 'docs') } };
}

function launch(run: RunHome, argv: string[]): App {
  const screen = headlessScreen({ cols: 100, rows: 30 });
  const child = pty.spawn(process.execPath, [CSM, ...argv], { name: 'xterm-256color', cols: 100, rows: 30, cwd: run.workspace, env: targetEnv(run, { tty: true }) });
  child.onData((d) => screen.output.write(d));
  const exited = new Promise<number>((resolve) => child.onExit((e) => resolve(e.exitCode)));
  cleanup.push(async () => {
    child.kill('SIGKILL');
    await exited;
  });
  return { screen, type: (keys) => child.write(keys), exited };
}

/** Types text a key at a time, as a person does (a burst would read as a paste). */
async function typeSlowly(app: App, text: string): Promise<void> {
  for (const ch of text) {
    app.type(ch);
    await new Promise((r) => setTimeout(r, 30));
  }
}

const rowsOf = (screen: string) => screen.split('\n').filter((l) => / ago /.test(l));

describe('the resume picker, driven in a terminal', () => {
  it('finds a session by a word deep inside it, opens it, and a new prompt continues it', async () => {
    const { run, mock, sessions } = await world();
    const app = launch(run, ['resume']);
    let screen = await app.screen.waitFor((s) => rowsOf(s).length === 3, 'the three sessions listed');
    expect(screen).toContain('Resume a previous session');
    expect(rowsOf(screen).map((r) => /question 1 about (\w+)/.exec(r)?.[1])).toEqual(['docs', 'search', 'billing']);

    await typeSlowly(app, 'zeppelin');
    screen = await app.screen.waitFor((s) => rowsOf(s).length === 1 && s.includes('zeppelin migration'), 'only the session that says zeppelin');
    expect(rowsOf(screen)[0]).toContain('question 1 about search');

    app.type('\r');
    screen = await app.screen.waitFor('answer 4 regarding search', "the chosen session's last answer");
    expect(screen).not.toContain('about docs');

    await typeSlowly(app, 'carry on');
    app.type('\r');
    await app.screen.waitFor('Carrying on with the zeppelin plan.', 'the answer to the new prompt');
    // The request carried the chosen session's history, then the new prompt.
    const texts = messageTexts(mock.requests().at(-1)!.body);
    expect(texts.some((t) => t.includes('the zeppelin migration needs a second index'))).toBe(true);
    expect(texts.at(-1)).toBe('carry on');
    // And the turn went into that session's own rollout (written just after the answer is drawn).
    await expect.poll(() => readFileSync(sessions.search.file, 'utf8'), { timeout: 10_000 }).toContain('Carrying on with the zeppelin plan.');

    app.type('\x03');
    await new Promise((r) => setTimeout(r, 300));
    app.type('\x03');
    expect(await app.exited).toBe(0);
    expect(await app.screen.text()).toContain(`resume ${sessions.search.id}`);
  });

  it('shows csm tags on their rows, lists a tag with #tag, and the whole list again once the query is erased', async () => {
    const { run, sessions } = await world();
    const env = targetEnv(run, { tty: false });
    for (const [id, tags] of [[sessions.billing.id, ['release', 'q3']], [sessions.docs.id, ['release']]] as const) {
      const r = await runPiped('csm', ['sessions', 'tag', id, ...tags], { cwd: run.workspace, env, timeoutMs: 30_000 });
      expect(r.exitCode, r.stderr).toBe(0);
    }

    const app = launch(run, ['resume']);
    let screen = await app.screen.waitFor((s) => rowsOf(s).length === 3, 'the three sessions listed');
    const row = (topic: string) => rowsOf(screen).find((r) => r.includes(`about ${topic}`)) ?? '';
    expect(row('billing')).toMatch(/question 1 about billing #q3 #release$/);
    expect(row('docs')).toMatch(/#release$/);
    expect(row('search')).not.toContain('#');

    await typeSlowly(app, '#release');
    screen = await app.screen.waitFor((s) => rowsOf(s).length === 2, 'the two sessions tagged release');
    expect(rowsOf(screen).map((r) => /about (\w+)/.exec(r)?.[1])).toEqual(['docs', 'billing']);

    await typeSlowly(app, ' #q3');
    screen = await app.screen.waitFor((s) => rowsOf(s).length === 1, 'the one session with both tags');
    expect(rowsOf(screen)[0]).toContain('about billing');

    for (let i = 0; i < '#release #q3'.length; i++) app.type('\x7f');
    await app.screen.waitFor((s) => rowsOf(s).length === 3 && s.includes('Type to search'), 'the whole list again');

    app.type('\x03');
    expect(await app.exited).toBe(0);
  });
});
