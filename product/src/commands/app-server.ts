// `csm app-server`: upstream's JSON-RPC app-server (product/src/app-server/). Its tooling
// subcommands that csm does not provide (daemon, proxy, generate-*) answer so in one line.
import { Command } from 'commander';
import { notProvidedSub } from './not-provided.ts';
import { configOptions } from './options.ts';

const SUBS = [
  {
    name: 'daemon',
    about: 'Manage the background app server (not in csm)',
    subs: ['bootstrap', 'start', 'restart', 'update', 'enable-remote-control', 'disable-remote-control', 'stop', 'version'].map((name) => ({
      name,
      about: `${name} the background app server`,
      options: name === 'bootstrap' ? ['--remote-control'] : name === 'update' ? ['--from-cli', '-y, --yes'] : [],
    })),
  },
  { name: 'proxy', about: 'Relay stdio to a running app server (not in csm)', options: ['--sock <SOCKET_PATH>'] },
  { name: 'generate-ts', about: "Write the protocol's TypeScript types (csm keeps upstream's in product/protocol/)", usage: ['[OPTIONS] --out <DIR>'], options: ['-o, --out <DIR>', '-p, --prettier <PRETTIER_BIN>', '--experimental'] },
  { name: 'generate-json-schema', about: "Write the protocol's JSON Schemas (csm keeps upstream's in product/protocol/)", usage: ['[OPTIONS] --out <DIR>'], options: ['-o, --out <DIR>', '--experimental'] },
];

const UNUSED = 'Accepted as codex accepts it; csm does not use it.';

export function appServerCommand(): Command {
  const cmd = new Command('app-server').description("[experimental] Serve codex's app-server protocol (JSON-RPC 2.0) to editors, scripts and `codex --remote`.");
  cmd
    .option('--listen <URL>', 'Where to listen: stdio:// (the default), unix://, unix://PATH or ws://IP:PORT (loopback only), or off.')
    .option('--stdio', 'The same as --listen stdio://.')
    .option('--ws-auth <MODE>', 'WebSocket authentication: capability-token (clients send `Authorization: Bearer TOKEN`).')
    .option('--ws-token-file <PATH>', 'The file holding the capability token.')
    .option('--allow-remote', 'Listen on an address other than loopback (needs --ws-auth).');
  for (const flags of ['--startup-sign-out', '--print-startup-config', '--startup-client-info <STARTUP_CLIENT_INFO>', '--cloud-skills-snapshot <PATH>', '--code-mode-host <URL>', '--strict-config', '--analytics-default-enabled', '--ws-token-sha256 <HEX>', '--ws-shared-secret-file <PATH>', '--ws-issuer <ISSUER>', '--ws-audience <AUDIENCE>', '--ws-max-clock-skew-seconds <SECONDS>']) cmd.option(flags, UNUSED);
  configOptions(cmd); // -c (applied to every thread), --enable, --disable
  for (const sub of SUBS) cmd.addCommand(notProvidedSub(sub, `app-server ${sub.name}`, 'csm serves the app-server protocol itself but has none of its tooling'));
  return cmd.action(async (o) => {
    const { runAppServer } = await import('../app-server/run.ts');
    process.exitCode = await runAppServer({ ...o, config: o.config ?? [] });
  });
}
