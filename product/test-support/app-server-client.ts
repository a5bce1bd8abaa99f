// A client of csm's app-server in the test's own process (`#test-support/app-server-client`): every
// message the server sends it is kept, and checked against upstream's JSON Schema as it arrives.
import { checkOutgoing } from '../src/app-server/protocol-check.ts';
import type { AppServer, Connection } from '../src/app-server/server.ts';

export type Message = Record<string, any>;

export interface InProcessClient {
  received: Message[];
  /** what the schema refused, one line per message */
  problems: string[];
  /** sends a request and returns its answer (the server has answered once `receive` resolves) */
  request(method: string, params: unknown): Promise<Message>;
  /** the first message from `from` on that `pred` accepts, waiting up to 20 s for it */
  waitFor(pred: (m: Message) => boolean, from?: number): Promise<Message>;
}

export function inProcessClient(server: AppServer): InProcessClient {
  const received: Message[] = [];
  const problems: string[] = [];
  const methods = new Map<number, string>();
  const waiters: Array<() => void> = [];
  const conn: Connection = {
    send(m) {
      const bad = checkOutgoing(m, 'method' in m ? undefined : methods.get(m.id as number));
      if (bad) problems.push(`${String(m.method ?? `response to ${methods.get(m.id as number)}`)}: ${bad.message}`);
      received.push(m);
      for (const w of waiters.splice(0)) w();
    },
    close() {},
  };
  server.connect(conn);
  let nextId = 1;
  return {
    received,
    problems,
    async request(method, params) {
      const id = nextId++;
      methods.set(id, method);
      await server.receive(conn, JSON.stringify({ id, method, params }));
      return received.find((m) => m.id === id && !('method' in m))!;
    },
    async waitFor(pred, from = 0) {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const seen = received.slice(from).find(pred);
        if (seen) return seen;
        if (Date.now() > deadline) throw new Error(`timed out; received:\n${received.map((m) => JSON.stringify(m).slice(0, 200)).join('\n')}`);
        await new Promise<void>((r) => {
          waiters.push(r);
          setTimeout(r, 200);
        });
      }
    },
  };
}
