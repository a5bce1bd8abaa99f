// The TUI end to end, without a PTY: runTui reads keys from a PassThrough and writes to another,
// whose bytes a headless xterm turns into the screen; the model is the lab's mock on loopback.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '#lab/mock';
import { makeTurns, tempCodexHome, writeSession } from '#test-support/sessions';
import { openTuiHome, startTui, type TuiHome } from '#test-support/tui-app';
import { exitSummary, runTui, type TuiArgs } from './app.ts';

const COLS = 90;
const ROWS = 26;
const start = (args: Partial<TuiArgs>, cwd: string) => startTui(args, cwd, { cols: COLS, rows: ROWS });

describe('the TUI', () => {
  let home: string;
  let mock: MockServer;
  let tui: TuiHome;
  const cwd = () => tui.cwd;

  beforeEach(async () => {
    mock = await startMockServer({ title: 'Fix the build', turns: [{ output: [{ text: 'Here is **the** plan:\n\n- step one\n- step two' }] }] } as never);
    tui = openTuiHome(mock.url);
    home = tui.home;
  });
  afterEach(async () => {
    tui.close();
    await mock.close();
  });

  it('resumes a session showing its earlier turns, continues it, and says how to come back', async () => {
    const s = writeSession(home, { cwd: cwd(), turns: makeTurns(2, 'the build') });
    const before = readFileSync(s.file, 'utf8').length;
    const run = start({ target: { kind: 'resume', id: s.id } }, cwd());
    const first = await run.waitFor('Ask Codex to do anything');
    expect(first).toMatch(/› question 1 about the build/);
    expect(first).toMatch(/• answer 2 regarding the build/);

    run.send('what next?');
    await run.waitFor('› what next?');
    run.send('\r');
    const answered = await run.waitFor('Worked for');
    // The answer's Markdown: bold drawn as bold text, the list as list items.
    expect(answered).toMatch(/• Here is the plan:/);
    expect(answered).toMatch(/\n {2}• step one\n {2}• step two/);

    run.send('\x03');
    expect(await run.exit).toBe(0);
    const after = readFileSync(s.file, 'utf8');
    expect(after.length).toBeGreaterThan(before);
    expect(after.slice(before)).toContain('what next?');
    const last = (await run.screen()).split('\n').filter(Boolean);
    expect(last.slice(-2)).toEqual(['To continue this session, run:', `  csm resume ${s.id}`]);
    // The resumed request carried the earlier conversation.
    const req = mock.requests().find((r) => r.kind === 'turn')!;
    expect(JSON.stringify(req.body)).toContain('question 2 about the build');
  });

  it('/model: Enter on a reasoning level makes it the default in config.toml, and the next turn asks for it', async () => {
    const run = start({}, cwd());
    await run.waitFor('Ask Codex to do anything');
    run.send('/model');
    await run.waitFor('/model');
    run.send('\r');
    await run.waitFor('Select Model and Effort');
    run.send('\r');
    await run.waitFor('Select Reasoning Level for GPT-5.5');
    run.send('3');
    const shown = await run.waitFor('Model changed to gpt-5.5 high');
    expect(shown).toMatch(/GPT-5\.5 high · /);
    expect(readFileSync(path.join(home, 'config.toml'), 'utf8')).toMatch(/model_reasoning_effort = "high"/);
    run.send('go');
    await run.waitFor('› go');
    run.send('\r');
    await run.waitFor('Worked for');
    const req = mock.requests().find((r) => r.kind === 'turn')!;
    expect((req.body as { reasoning: unknown }).reasoning).toEqual({ effort: 'high' });
    run.send('\x03');
    await run.exit;
  });

  it('/permissions: Read Only makes the thread read-only, as /status then shows', async () => {
    const run = start({}, cwd());
    await run.waitFor('Ask Codex to do anything');
    run.send('/permissions');
    await run.waitFor('/permissions');
    run.send('\r');
    await run.waitFor('Update Model Permissions');
    run.send('4');
    await run.waitFor('Permission selection requested: Read Only');
    run.send('/status');
    await run.waitFor('show current session configuration');
    run.send('\r');
    expect(await run.waitFor('Permissions:')).toMatch(/Permissions: +Read Only/);
    run.send('\x03');
    await run.exit;
  });

  it('/logout removes the saved login and leaves, naming the session', async () => {
    writeFileSync(path.join(home, 'auth.json'), JSON.stringify({ OPENAI_API_KEY: 'sk-test-logout' }));
    const run = start({}, cwd());
    await run.waitFor('Ask Codex to do anything');
    run.send('/logout');
    await run.waitFor('log out of Codex');
    run.send('\r');
    expect(await run.exit).toBe(0);
    expect(existsSync(path.join(home, 'auth.json'))).toBe(false);
    expect(await run.screen()).toMatch(/Session ID: [0-9a-f-]{36}/);
  });

  it('/title saves the chosen items to [tui] terminal_title, and the window title follows them', async () => {
    const run = start({}, cwd());
    await run.waitFor('Ask Codex to do anything');
    run.send('/title');
    await run.waitFor('configure which items appear in the terminal title');
    run.send('\r');
    await run.waitFor('Configure Terminal Title');
    run.send('\x1b[B');
    run.send(' ');
    await run.waitFor('[ ! ] Action Required | ws');
    run.send('\r');
    await run.waitFor('Ask Codex to do anything');
    expect(readFileSync(path.join(home, 'config.toml'), 'utf8')).toMatch(/terminal_title = \[ ?"activity", "project-name" ?\]/);
    run.send('\x03');
    await run.exit;
  });

  it('/archive, once confirmed, moves the session out of sessions/ and offers the picker', async () => {
    const run = start({}, cwd());
    await run.waitFor('Ask Codex to do anything');
    run.send('hello');
    await run.waitFor('› hello');
    run.send('\r');
    await run.waitFor('Worked for');
    run.send('/archive');
    await run.waitFor('archive this session');
    run.send('\r');
    await run.waitFor('Archive this session?');
    run.send('2');
    await run.waitFor('Resume a previous session');
    const archived = readdirSync(path.join(home, 'archived_sessions'));
    expect(archived).toHaveLength(1);
    expect(archived[0]).toMatch(/^rollout-.*\.jsonl$/);
    run.send('\x1b');
    await run.waitFor('Ask Codex to do anything');
    run.send('\x03');
    await run.exit;
  });

  it('/cd moves the session: the next turn runs in the new directory', async () => {
    mkdirSync(path.join(cwd(), 'sub'));
    const run = start({}, cwd());
    await run.waitFor('Ask Codex to do anything');
    run.send('/cd sub');
    await run.waitFor('/cd sub');
    run.send('\r');
    await run.waitFor('Working directory changed to');
    run.send('hello');
    await run.waitFor('› hello');
    run.send('\r');
    await run.waitFor('Worked for');
    expect(JSON.stringify(mock.requests().at(-1)?.body)).toContain(`<cwd>${path.join(cwd(), 'sub')}</cwd>`);
    run.send('\x03');
    await run.exit;
  });

  it('refuses to start without a terminal', async () => {
    const err: string[] = [];
    const code = await runTui(
      { config: [], enable: [], disable: [], addDir: [], target: { kind: 'new' } },
      { input: new PassThrough() as unknown as NodeJS.ReadStream, output: new PassThrough() as unknown as NodeJS.WriteStream, err: (t) => err.push(t) },
    );
    expect(code).toBe(1);
    expect(err.join('')).toBe('Error: stdin is not a terminal\n');
  });
});

describe('the exit summary', () => {
  const usage = { input_tokens: 120, cached_input_tokens: 0, cache_write_input_tokens: 0, output_tokens: 12, reasoning_output_tokens: 0 };
  const plain = (t: string) => t.replace(/\x1b\[[0-9;]*m/g, '');

  it('says how to resume by id, and by picking the title when the thread has one', () => {
    expect(plain(exitSummary(usage, 'abc', 'csm'))).toBe('Token usage: total=132 input=120 output=12\nTo continue this session, run:\n  csm resume abc\n');
    expect(plain(exitSummary(usage, 'abc', 'csm', 'Exit')).split('\n').at(-2)).toBe('Or run csm resume and select Exit.');
  });
});

describe('the TUI keeps the provider key out of what it writes', () => {
  const KEY = 'sk-tui-secret-0123456789';
  const env = { ...process.env };
  let home: string;
  let mock: MockServer;
  afterEach(async () => {
    process.env = { ...env };
    await mock.close();
    rmSync(home, { recursive: true, force: true });
  });

  it('a session that runs a command printing the key leaves it 0 times in CODEX_HOME and the workspace', async () => {
    home = tempCodexHome();
    const ws = path.join(home, 'ws');
    mkdirSync(ws, { recursive: true });
    mock = await startMockServer({
      turns: [{ output: [{ exec_command: { cmd: 'echo "key=$MOCK_API_KEY"', yield_time_ms: 2000 } }] }, { output: [{ text: `Printed ${KEY}.` }] }],
    } as never);
    writeFileSync(
      path.join(home, 'config.toml'),
      `model = "gpt-5.5"\nmodel_provider = "mock"\napproval_policy = "never"\nsandbox_mode = "danger-full-access"\n` +
        `[model_providers.mock]\nname = "Mock"\nbase_url = "${mock.url}"\nwire_api = "responses"\nenv_key = "MOCK_API_KEY"\n`,
    );
    process.env.CODEX_HOME = home;
    process.env.MOCK_API_KEY = KEY;
    const run = start({}, ws);
    await run.waitFor('Ask Codex to do anything');
    run.send('print the key');
    await run.waitFor('› print the key');
    run.send('\r');
    await run.waitFor('Worked for');
    run.send('\x03');
    expect(await run.exit).toBe(0);
    // The command did see the key (no policy excludes it), so the test is not vacuous.
    const output = mock.requests().flatMap((r) => JSON.stringify(r.body ?? ''));
    expect(output.join('')).toContain(`key=${KEY}`);
    const holding = (dir: string): string[] =>
      readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => path.join(e.parentPath, e.name))
        .filter((f) => readFileSync(f).includes(KEY));
    expect(holding(home)).toEqual([]);
  });

});
