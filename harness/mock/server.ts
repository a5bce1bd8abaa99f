// A real loopback HTTP server (upstream runs out of process) that bridges node:http to the msw
// handlers: each request becomes a fetch Request, and the Response body is streamed chunk by chunk.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';
import { createMockHandlers, type RequestLogEntry } from './handlers.ts';
import { parseMockScript, type MockScriptInput } from './script.ts';

export type { RequestLogEntry } from './handlers.ts';

export interface MockServer {
  /** Base URL for a Responses provider, e.g. `http://127.0.0.1:43123/v1`. */
  url: string;
  port: number;
  requests(): RequestLogEntry[];
  /** Script exhaustion and malformed tool-call histories, one sentence each. */
  problems(): string[];
  close(): Promise<void>;
}

export interface MockServerOptions {
  /** Defaults to 0: an ephemeral port, so parallel runs never collide. */
  port?: number;
}

async function toFetchRequest(req: IncomingMessage, port: number): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'HEAD' ? undefined : Buffer.concat(chunks);
  return new Request(`http://127.0.0.1:${port}${req.url ?? '/'}`, { method, headers, body });
}

async function bridge(handlers: RequestHandler[], port: number, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const response = (await getResponse(handlers, await toFetchRequest(req, port))) ?? new Response('not found', { status: 404 });
  res.writeHead(response.status, Object.fromEntries(response.headers));
  if (!response.body) {
    res.end();
    return;
  }
  res.flushHeaders();
  const reader = response.body.getReader();
  // The client hung up (or close() ran): stop producing, which also cancels the pending delay.
  res.on('close', () => void reader.cancel().catch(() => {}));
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      res.write(value);
    }
    res.end();
  } catch {
    // The script's `drop` fault: cut the connection mid-stream, as a dying upstream would.
    res.destroy();
  }
}

export async function startMockServer(script: MockScriptInput, opts: MockServerOptions = {}): Promise<MockServer> {
  const mock = createMockHandlers(parseMockScript(script));
  let port = 0;
  // noDelay: each SSE frame must leave as its own packet, not wait for Nagle to batch it.
  const server = createServer({ noDelay: true }, (req, res) => {
    bridge(mock.handlers, port, req, res).catch((err: unknown) => {
      if (res.headersSent) res.destroy();
      else res.writeHead(500, { 'content-type': 'text/plain' }).end(`mock bridge error: ${String(err)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    requests: mock.requests,
    problems: mock.problems,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Keep-alive sockets and in-flight streams would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
