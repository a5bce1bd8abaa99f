// A JSON-RPC client for app-server tests: starts a target's app-server over stdio (upstream's
// binary or the built csm) in a lab run home, sends requests, and keeps every message it got.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const UPSTREAM = fileURLToPath(new URL('../../node_modules/@openai/codex-linux-x64/vendor/x86_64-unknown-linux-musl/bin/codex', import.meta.url));
const CSM = fileURLToPath(new URL('../../dist/csm.mjs', import.meta.url));

export type Message = Record<string, any>;
export type TargetName = 'upstream' | 'csm';
/** Where the server runs: the workspace and the environment (a lab run home's, in tests). */
export interface Place {
  cwd: string;
  env: Record<string, string>;
}

export interface RpcClient {
  /** Every message received, in order. */
  readonly received: Message[];
  request(method: string, params?: unknown): Promise<Message>;
  notify(method: string, params?: unknown): void;
  /** Answers a server request. */
  respond(id: number | string, result: unknown): void;
  /** Resolves with the first message (from now on or already received after `from`) matching. */
  waitFor(pred: (m: Message) => boolean, timeoutMs?: number, from?: number): Promise<Message>;
  close(): Promise<void>;
  readonly child: ChildProcess;
}

export function appServerCommand(target: TargetName, extra: string[] = []): { file: string; args: string[] } {
  return target === 'upstream' ? { file: UPSTREAM, args: ['app-server', ...extra] } : { file: process.execPath, args: [CSM, 'app-server', ...extra] };
}

/** Starts `<target> app-server` over stdio in a workspace with an environment (a lab run's). */
export function startStdioClient(target: TargetName, place: Place, extra: string[] = []): RpcClient {
  const { file, args } = appServerCommand(target, extra);
  const child = spawn(file, args, { cwd: place.cwd, env: place.env, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stderr!.resume();
  const client = messageClient((line) => child.stdin!.write(line + '\n'), async () => {
    child.stdin!.end();
    if (child.exitCode === null) child.kill('SIGTERM');
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  });
  createInterface({ input: child.stdout! }).on('line', (l) => l.trim() && client.receive(JSON.parse(l)));
  return Object.assign(client, { child });
}

/** The message bookkeeping shared by every transport: `send` writes one JSON text. */
export function messageClient(send: (text: string) => void, close: () => Promise<void>): Omit<RpcClient, 'child'> & { receive(m: Message): void } {
  const received: Message[] = [];
  const waiters: Array<{ pred: (m: Message) => boolean; resolve: (m: Message) => void }> = [];
  let nextId = 1;
  const waitFor = (pred: (m: Message) => boolean, timeoutMs = 20_000, from = received.length) =>
    new Promise<Message>((resolve, reject) => {
      const seen = received.slice(from).find(pred);
      if (seen) return resolve(seen);
      const timer = setTimeout(() => reject(new Error(`timed out waiting; received:\n${received.map((m) => JSON.stringify(m).slice(0, 300)).join('\n')}`)), timeoutMs);
      waiters.push({ pred, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  return {
    received,
    receive(m) {
      received.push(m);
      for (const w of [...waiters]) if (w.pred(m)) waiters.splice(waiters.indexOf(w), 1), w.resolve(m);
    },
    request(method, params) {
      const id = nextId++;
      const from = received.length;
      send(JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) }));
      return waitFor((m) => m.id === id && !('method' in m), 20_000, from);
    },
    notify(method, params) {
      send(JSON.stringify({ jsonrpc: '2.0', method, ...(params === undefined ? {} : { params }) }));
    },
    respond(id, result) {
      send(JSON.stringify({ jsonrpc: '2.0', id, result }));
    },
    waitFor,
    close,
  };
}
