// A JSON-RPC client of an app-server (csm's or upstream's) over a WebSocket: `--remote ws://…`,
// `wss://…`, `unix://` or `unix://PATH`. Requests get promises; notifications and the server's own
// requests (approvals) go to handlers. Every message the server sends is checked against upstream's
// schema (the one csm's app-server is generated from) before anyone sees it: a malformed one is
// reported and dropped, never half-used. A lost connection fails what was pending and says so once.
import path from 'node:path';
import WebSocket from 'ws';
import { checkOutgoing } from '../app-server/protocol-check.ts';

export type Params = Record<string, unknown>;

/** An error the server answered a request with. */
export class RpcCallError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** The connection is gone (refused, closed by the server, or the network). */
export class ConnectionLostError extends Error {}

/** `--remote ADDR` as upstream accepts it → the URL the WebSocket opens (unix sockets as ws+unix). */
export function remoteUrl(addr: string, codexHome: string): string {
  if (addr === 'unix://' || addr.startsWith('unix://')) {
    const p = addr.slice('unix://'.length);
    return `ws+unix://${p ? path.resolve(p) : path.join(codexHome, 'app-server.sock')}:/`;
  }
  if (/^wss?:\/\/[^/]+/.test(addr)) return addr;
  throw new Error(`unsupported --remote address \`${addr}\`; expected \`ws://host:port\`, \`wss://host:port\`, \`unix://\` or \`unix://PATH\``);
}

interface Pending {
  method: string;
  resolve: (v: any) => void;
  reject: (e: Error) => void;
}

export interface RpcClientHandlers {
  /** a notification (already checked against the schema) */
  notification?(method: string, params: Params): void;
  /** a request from the server: the promise's value is the result sent back */
  request?(method: string, params: Params): Promise<unknown>;
  /** a message that failed the schema check, or that is not JSON-RPC at all */
  invalid?(problem: string): void;
  /** the connection ended (after connect succeeded) */
  closed?(reason: string): void;
}

export class RpcClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private lost: string | null = null;
  handlers: RpcClientHandlers = {};

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data, binary) => {
      // Text frames only, as upstream's (a binary frame is ignored).
      if (!binary) this.receive(String(data));
    });
    ws.on('close', (code, reason) => this.end(`the app-server closed the connection${code && code !== 1000 && code !== 1005 ? ` (code ${code}${reason.length ? `: ${reason}` : ''})` : ''}`));
    ws.on('error', (e) => this.end(`connection to the app-server failed: ${e.message}`));
  }

  /** Opens the WebSocket; rejects with the reason (refused, 401 for a bad token, …). */
  static connect(url: string, o: { token?: string; timeoutMs?: number } = {}): Promise<RpcClient> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { headers: o.token ? { Authorization: `Bearer ${o.token}` } : {}, handshakeTimeout: o.timeoutMs ?? 10_000 });
      const shown = url.replace(/^ws\+unix:\/\/(.*):\/$/, 'unix://$1');
      ws.once('open', () => resolve(new RpcClient(ws)));
      ws.once('unexpected-response', (_req, res) => {
        ws.removeAllListeners('error');
        ws.on('error', () => {});
        reject(new ConnectionLostError(`could not connect to ${shown}: HTTP ${res.statusCode}${res.statusCode === 401 ? ' (the server wants a valid bearer token: --remote-auth-token-env)' : ''}`));
        res.resume();
      });
      ws.once('error', (e) => reject(new ConnectionLostError(`could not connect to ${shown}: ${e.message}`)));
    });
  }

  /** Why the connection is gone, or null while it is open. */
  get closedReason(): string | null {
    return this.lost;
  }

  request<T = any>(method: string, params: Params | undefined): Promise<T> {
    if (this.lost) return Promise.reject(new ConnectionLostError(this.lost));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { method, resolve, reject });
      this.ws.send(JSON.stringify({ id, method, ...(params === undefined ? {} : { params }) }));
    });
  }

  notify(method: string, params?: Params): void {
    if (!this.lost) this.ws.send(JSON.stringify({ method, ...(params === undefined ? {} : { params }) }));
  }

  close(): void {
    this.end('closed');
    this.ws.close();
  }

  private end(reason: string): void {
    if (this.lost) return;
    this.lost = reason;
    for (const p of this.pending.values()) p.reject(new ConnectionLostError(reason));
    this.pending.clear();
    if (reason !== 'closed') this.handlers.closed?.(reason);
  }

  private receive(text: string): void {
    let msg: any;
    try {
      msg = JSON.parse(text);
    } catch {
      return this.handlers.invalid?.(`not JSON: ${text.slice(0, 120)}`);
    }
    if (!msg || typeof msg !== 'object') return this.handlers.invalid?.(`not a JSON-RPC message: ${text.slice(0, 120)}`);
    if (typeof msg.method === 'string') {
      const bad = this.check(msg.id !== undefined ? { id: msg.id, method: msg.method, params: msg.params } : { method: msg.method, params: msg.params });
      if (bad) return this.handlers.invalid?.(`${msg.method}: ${bad.message}`);
      if (msg.id === undefined) return this.handlers.notification?.(msg.method, msg.params ?? {});
      return void this.answer(msg.id, msg.method, msg.params ?? {});
    }
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    if (msg.error) return p.reject(new RpcCallError(p.method, Number(msg.error.code ?? 0), String(msg.error.message ?? 'error')));
    const bad = this.check({ id: msg.id, result: msg.result }, p.method);
    // A response the schema does not describe still answers its request; only a wrong shape is refused.
    if (bad && !bad.message.startsWith('no response type')) {
      this.handlers.invalid?.(`${p.method} response: ${bad.message}`);
      return p.reject(new RpcCallError(p.method, -32603, `the app-server's answer to ${p.method} does not follow the protocol: ${bad.message}`));
    }
    p.resolve(msg.result);
  }

  /** The schema's verdict; a checker that fails is reported, and the message goes through unjudged. */
  private check(message: Record<string, unknown>, method?: string): { message: string } | null {
    try {
      return checkOutgoing(message, method);
    } catch (e) {
      this.handlers.invalid?.(`the protocol check itself failed: ${(e as Error).message}`);
      return null;
    }
  }

  private async answer(id: unknown, method: string, params: Params): Promise<void> {
    try {
      if (!this.handlers.request) throw new RpcCallError(method, -32601, `csm's client does not handle \`${method}\``);
      const result = await this.handlers.request(method, params);
      if (!this.lost) this.ws.send(JSON.stringify({ id, result }));
    } catch (e) {
      const code = e instanceof RpcCallError ? e.code : -32603;
      if (!this.lost) this.ws.send(JSON.stringify({ id, error: { code, message: (e as Error).message } }));
    }
  }
}
