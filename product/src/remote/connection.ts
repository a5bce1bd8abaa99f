// csm's TUI as a client of an app-server (`csm --remote ADDR`): one connection, initialized as
// upstream's TUI initializes (client codex-tui, approvals answered by a person), over which threads
// are started, resumed or forked. Notifications and approval requests reach the thread they name.
import { VERSION } from '../version.ts';
import { ConnectionLostError, RpcClient, remoteUrl, type Params } from './rpc-client.ts';

/** A thread's share of the connection: its notifications and the server's requests about it. */
export interface ThreadListener {
  notification(method: string, params: Params): void;
  request?(method: string, params: Params): Promise<unknown>;
  /** the connection is gone */
  lost(reason: string): void;
}

/** The line a person sees when the connection is gone. */
export function lostMessage(address: string, reason: string): string {
  return `Lost the connection to the app-server at ${address}: ${reason}`;
}

export class RemoteConnection {
  private readonly listeners = new Map<string, ThreadListener>();
  private lostReason: string | null = null;
  private readonly lostHandlers: Array<(reason: string) => void> = [];
  /** problems with what the server sent (messages that break the protocol), newest last */
  readonly problems: string[] = [];

  private constructor(
    readonly client: RpcClient,
    /** the address as given (`ws://host:port`, `unix://…`) */
    readonly address: string,
  ) {
    client.handlers = {
      notification: (method, params) => {
        const id = typeof params.threadId === 'string' ? params.threadId : typeof (params.thread as Params | undefined)?.id === 'string' ? String((params.thread as Params).id) : null;
        if (id) this.listeners.get(id)?.notification(method, params);
      },
      request: (method, params) => {
        const l = typeof params.threadId === 'string' ? this.listeners.get(params.threadId) : undefined;
        if (!l?.request) return Promise.reject(new Error(`no open thread answers ${method}`));
        return l.request(method, params);
      },
      invalid: (problem) => void this.problems.push(problem),
      closed: (reason) => {
        this.lostReason = reason;
        for (const l of this.listeners.values()) l.lost(reason);
        for (const f of this.lostHandlers) f(reason);
      },
    };
  }

  /** Connects and initializes; throws ConnectionLostError (with the reason) when the server cannot be reached. */
  static async open(address: string, o: { codexHome: string; token?: string }): Promise<RemoteConnection> {
    const client = await RpcClient.connect(remoteUrl(address, o.codexHome), { token: o.token });
    const conn = new RemoteConnection(client, address);
    try {
      await client.request('initialize', {
        clientInfo: { name: 'codex-tui', title: 'csm', version: VERSION },
        capabilities: { requiredHumanApproval: true, experimentalApi: true, requestAttestation: false, optOutNotificationMethods: null },
      });
    } catch (e) {
      client.close();
      throw e instanceof ConnectionLostError ? e : new ConnectionLostError(`the app-server at ${address} refused to initialize: ${(e as Error).message}`);
    }
    client.notify('initialized');
    return conn;
  }

  /** Why the connection is gone, or null. */
  get lost(): string | null {
    return this.lostReason;
  }

  /** `f` hears once, with the reason, when the connection is gone. */
  onLost(f: (reason: string) => void): void {
    this.lostHandlers.push(f);
  }

  listen(threadId: string, l: ThreadListener): () => void {
    this.listeners.set(threadId, l);
    return () => {
      if (this.listeners.get(threadId) === l) this.listeners.delete(threadId);
    };
  }

  close(): void {
    this.client.close();
  }
}
