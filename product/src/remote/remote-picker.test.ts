// `csm --remote ADDR resume` with no id, against csm's app-server in this process: the sessions
// listed are the server's (thread/list), --last takes the newest, the picker shows them newest first
// and Enter, Esc and Ctrl-C answer as the local picker's do.
import { utimesSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '#lab/mock';
import { headlessScreen } from '#test-support/screen';
import { makeTurns, writeSession } from '#test-support/sessions';
import { openTuiHome, type TuiHome } from '#test-support/tui-app';
import { AppServer } from '../app-server/server.ts';
import { serveWebSocket, type Listening } from '../app-server/transport.ts';
import { RemoteConnection } from './connection.ts';
import { chooseRemoteThread, lastRemoteThread, pickRemoteThread } from './remote-picker.ts';

const HOUR = 3_600_000;
let mock: MockServer | null = null;
let home: TuiHome | null = null;
let server: { app: AppServer; listening: Listening } | null = null;
const conns: RemoteConnection[] = [];

afterEach(async () => {
  for (const c of conns.splice(0)) c.close();
  await server?.listening.close();
  await server?.app.close();
  home?.close();
  await mock?.close();
  server = home = mock = null;
});

/** csm's app-server over a WebSocket, on a CODEX_HOME holding sessions about these topics (the last one newest). */
async function serve(topics: string[]) {
  mock = await startMockServer({ turns: [] } as never);
  home = openTuiHome(mock.url);
  const ids = topics.map((topic, i) => {
    const when = new Date(Date.now() - (topics.length - i) * HOUR);
    const s = writeSession(home!.home, { createdAt: new Date(when.getTime() - 60_000), cwd: home!.cwd, source: 'cli', turns: makeTurns(2, topic) });
    utimesSync(s.file, when, when);
    return s.id;
  });
  const app = new AppServer({ codexHome: home.home, config: [] });
  server = { app, listening: await serveWebSocket(app, { kind: 'ws', host: '127.0.0.1', port: 0 }, { token: null }) };
  return { address: server.listening.address, ids };
}

async function connect(address: string) {
  const conn = await RemoteConnection.open(address, { codexHome: home!.home });
  conns.push(conn);
  return conn;
}

function terminal() {
  const screen = headlessScreen({ cols: 100, rows: 20 });
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => input });
  return { screen, input: input as unknown as NodeJS.ReadStream, output: screen.output as unknown as NodeJS.WriteStream, send: (k: string) => input.write(k) };
}

describe("resume over --remote lists the server's sessions", () => {
  it('--last is the most recently updated one', async () => {
    const { address, ids } = await serve(['billing', 'docs']);
    expect(await lastRemoteThread(await connect(address))).toBe(ids[1]);
    const t = terminal();
    expect(await chooseRemoteThread(address, undefined, home!.home, { last: true, action: 'resume', input: t.input, output: t.output })).toEqual({ kind: 'picked', id: ids[1] });
  });

  it('--last on a server with no session: a new one', async () => {
    const { address } = await serve([]);
    const t = terminal();
    expect(await chooseRemoteThread(address, undefined, home!.home, { last: true, action: 'resume', input: t.input, output: t.output })).toEqual({ kind: 'new' });
  });

  it('the picker shows them newest first by their first prompt; ↓ Enter picks the older one', async () => {
    const { address, ids } = await serve(['billing', 'docs']);
    const t = terminal();
    const picked = pickRemoteThread(await connect(address), { action: 'resume', input: t.input, output: t.output });
    const shown = await t.screen.waitFor(/docs[\s\S]*billing/);
    expect(shown).toContain('Resume a previous session');
    expect(shown).toMatch(/› .*ago .*docs/);
    t.send('\x1b[B');
    await t.screen.waitFor(/› .*billing/);
    t.send('\r');
    expect(await picked).toEqual({ kind: 'picked', id: ids[0] });
  });

  it('typing narrows the list to the titles that hold the words; Esc starts a new session, Ctrl-C quits', async () => {
    const { address } = await serve(['billing', 'docs', 'deploy']);
    const conn = await connect(address);
    const t = terminal();
    const picked = pickRemoteThread(conn, { action: 'resume', input: t.input, output: t.output });
    await t.screen.waitFor(/deploy[\s\S]*docs[\s\S]*billing/);
    t.send('bill');
    const narrowed = await t.screen.waitFor((s) => s.includes('billing') && !s.includes('docs'));
    expect(narrowed).not.toContain('deploy');
    t.send('\x1b');
    // A lone Esc waits a moment to tell it from the start of a key sequence.
    expect(await picked).toEqual({ kind: 'new' });
    const again = terminal();
    const quit = pickRemoteThread(conn, { action: 'fork', input: again.input, output: again.output });
    await again.screen.waitFor('Fork a previous session');
    again.send('\x03');
    expect(await quit).toEqual({ kind: 'quit' });
  });

  it('a server that cannot be reached: the line to print', async () => {
    mock = await startMockServer({ turns: [] } as never);
    home = openTuiHome(mock.url);
    const t = terminal();
    expect(await chooseRemoteThread('ws://127.0.0.1:9', undefined, home.home, { last: true, action: 'resume', input: t.input, output: t.output })).toMatch(/^could not connect to ws:\/\/127\.0\.0\.1:9: .*ECONNREFUSED/);
  });
});
