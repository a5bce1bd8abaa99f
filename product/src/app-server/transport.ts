// The app-server's transports, as upstream's `--listen` names them: `stdio://` (one JSON message a
// line), `ws://IP:PORT` (WebSocket text frames, with /readyz and /healthz answering 200 over plain
// HTTP on the same port) and `unix://[PATH]` (the same WebSocket protocol on a Unix socket).
// `--ws-auth capability-token` refuses an upgrade without the right bearer token (401) before any
// message is read. Only loopback addresses unless the caller allows others.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { existsSync, mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { WebSocket } from 'ws';
import type { AppServer, Connection } from './server.ts';

export type Listen = { kind: 'stdio' } | { kind: 'ws'; host: string; port: number } | { kind: 'unix'; path: string } | { kind: 'off' };

export class ListenError extends Error {}

/** `--listen` as upstream spells it. */
export function parseListen(url: string, codexHome: string): Listen {
  if (url === 'stdio://' || url === 'stdio') return { kind: 'stdio' };
  if (url === 'off') return { kind: 'off' };
  if (url.startsWith('unix://')) {
    const p = url.slice('unix://'.length);
    return { kind: 'unix', path: p ? path.resolve(p) : path.join(codexHome, 'app-server.sock') };
  }
  const m = /^ws:\/\/(\[[^\]]+\]|[^:/]+):(\d+)\/?$/.exec(url);
  if (m) return { kind: 'ws', host: m[1].replace(/^\[|\]$/g, ''), port: Number(m[2]) };
  throw new ListenError(`unsupported --listen URL \`${url}\`; expected \`stdio://\`, \`unix://\`, \`unix://PATH\`, \`ws://IP:PORT\` or \`off\``);
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

export interface WsAuth {
  /** the capability token a client must send as `Authorization: Bearer …` */
  token: string | null;
}

/** `--ws-auth capability-token --ws-token-file PATH` → the token (the file's text, trimmed). */
export function readWsAuth(mode: string | undefined, tokenFile: string | undefined): WsAuth {
  if (!mode) {
    if (tokenFile) throw new ListenError('--ws-token-file needs --ws-auth capability-token');
    return { token: null };
  }
  if (mode !== 'capability-token') throw new ListenError(`csm supports --ws-auth capability-token only, not \`${mode}\``);
  if (!tokenFile) throw new ListenError('--ws-auth capability-token needs --ws-token-file PATH');
  const token = readFileSync(tokenFile, 'utf8').trim();
  if (!token) throw new ListenError(`the token file ${tokenFile} is empty`);
  return { token };
}

/** stdio: one message a line; the server ends when stdin closes. */
export function serveStdio(server: AppServer, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<void> {
  const conn: Connection = { send: (m) => void output.write(JSON.stringify(m) + '\n'), close: () => undefined };
  server.connect(conn);
  const lines = createInterface({ input });
  let chain = Promise.resolve();
  lines.on('line', (line) => {
    if (!line.trim()) return;
    // Answer in order of arrival, but let a long request (turn/start) not block the next.
    chain = chain.then(() => {
      void server.receive(conn, line);
    });
  });
  return new Promise((resolve) =>
    lines.on('close', () => {
      server.disconnect(conn);
      resolve();
    }),
  );
}

function bearer(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  const m = h ? /^Bearer\s+(.+)$/i.exec(h) : null;
  return m ? m[1].trim() : null;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export interface Listening {
  /** the address bound: `ws://127.0.0.1:PORT` or the socket path */
  address: string;
  close(): Promise<void>;
}

/** WebSocket (TCP or Unix socket): /readyz and /healthz over HTTP, token check on upgrade. */
export async function serveWebSocket(server: AppServer, listen: Extract<Listen, { kind: 'ws' | 'unix' }>, auth: WsAuth): Promise<Listening> {
  // ws loads only for a WebSocket server: a stdio server (an editor's) starts without it.
  const { WebSocketServer } = await import('ws');
  const http: Server = createServer((req, res) => {
    const url = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && (url === '/readyz' || url === '/healthz')) {
      res.writeHead(200, { 'content-length': '0' }).end();
      return;
    }
    res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end("Connection header did not include 'upgrade'");
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  http.on('upgrade', (req, socket, head) => {
    if (auth.token !== null) {
      const got = bearer(req);
      const refusal = got === null ? 'missing websocket bearer token' : sameToken(got, auth.token) ? null : 'invalid websocket bearer token';
      if (refusal) {
        socket.end(`HTTP/1.1 401 Unauthorized\r\ncontent-type: text/plain; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(refusal)}\r\nconnection: close\r\n\r\n${refusal}`);
        return;
      }
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(server, ws));
  });
  return new Promise((resolve, reject) => {
    http.once('error', reject);
    const done = () => {
      const a = http.address();
      const address = listen.kind === 'unix' ? listen.path : typeof a === 'object' && a ? `ws://${a.family === 'IPv6' ? `[${a.address}]` : a.address}:${a.port}` : '';
      resolve({
        address,
        close: () =>
          new Promise<void>((r) => {
            for (const c of wss.clients) c.terminate();
            http.close(() => r());
            http.closeAllConnections();
          }),
      });
    };
    if (listen.kind === 'unix') {
      mkdirSync(path.dirname(listen.path), { recursive: true });
      if (existsSync(listen.path)) unlinkSync(listen.path);
      http.listen(listen.path, done);
    } else http.listen(listen.port, listen.host, done);
  });
}

function attach(server: AppServer, ws: WebSocket): void {
  const conn: Connection = {
    send: (m) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
    },
    close: () => ws.close(),
  };
  server.connect(conn);
  ws.on('message', (data, isBinary) => {
    if (isBinary) return; // text frames only, as upstream
    void server.receive(conn, data.toString());
  });
  ws.on('close', () => server.disconnect(conn));
  ws.on('error', () => server.disconnect(conn));
}
