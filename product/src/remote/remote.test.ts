// csm's TUI with --remote against csm's own app-server, end to end on loopback: the server runs in
// this process on a WebSocket (app-server/transport.ts), the model is the lab's mock, and the TUI
// draws on a headless terminal. What the server does and what the TUI shows are both checked.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { startMockServer, type MockServer } from '#lab/mock';
import { openTuiHome, startTui, type TuiHome } from '#test-support/tui-app';
import { AppServer } from '../app-server/server.ts';
import { serveWebSocket, type Listening } from '../app-server/transport.ts';
import { remoteUrl, RpcClient } from './rpc-client.ts';

const SIZE = { cols: 100, rows: 30 };

let mock: MockServer | null = null;
let home: TuiHome | null = null;
let server: { app: AppServer; listening: Listening } | null = null;

afterEach(async () => {
  await server?.listening.close();
  await server?.app.close();
  home?.close();
  await mock?.close();
  server = home = mock = null;
});

async function serve(script: object, token: string | null = null) {
  mock = await startMockServer(script as never);
  home = openTuiHome(mock.url);
  const app = new AppServer({ codexHome: home.home, config: [] });
  const listening = await serveWebSocket(app, { kind: 'ws', host: '127.0.0.1', port: 0 }, { token });
  server = { app, listening };
  return { address: listening.address, cwd: home.cwd };
}

function rollouts(codexHome: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.jsonl')) out.push(p);
    }
  };
  walk(path.join(codexHome, 'sessions'));
  return out;
}

describe('csm --remote against csm app-server', () => {
  it("streams a prompt's answer, names the thread, and says how to come back to it over the same server", async () => {
    const { address, cwd } = await serve({ title: 'Greet the user', turns: [{ chunks: 4, output: [{ text: 'Hello from the server side.' }] }] });
    const tui = startTui({ remote: address }, cwd, SIZE);
    await tui.waitFor('Ask Codex to do anything');
    tui.send('say hi');
    await tui.waitFor('› say hi');
    tui.send('\r');
    const answered = await tui.waitFor(/Worked for[\s\S]*Greet the user/);
    expect(answered).toContain('• Hello from the server side.');
    // The footer names the folder as the server does: whole.
    expect(answered).toContain(`default · ${cwd} · Greet the user`);
    // The server ran the turn: its rollout holds the prompt and the answer.
    const [file] = rollouts(home!.home);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('say hi');
    expect(text).toContain('Hello from the server side.');
    const id = /([0-9a-f-]{36})\.jsonl$/.exec(file)![1];
    tui.send('\x03');
    expect(await tui.exit).toBe(0);
    const last = (await tui.screen()).split('\n').filter(Boolean);
    expect(last.slice(-3, -1)).toEqual(['To continue this session, run:', `  csm --remote ${address} resume ${id}`]);
  });

  it('asks before a command the server wants to run outside the sandbox; y runs it there and the turn completes', async () => {
    const { address, cwd } = await serve({
      title: 'Run it',
      turns: [
        { output: [{ exec_command: { cmd: 'echo approved && echo created', sandbox_permissions: 'require_escalated', justification: 'mock wants to run it' } }] },
        { output: [{ text: 'The command ran.' }] },
      ],
    });
    const tui = startTui({ remote: address }, cwd, SIZE);
    await tui.waitFor('Ask Codex to do anything');
    tui.send('run the command');
    await tui.waitFor('› run the command');
    tui.send('\r');
    const modal = await tui.waitFor('Would you like to run the following command?');
    expect(modal).toContain('Reason: mock wants to run it');
    expect(modal).toContain('$ echo approved && echo created');
    // While the question waits nothing moves: no status row redrawn, no spinner turning in the title
    // (the thread's name may still arrive and set it once).
    await new Promise((r) => setTimeout(r, 100));
    const quiet = tui.written().length;
    await new Promise((r) => setTimeout(r, 400));
    const meanwhile = tui.written().slice(quiet);
    expect(meanwhile).not.toMatch(/\x1b\[\d+;\d+H/);
    expect(meanwhile.match(/\x1b\]0;/g)?.length ?? 0).toBeLessThanOrEqual(1);
    tui.send('y');
    const done = await tui.waitFor(/The command ran\.[\s\S]*Worked for/);
    expect(done).toMatch(/✔ You approved csm to run echo approved && echo created/);
    expect(done).toMatch(/• Ran echo approved && echo created\n\s+└ approved\n\s+created/);
    // The command's output went back to the model from the server.
    const second = mock!.requests().filter((r) => r.kind === 'turn')[1];
    expect(JSON.stringify(second.body)).toContain('approved\\ncreated');
    tui.send('\x03');
    expect(await tui.exit).toBe(0);
  });

  it('a server that goes away: the TUI says so at once, a prompt after it fails with the reason, and the TUI still ends cleanly', async () => {
    const { address, cwd } = await serve({ turns: [{ output: [{ text: 'first answer' }] }] });
    const tui = startTui({ remote: address }, cwd, SIZE);
    await tui.waitFor('Ask Codex to do anything');
    await server!.listening.close();
    const said = await tui.waitFor('Lost the connection');
    expect(said.replace(/\s+/g, ' ')).toContain(`Lost the connection to the app-server at ${address}: the app-server closed the connection`);
    tui.send('are you there?');
    await tui.waitFor('› are you there?');
    tui.send('\r');
    const failed = await tui.waitFor(/Lost the connection[\s\S]*Lost the connection/);
    expect(failed).toContain('› are you there?');
    tui.send('\x03');
    expect(await tui.exit).toBe(0);
  });

  it("resumes a server's thread by id: its earlier turns drawn, the next turn continues it there", async () => {
    const { address, cwd } = await serve({ title: 'Plan', turns: [{ output: [{ text: 'first answer' }] }, { output: [{ text: 'second answer' }] }] });
    const first = startTui({ remote: address }, cwd, SIZE);
    await first.waitFor('Ask Codex to do anything');
    first.send('first question');
    await first.waitFor('› first question');
    first.send('\r');
    await first.waitFor('Worked for');
    first.send('\x03');
    expect(await first.exit).toBe(0);
    const id = /resume ([0-9a-f-]{36})/.exec(await first.screen())![1];

    const again = startTui({ remote: address, target: { kind: 'resume', id } }, cwd, SIZE);
    const shown = await again.waitFor('Ask Codex to do anything');
    expect(shown).toContain('› first question');
    expect(shown).toContain('• first answer');
    again.send('second question');
    await again.waitFor('› second question');
    again.send('\r');
    await again.waitFor(/• second answer[\s\S]*Worked for/);
    again.send('\x03');
    expect(await again.exit).toBe(0);
    // One thread on the server, holding both turns; the second request carried the first turn.
    const [file] = rollouts(home!.home);
    expect(rollouts(home!.home)).toHaveLength(1);
    expect(readFileSync(file, 'utf8')).toContain('second answer');
    const second = mock!.requests().filter((r) => r.kind === 'turn')[1];
    expect(JSON.stringify(second.body)).toContain('first answer');
  });

  it('Enter while a turn streams steers the prompt into that turn on the server (turn/steer): the answer is cut, one turn answers both', async () => {
    const { address, cwd } = await serve({
      title: 'Steer',
      turns: [{ chunks: 12, chunk_delay_ms: 200, output: [{ text: 'A slow answer that streams for a few seconds.' }] }, { output: [{ text: 'Answer to the follow up.' }] }],
    });
    const tui = startTui({ remote: address }, cwd, SIZE);
    await tui.waitFor('Ask Codex to do anything');
    tui.send('start');
    await tui.waitFor('› start');
    tui.send('\r');
    await tui.waitFor('A slow');
    tui.send('follow up');
    await tui.waitFor('› follow up');
    tui.send('\r');
    const done = await tui.waitFor(/Answer to the follow up\.[\s\S]*Worked for/);
    expect(done).not.toContain('A slow');
    expect(done).toMatch(/› start\n\n› follow up/);
    tui.send('\x03');
    expect(await tui.exit).toBe(0);
    // On the server: one turn, not interrupted, whose second request carries both prompts.
    const text = readFileSync(rollouts(home!.home)[0], 'utf8');
    expect(text.match(/"type":"task_started"/g)).toHaveLength(1);
    expect(text).not.toContain('turn_aborted');
    const second = JSON.stringify(mock!.requests().filter((r) => r.kind === 'turn')[1].body);
    expect(second).toContain('"start"');
    expect(second).toContain('"follow up"');
  });

  it('backtrack rewinds the server thread too (thread/revert): the prompt sent again is answered without the turn it replaced; a steered prompt is refused', async () => {
    const { address, cwd } = await serve({
      title: 'Backtrack',
      turns: [
        { output: [{ text: 'First answer.' }] },
        { chunks: 12, chunk_delay_ms: 200, output: [{ text: 'A slow second answer that streams for a while.' }] },
        { output: [{ text: 'Second answer.' }] },
        { output: [{ text: 'Answer after rewind.' }] },
      ],
    });
    const tui = startTui({ remote: address }, cwd, SIZE);
    await tui.waitFor('Ask Codex to do anything');
    tui.send('first prompt');
    await tui.waitFor('› first prompt');
    tui.send('\r');
    await tui.waitFor(/First answer\.[\s\S]*Worked for/);
    tui.send('second prompt');
    await tui.waitFor('› second prompt');
    tui.send('\r');
    await tui.waitFor('A slow second');
    tui.send('steered prompt');
    await tui.waitFor('› steered prompt');
    tui.send('\r');
    await tui.waitFor(/Second answer\.[\s\S]*Worked for/);
    // The newest prompt was steered into the second turn: the server cannot revert it alone.
    tui.send('\x1b');
    await new Promise((r) => setTimeout(r, 100));
    tui.send('\x1b');
    await tui.waitFor('Browsing transcript');
    tui.send('\r');
    const refused = await tui.waitFor('Failed to edit the selected prompt');
    expect(refused.replace(/\s+/g, ' ')).toContain('the selected prompt is a steer and cannot be edited independently');
    expect(refused).toContain('• Second answer.');
    // Clear the composer, then back to the second prompt (one more to the left) and rewind there.
    tui.send('\x15');
    await new Promise((r) => setTimeout(r, 100));
    tui.send('\x1b');
    await new Promise((r) => setTimeout(r, 100));
    tui.send('\x1b');
    await tui.waitFor('Browsing transcript');
    tui.send('\x1b[D');
    await new Promise((r) => setTimeout(r, 100));
    tui.send('\r');
    const rewound = await tui.waitFor('Conversation reverted to this point');
    expect(rewound).not.toContain('Second answer.');
    expect(rewound).toMatch(/› second prompt\s+GPT/);
    tui.send('\r');
    await tui.waitFor(/Answer after rewind\.[\s\S]*Worked for/);
    tui.send('\x03');
    expect(await tui.exit).toBe(0);
    // The model was asked from the shortened history: the first turn, then the prompt again.
    const last = JSON.stringify(mock!.requests().filter((r) => r.kind === 'turn').at(-1)!.body);
    expect(last).toContain('First answer.');
    expect(last).not.toContain('Second answer.');
    expect(last).not.toContain('steered prompt');
  });

  it('!command runs on the server (thread/shellCommand): its output shown as a You ran cell, the model told of it with the next prompt', async () => {
    const { address, cwd } = await serve({ title: 'Shell', turns: [{ output: [{ text: 'I saw it.' }] }] });
    const tui = startTui({ remote: address }, cwd, SIZE);
    await tui.waitFor('Ask Codex to do anything');
    tui.send('!echo from-the-server; exit 4');
    await tui.waitFor('exit 4');
    tui.send('\r');
    const ran = await tui.waitFor(/You ran echo from-the-server; exit 4[\s\S]*Worked for/);
    expect(ran).toMatch(/└ from-the-server/);
    tui.send('what did I run?');
    await tui.waitFor('› what did I run?');
    tui.send('\r');
    await tui.waitFor(/I saw it\.[\s\S]*Worked for/);
    tui.send('\x03');
    expect(await tui.exit).toBe(0);
    // The server recorded the command as the person's (user_shell) and sent it to the model.
    const text = readFileSync(rollouts(home!.home)[0], 'utf8');
    expect(text).toContain('"source":"user_shell"');
    const request = JSON.stringify(mock!.requests().filter((r) => r.kind === 'turn')[0].body);
    expect(request).toContain('<user_shell_command>');
    expect(request).toContain('Exit code: 4');
  });

  it('no server at the address: one line, exit 1', async () => {
    mock = await startMockServer({ turns: [] } as never);
    home = openTuiHome(mock.url);
    const tui = startTui({ remote: 'ws://127.0.0.1:9' }, home.cwd, SIZE);
    expect(await tui.exit).toBe(1);
    expect(tui.err.join('')).toMatch(/^Error: could not connect to ws:\/\/127\.0\.0\.1:9: .*ECONNREFUSED/);
  });

  it('a server that wants a token: the variable --remote-auth-token-env names must hold the right one', async () => {
    const { address, cwd } = await serve({ turns: [] }, 'secret-token');
    const unset = startTui({ remote: address, remoteAuthTokenEnv: 'CSM_TEST_REMOTE_TOKEN' }, cwd, SIZE);
    expect(await unset.exit).toBe(1);
    expect(unset.err.join('')).toBe('Error: --remote-auth-token-env names CSM_TEST_REMOTE_TOKEN, which is not set\n');
    process.env.CSM_TEST_REMOTE_TOKEN = 'wrong';
    try {
      const wrong = startTui({ remote: address, remoteAuthTokenEnv: 'CSM_TEST_REMOTE_TOKEN' }, cwd, SIZE);
      expect(await wrong.exit).toBe(1);
      expect(wrong.err.join('')).toMatch(/HTTP 401/);
      process.env.CSM_TEST_REMOTE_TOKEN = 'secret-token';
      const right = startTui({ remote: address, remoteAuthTokenEnv: 'CSM_TEST_REMOTE_TOKEN' }, cwd, SIZE);
      await right.waitFor('Ask Codex to do anything');
      right.send('\x03');
      expect(await right.exit).toBe(0);
    } finally {
      delete process.env.CSM_TEST_REMOTE_TOKEN;
    }
  });
});

describe('the client checks what the server sends against the protocol', () => {
  it('a notification that breaks the schema is reported and dropped; a good one arrives', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((r) => wss.once('listening', r));
    // The server speaks once the client says it listens.
    wss.on('connection', (ws) =>
      ws.once('message', () => {
        ws.send(JSON.stringify({ method: 'turn/started', params: { threadId: 7 } }));
        ws.send('not json');
        ws.send(JSON.stringify({ method: 'thread/name/updated', params: { threadId: 't', threadName: 'ok' } }));
      }),
    );
    try {
      const client = await RpcClient.connect(`ws://127.0.0.1:${(wss.address() as { port: number }).port}`);
      const got: string[] = [];
      const invalid: string[] = [];
      await new Promise<void>((resolve) => {
        client.handlers = {
          notification: (m) => (got.push(m), resolve()),
          invalid: (p) => void invalid.push(p),
        };
        client.notify('initialized');
      });
      expect(got).toEqual(['thread/name/updated']);
      expect(invalid).toHaveLength(2);
      expect(invalid[0]).toMatch(/^turn\/started: /);
      expect(invalid[1]).toMatch(/^not JSON/);
      client.close();
    } finally {
      wss.close();
    }
  });
});

describe('--remote addresses', () => {
  it('take the forms codex takes: ws://, wss://, unix:// (the default socket in CODEX_HOME) and unix://PATH', () => {
    expect(remoteUrl('ws://127.0.0.1:4500', '/h')).toBe('ws://127.0.0.1:4500');
    expect(remoteUrl('wss://box:443', '/h')).toBe('wss://box:443');
    expect(remoteUrl('unix://', '/h')).toBe('ws+unix:///h/app-server.sock:/');
    expect(remoteUrl('unix:///run/codex.sock', '/h')).toBe('ws+unix:///run/codex.sock:/');
    expect(() => remoteUrl('http://box:80', '/h')).toThrow('unsupported --remote address `http://box:80`; expected `ws://host:port`, `wss://host:port`, `unix://` or `unix://PATH`');
  });

  it('unix:// reaches csm app-server on its Unix socket', async () => {
    mock = await startMockServer({ turns: [] } as never);
    home = openTuiHome(mock.url);
    const socket = path.join(home.home, 'app-server.sock');
    const app = new AppServer({ codexHome: home.home, config: [] });
    server = { app, listening: await serveWebSocket(app, { kind: 'unix', path: socket }, { token: null }) };
    const tui = startTui({ remote: 'unix://' }, home.cwd, SIZE);
    await tui.waitFor('Ask Codex to do anything');
    tui.send('\x03');
    expect(await tui.exit).toBe(0);
  });
});
