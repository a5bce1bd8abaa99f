// `csm app-server`: serves upstream's app-server protocol over the transport --listen names, until
// stdin closes (stdio) or the process is told to stop (ws, unix).
import { ConfigError, loadConfig, resolveCodexHome } from '../core/config/index.ts';
import { AppServer } from './server.ts';
import { isLoopback, ListenError, parseListen, readWsAuth, serveStdio, serveWebSocket } from './transport.ts';

export interface AppServerArgs {
  listen?: string;
  stdio?: boolean;
  wsAuth?: string;
  wsTokenFile?: string;
  /** bind an address other than loopback (csm's own flag; upstream binds loopback only) */
  allowRemote?: boolean;
  config: string[];
}

export async function runAppServer(a: AppServerArgs): Promise<number> {
  const codexHome = resolveCodexHome();
  const err = (t: string) => process.stderr.write(t + '\n');
  let listen;
  let auth;
  try {
    listen = parseListen(a.stdio ? 'stdio://' : (a.listen ?? 'stdio://'), codexHome);
    auth = readWsAuth(a.wsAuth, a.wsTokenFile);
    if (listen.kind === 'ws' && !isLoopback(listen.host) && !a.allowRemote) throw new ListenError(`refusing to listen on ${listen.host}: csm's app-server binds loopback only (use SSH port-forwarding, or --allow-remote)`);
    if (listen.kind === 'ws' && !isLoopback(listen.host) && auth.token === null) throw new ListenError('listening beyond loopback needs --ws-auth capability-token --ws-token-file PATH');
  } catch (e) {
    if (e instanceof ListenError || (e as NodeJS.ErrnoException).code === 'ENOENT') {
      err(`Error: ${(e as Error).message}`);
      return 2;
    }
    throw e;
  }
  try {
    loadConfig({ codexHome, cwd: process.cwd(), overrides: a.config });
  } catch (e) {
    if (e instanceof ConfigError) {
      err(`Error loading config.toml: ${e.message}`);
      return 1;
    }
    throw e;
  }
  const server = new AppServer({ codexHome, config: a.config });
  if (listen.kind === 'off') return 0;
  if (listen.kind === 'stdio') {
    await serveStdio(server, process.stdin, process.stdout);
    await server.close();
    return 0;
  }
  const listening = await serveWebSocket(server, listen, auth);
  if (listen.kind === 'ws') {
    const http = listening.address.replace(/^ws:/, 'http:');
    err(`csm app-server (WebSockets)\n  listening on: ${listening.address}\n  readyz: ${http}/readyz\n  healthz: ${http}/healthz${isLoopback(listen.host) ? '\n  note: binds localhost only (use SSH port-forwarding for remote access)' : ''}`);
  } else err(`csm app-server (WebSockets over a Unix socket)\n  listening on: unix://${listening.address}`);
  await new Promise<void>((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve());
  });
  await listening.close();
  await server.close();
  return 0;
}
