// Running one measured process: wall time from spawn, peak RSS from GNU time (%M), and, for
// upstream's app-server, a tiny newline-delimited JSON-RPC client (initialize → initialized →
// one request) that times the response. Failures come back as values, never as throws, so a missing
// csm command shows up in the table as "failed (...)" instead of stopping the benchmark.
import { spawn } from 'node:child_process';

export interface Sample {
  ok: true;
  /** Spawn → the measured moment (process exit, or the JSON-RPC response). */
  wallMs: number;
  /** Peak RSS of the measured process, from GNU time. */
  rssKb: number;
  /** Spawn → process exit (equals wallMs for plain commands). */
  exitMs: number;
  stdout: string;
  /** Extra facts the caller extracted (items returned, request size, …). */
  info: Record<string, unknown>;
}

export interface Failure {
  ok: false;
  error: string;
}

export type Outcome = Sample | Failure;

const RSS_TAG = 'BENCH_RSS_KB=';

function splitRss(stderr: string): { rssKb: number; rest: string } {
  const i = stderr.lastIndexOf(RSS_TAG);
  if (i < 0) return { rssKb: NaN, rest: stderr };
  return { rssKb: parseInt(stderr.slice(i + RSS_TAG.length), 10), rest: stderr.slice(0, i) };
}

/** First meaningful stderr line: what the table shows for a failed run. */
export function firstLine(s: string): string {
  const l = s
    .split('\n')
    .map((x) => x.trim())
    .find((x) => x && !x.startsWith('Command exited with non-zero status'));
  return (l ?? '').slice(0, 160) || '(no output)';
}

export interface RunOptions {
  cwd: string;
  env: Record<string, string>;
  /** Kill the process after this long (ms). */
  timeoutMs?: number;
  /** Called when the child has been spawned, with the spawn time (performance.now()). */
  onSpawn?: (t0: number) => void;
}

/** Runs `file args` under GNU time to completion; wall = spawn → exit. */
export function runMeasured(file: string, args: string[], opts: RunOptions): Promise<Outcome> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-f', `${RSS_TAG}%M`, file, ...args], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
    opts.onSpawn?.(t0);
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 300_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ ok: false, error: e.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - t0;
      const { rssKb, rest } = splitRss(err);
      if (code !== 0) resolve({ ok: false, error: signal ? `killed by ${signal} (timeout?)` : firstLine(rest || out) });
      else resolve({ ok: true, wallMs, exitMs: wallMs, rssKb, stdout: out, info: {} });
    });
  });
}

/**
 * Spawns an app-server, performs the handshake, sends one request and times its response
 * (spawn → response). Then closes stdin so the server exits, and reads its peak RSS.
 */
export function appServerRequest(file: string, args: string[], method: string, params: unknown, opts: RunOptions): Promise<Outcome> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn('/usr/bin/time', ['-f', `${RSS_TAG}%M`, file, ...args], { cwd: opts.cwd, env: opts.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let err = '';
    let buf = '';
    let answer: { ms: number; raw: string; result?: unknown; error?: unknown } | null = null;
    let done = false;
    const finish = (o: Outcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(o);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({ ok: false, error: `no ${method} response within ${opts.timeoutMs ?? 300_000} ms` });
    }, opts.timeoutMs ?? 300_000);
    const send = (msg: unknown) => child.stdin.write(JSON.stringify(msg) + '\n');
    child.stdin.on('error', () => {});
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      buf += d;
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        let msg: { id?: number; result?: unknown; error?: unknown; method?: string };
        try {
          msg = JSON.parse(line);
        } catch {
          continue;
        }
        if (msg.id === 1 && msg.method === undefined) {
          send({ jsonrpc: '2.0', method: 'initialized', params: {} });
          send({ jsonrpc: '2.0', id: 2, method, params });
        } else if (msg.id === 2 && msg.method === undefined && !answer) {
          answer = { ms: performance.now() - t0, raw: line, result: msg.result, error: msg.error };
          child.stdin.end();
        }
      }
    });
    child.on('error', (e) => finish({ ok: false, error: e.message }));
    child.on('close', (code) => {
      const exitMs = performance.now() - t0;
      const { rssKb, rest } = splitRss(err);
      if (!answer) return finish({ ok: false, error: `app-server exited (${code}) before answering ${method}: ${firstLine(rest)}` });
      if (answer.error) return finish({ ok: false, error: `${method} error: ${JSON.stringify(answer.error).slice(0, 160)}` });
      finish({ ok: true, wallMs: answer.ms, exitMs, rssKb, stdout: answer.raw, info: { result: answer.result } });
    });
    send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { clientInfo: { name: 'csm_bench', title: 'csm session benchmark', version: '0.1.0' } } });
  });
}
