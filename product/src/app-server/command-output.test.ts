// A running command's output on csm's app-server, in process against the lab's mock: it streams to
// the clients as item/commandExecution/outputDelta between the command's item/started and
// item/completed, as upstream's does (the lab's scenario appserver-command-output holds the sequence
// against upstream's). Every message the server sends is checked against upstream's JSON Schema.
import { afterEach, describe, expect, it } from 'vitest';
import { startMockServer, type MockServer } from '#lab/mock';
import { inProcessClient, type Message } from '#test-support/app-server-client';
import { openTuiHome, type TuiHome } from '#test-support/tui-app';
import { AppServer } from './server.ts';

let mock: MockServer | null = null;
let home: TuiHome | null = null;
let app: AppServer | null = null;

afterEach(async () => {
  await app?.close();
  home?.close();
  await mock?.close();
  app = home = mock = null;
});

/** A turn in which the model runs `cmd`, then answers; every message the client received. */
async function runCommand(cmd: string): Promise<{ messages: Message[]; problems: string[] }> {
  mock = await startMockServer({ turns: [{ output: [{ exec_command: { cmd, login: false, yield_time_ms: 10_000 } }] }, { output: [{ text: 'done' }] }] });
  home = openTuiHome(mock.url);
  app = new AppServer({ codexHome: home.home, config: [] });
  const c = inProcessClient(app);
  await c.request('initialize', { clientInfo: { name: 'output-test', title: null, version: '1' } });
  const threadId = (await c.request('thread/start', { cwd: home.cwd, approvalPolicy: 'never', sandbox: 'danger-full-access' })).result.thread.id;
  await c.request('turn/start', { threadId, input: [{ type: 'text', text: 'run it', text_elements: [] }] });
  await c.waitFor((m) => m.method === 'turn/completed');
  return { messages: c.received, problems: c.problems };
}

describe('a command’s output while it runs', () => {
  it('streams as text between the command’s item/started and item/completed, by its item and turn, stderr too', async () => {
    const { messages, problems } = await runCommand('echo early; sleep 0.5; echo one; sleep 0.3; echo two >&2');
    expect(problems).toEqual([]);
    const started = messages.findIndex((m) => m.method === 'item/started' && m.params.item.type === 'commandExecution');
    const completed = messages.findIndex((m) => m.method === 'item/completed' && m.params.item.type === 'commandExecution');
    const item = messages[completed].params.item;
    const deltas = messages.flatMap((m, i) => (m.method === 'item/commandExecution/outputDelta' ? [{ i, ...m.params }] : []));
    expect(deltas.map((d) => d.delta)).toEqual(['one\n', 'two\n']);
    for (const d of deltas) {
      expect(d.i).toBeGreaterThan(started);
      expect(d.i).toBeLessThan(completed);
      expect(d).toMatchObject({ itemId: item.id, turnId: messages[completed].params.turnId });
    }
    // What it printed before it was shown comes only with the finished item.
    expect(item.aggregatedOutput).toBe('early\none\ntwo\n');
    // The item started by the run names its process from the start.
    expect(messages[started].params.item).toMatchObject({ source: 'unifiedExecStartup', processId: item.processId });
    expect(item.processId).toMatch(/^\d+$/);
  });

  it('comes in pieces of at most 8 KiB of UTF-8 that add up to what was printed', async () => {
    const { messages, problems } = await runCommand("sleep 0.4; printf 'é%.0s' $(seq 6000); printf '\\n'");
    expect(problems).toEqual([]);
    const pieces = messages.filter((m) => m.method === 'item/commandExecution/outputDelta').map((m) => m.params.delta as string);
    expect(pieces.join('')).toBe('é'.repeat(6000) + '\n');
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(8192);
  });
});
