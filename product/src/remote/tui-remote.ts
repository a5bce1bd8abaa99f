// `csm --remote ADDR [--remote-auth-token-env VAR]`: what the TUI needs to run on an app-server's
// threads — the connection, and a way to open a thread there that fails with the one line to show.
import type { ChatOpened } from '../runtime/chat-thread.ts';
import { SessionOpenError, type SessionTarget } from '../runtime/session.ts';
import { lostMessage, RemoteConnection } from './connection.ts';
import { openRemoteThread, RemoteThread, type RemoteOpenOptions } from './remote-thread.ts';
import { RpcCallError } from './rpc-client.ts';

export interface TuiRemote {
  open(target: SessionTarget, o: RemoteOpenOptions & { review?: boolean }): Promise<ChatOpened>;
  /** `f` hears once, with the line to show, when the connection is gone */
  onLost(f: (message: string) => void): void;
  close(): void;
}

/** Connects for the TUI, or gives the line to print when that is not possible. */
export async function connectForTui(address: string, tokenEnv: string | undefined, codexHome: string, env: NodeJS.ProcessEnv = process.env): Promise<TuiRemote | string> {
  let token: string | undefined;
  if (tokenEnv !== undefined) {
    token = env[tokenEnv]?.trim();
    if (!token) return `--remote-auth-token-env names ${tokenEnv}, which is not set`;
  }
  let conn: RemoteConnection;
  try {
    conn = await RemoteConnection.open(address, { codexHome, token });
  } catch (e) {
    return (e as Error).message;
  }
  // The threads opened here: /review's reviewer is the one whose review is pending.
  const threads: RemoteThread[] = [];
  return {
    async open(target, o) {
      if (o.review) {
        const parent = threads.filter((t) => t.reviewPending).at(-1);
        if (!parent) throw new SessionOpenError('Error: no thread asked for a review');
        return parent.reviewer();
      }
      try {
        const opened = await openRemoteThread(conn, target, o);
        if (opened.thread instanceof RemoteThread) threads.push(opened.thread);
        return opened;
      } catch (e) {
        // Shown as a local thread's failure to open is (runtime/session.ts), in upstream's words for a failed call.
        if (e instanceof RpcCallError) throw new SessionOpenError(`Error: ${e.method}: ${e.method} failed: ${e.message} (code ${e.code})`);
        throw new SessionOpenError(`Error: ${(e as Error).message}`);
      }
    },
    onLost: (f) => conn.onLost((reason) => f(lostMessage(address, reason))),
    close: () => conn.close(),
  };
}
