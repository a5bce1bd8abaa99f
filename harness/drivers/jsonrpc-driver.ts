// Holds a scripted JSON-RPC conversation with `<target> app-server` (stdio, or a WebSocket on a
// loopback port the server picks) and keeps every message both ways. The server's messages keep
// the order it sent them in; what the client sent (and its handshakes) sits right after the server
// message it waited for before sending — its causal place, not the wall clock's, which races with
// whatever the server sends meanwhile. The transcript ends where the last step ended: whatever
// arrives later is no part of it.
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import WebSocket from 'ws';
import type { JsonRpcSpec, RpcStep } from '../scenario/jsonrpc.ts';
import type { RunHome } from './home.ts';
import { targetCommand, type TargetName } from './targets.ts';

export type Message = Record<string, unknown>;

/** One line of a transcript: a message the client sent or received, or a WebSocket handshake. */
export type RpcEntry =
  | { dir: 'out'; msg: Message }
  | { dir: 'in'; msg: Message; /** the request method a response answers */ re?: string }
  | { dir: 'connect'; status: number; body?: string };

export interface RpcRun {
  transcript: RpcEntry[];
  errors: string[];
  wallMs: number;
  stderr: string;
}

const DEFAULT_WAIT_MS = 20_000;

/** `{{name.path}}` references in a value, resolved against saved messages and the run's directories. */
export function resolveRefs(value: unknown, saved: Record<string, unknown>): unknown {
  const lookup = (ref: string): unknown => {
    const [head, ...rest] = ref.split('.');
    if (!(head in saved)) throw new Error(`unknown reference {{${ref}}}: nothing was saved as ${head}`);
    let v: unknown = saved[head];
    for (const k of rest) {
      if (v === null || typeof v !== 'object' || !(k in (v as object))) throw new Error(`{{${ref}}}: ${head} has no ${rest.join('.')}`);
      v = (v as Record<string, unknown>)[k];
    }
    return v;
  };
  if (typeof value === 'string') {
    const whole = /^\{\{([\w.]+)\}\}$/.exec(value);
    if (whole) return lookup(whole[1]);
    return value.replace(/\{\{([\w.]+)\}\}/g, (_, ref: string) => String(lookup(ref)));
  }
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, saved));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, saved)]));
  return value;
}

/** Whether `actual` contains `partial` (objects by their named keys, everything else equal). */
export function containsPartial(actual: unknown, partial: unknown): boolean {
  if (partial && typeof partial === 'object' && !Array.isArray(partial)) {
    if (!actual || typeof actual !== 'object') return false;
    return Object.entries(partial).every(([k, v]) => containsPartial((actual as Record<string, unknown>)[k], v));
  }
  return JSON.stringify(actual) === JSON.stringify(partial);
}

interface Connection {
  send(text: string): void;
  close(): void;
}

export async function runJsonRpc(target: TargetName, spec: JsonRpcSpec & { steps: RpcStep[] }, run: RunHome, env: Record<string, string>, timeoutMs: number): Promise<RpcRun> {
  const started = performance.now();
  const transcript: RpcEntry[] = []; // the server's messages, in its order
  const sent: { after: number; entry: RpcEntry }[] = []; // the client's, after transcript[after]
  let awaited = -1; // the last server message the client waited for
  const errors: string[] = [];
  const saved: Record<string, unknown> = { workspace: run.workspace, codex_home: run.codexHome };
  const pending = new Map<unknown, string>(); // request id → method
  const claimed = new Set<number>(); // transcript indexes a wait_for took
  let wake: (() => void) | null = null;
  const ignored = new Set(Object.keys(spec.ignore));

  const receive = (text: string) => {
    let msg: Message;
    try {
      msg = JSON.parse(text);
    } catch {
      errors.push(`not JSON from the server: ${text.slice(0, 200)}`);
      return;
    }
    if (typeof msg.method === 'string' && ignored.has(msg.method)) return;
    const re = !('method' in msg) ? pending.get(msg.id) : undefined;
    transcript.push({ dir: 'in', msg, ...(re ? { re } : {}) });
    wake?.();
  };

  const extra: string[] = [];
  if (spec.transport === 'ws') {
    extra.push('--listen', 'ws://127.0.0.1:0');
    if (spec.auth_token) {
      const tokenFile = path.join(run.root, 'ws-token');
      writeFileSync(tokenFile, spec.auth_token + '\n', { mode: 0o600 });
      extra.push('--ws-auth', 'capability-token', '--ws-token-file', tokenFile);
    }
  }
  const cmd = targetCommand(target, ['app-server', ...extra]);
  const child: ChildProcess = spawn(cmd.file, cmd.args, { cwd: run.workspace, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  child.stdin!.on('error', () => {});
  const exited = new Promise<void>((r) => child.once('exit', () => r()));

  /** Resolves when `ready()` is true, re-checked on every message; false after `ms`. */
  const until = async (ready: () => boolean, ms: number): Promise<boolean> => {
    const deadline = performance.now() + ms;
    while (!ready()) {
      const left = deadline - performance.now();
      if (left <= 0) return false;
      await new Promise<void>((r) => {
        const t = setTimeout(r, Math.min(left, 100));
        wake = () => (clearTimeout(t), r());
      });
      wake = null;
    }
    return true;
  };

  let conn: Connection | null = null;
  let wsUrl: string | null = null;
  const serverUrl = async (): Promise<string> => {
    if (wsUrl) return wsUrl;
    const ok = await until(() => /listening on: (ws:\/\/\S+)/.test(stderr), 15_000);
    if (!ok) throw new Error(`app-server printed no ws:// address:\n${stderr.slice(-500)}`);
    return (wsUrl = /listening on: (ws:\/\/\S+)/.exec(stderr)![1]);
  };
  const connectWs = async (token: string | null, record: boolean): Promise<Connection | null> => {
    const url = await serverUrl();
    return new Promise((resolve) => {
      const ws = new WebSocket(url, { headers: token === null ? {} : { Authorization: `Bearer ${token}` } });
      ws.on('message', (d) => receive(String(d)));
      ws.once('open', () => {
        if (record) sent.push({ after: awaited, entry: { dir: 'connect', status: 101 } });
        resolve({ send: (t) => ws.send(t), close: () => ws.close() });
      });
      ws.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (d: Buffer) => (body += d));
        res.on('end', () => {
          sent.push({ after: awaited, entry: { dir: 'connect', status: res.statusCode ?? 0, ...(body ? { body } : {}) } });
          resolve(null);
        });
      });
      ws.once('error', (e) => {
        if (ws.readyState !== WebSocket.OPEN) {
          errors.push(`ws connect: ${e.message}`);
          resolve(null);
        }
      });
    });
  };
  if (spec.transport === 'stdio') {
    createInterface({ input: child.stdout! }).on('line', (l) => l.trim() && receive(l));
    conn = { send: (t) => child.stdin!.write(t + '\n'), close: () => child.stdin!.end() };
  } else child.stdout!.resume();

  const send = async (msg: Message) => {
    if (!conn && spec.transport === 'ws') conn = await connectWs(spec.auth_token ?? null, false);
    if (!conn) throw new Error('no open connection to send on');
    sent.push({ after: awaited, entry: { dir: 'out', msg } });
    conn.send(JSON.stringify(msg));
  };

  let nextId = 1;
  const overall = setTimeout(() => errors.push(`scenario timed out after ${timeoutMs} ms`), timeoutMs);
  let end = 0;
  try {
    for (const [i, step] of spec.steps.entries()) {
      if (errors.some((e) => e.startsWith('scenario timed out'))) break;
      const at = `step ${i + 1}`;
      if ('request' in step) {
        const id = nextId++;
        pending.set(id, step.request);
        await send({ jsonrpc: '2.0', id, method: step.request, ...(step.params === undefined ? {} : { params: resolveRefs(step.params, saved) }) });
        const found = () => transcript.findIndex((e) => e.dir === 'in' && e.msg.id === id && !('method' in e.msg));
        if (!(await until(() => found() >= 0, step.timeout_ms ?? DEFAULT_WAIT_MS))) {
          errors.push(`${at}: no response to ${step.request}`);
          break;
        }
        awaited = Math.max(awaited, found());
        if (step.as) saved[step.as] = (transcript[found()] as { msg: Message }).msg;
      } else if ('notify' in step) {
        await send({ jsonrpc: '2.0', method: step.notify, ...(step.params === undefined ? {} : { params: resolveRefs(step.params, saved) }) });
      } else if ('wait_for' in step) {
        const match = step.match ? resolveRefs(step.match, saved) : undefined;
        const index = () => transcript.findIndex((e, k) => !claimed.has(k) && e.dir === 'in' && e.msg.method === step.wait_for && (!match || containsPartial(e.msg.params, match)));
        if (!(await until(() => index() >= 0, step.timeout_ms ?? DEFAULT_WAIT_MS))) {
          errors.push(`${at}: wait_for ${step.wait_for} timed out`);
          break;
        }
        const k = index();
        claimed.add(k);
        awaited = Math.max(awaited, k);
        if (step.as) saved[step.as] = (transcript[k] as { msg: Message }).msg;
      } else if ('respond' in step) {
        const ask = saved[step.respond] as Message | undefined;
        if (!ask || !('id' in ask)) throw new Error(`${at}: ${step.respond} is not a saved server request`);
        await send({ jsonrpc: '2.0', id: ask.id, result: resolveRefs(step.result, saved) });
      } else if ('connect' in step) {
        if (spec.transport !== 'ws') throw new Error(`${at}: connect is for ws scenarios`);
        const c = await connectWs(step.connect.token, true);
        if (c) {
          conn?.close();
          conn = c;
        }
      } else if ('sleep' in step) {
        await new Promise((r) => setTimeout(r, step.sleep));
      }
      end = transcript.length;
    }
  } catch (e) {
    errors.push((e as Error).message);
  } finally {
    // A failed run keeps what came in after the failing step: it shows what the server did instead.
    if (errors.length) end = transcript.length;
    clearTimeout(overall);
    conn?.close();
    child.stdin!.end();
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // already gone
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, 2000))]);
  }
  return { transcript: interleave(transcript.slice(0, end), sent), errors, wallMs: performance.now() - started, stderr };
}

/** The server's messages with each client entry right after the server message it followed. */
export function interleave(received: RpcEntry[], sent: { after: number; entry: RpcEntry }[]): RpcEntry[] {
  const out = sent.filter((s) => s.after < 0).map((s) => s.entry);
  received.forEach((e, i) => out.push(e, ...sent.filter((s) => s.after === i).map((s) => s.entry)));
  return out;
}
