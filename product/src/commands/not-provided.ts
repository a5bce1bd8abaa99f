// Codex commands csm does not provide. Each exists (so its name is never taken for a prompt), takes
// codex's arguments and flags (so `--help` shows what codex would take), and answers with one line
// saying why not, exit 2.
import { Command } from 'commander';
import { setUsage } from './help.ts';

interface Spec {
  name: string;
  about: string;
  args?: string[];
  options?: string[];
  subs?: Spec[];
  /** the usage lines after `csm <path> `, when the generated ones would not say it */
  usage?: string[];
}

const EXEC_SERVER_SHARED = ['--strict-config', '--linux-sandbox-pid-namespace <MODE>', '--linux-sandbox-transparent-tcp', '--tcp-upstream-proxy <HOST:PORT>', '--proxy-private-ips-via-upstream'];
const EXEC_SERVER_AWS = ['--aws-sigv4', '--aws-profile <PROFILE>', '--aws-region <REGION>', '--aws-service <SERVICE>', '--exit-on-stdin-close'];

const NOT_PROVIDED: Array<Spec & { why: string }> = [
  {
    name: 'agents',
    why: 'browse and switch sessions with `csm resume` (a picker with full-text search) or `csm sessions list`',
    about: "codex's agent command center (not provided by csm)",
    options: ['--no-daemon', '--remote <ADDR>', '--remote-auth-token-env <ENV_VAR>', '-C, --cd <DIR>', '--no-alt-screen'],
  },
  {
    name: 'plugin',
    why: 'csm has no plugins',
    about: "codex's plugin management (not provided by csm)",
    subs: [
      { name: 'add', about: 'Install a plugin', args: ['<PLUGIN[@MARKETPLACE]>'], options: ['-m, --marketplace <MARKETPLACE>', '--json'] },
      { name: 'list', about: 'List plugins', options: ['-m, --marketplace <MARKETPLACE>', '--json', '--available'] },
      {
        name: 'marketplace',
        about: 'Manage plugin marketplaces',
        subs: [
          { name: 'add', about: 'Add a marketplace', args: ['<SOURCE>'], options: ['--ref <REF>', '--sparse <PATH>', '--json'] },
          { name: 'list', about: 'List marketplaces', options: ['--json'] },
          { name: 'upgrade', about: 'Upgrade marketplaces', args: ['[MARKETPLACE_NAME]'], options: ['--json'] },
          { name: 'remove', about: 'Remove a marketplace', args: ['<MARKETPLACE_NAME>'], options: ['--json'] },
        ],
      },
      { name: 'remove', about: 'Remove a plugin', args: ['<PLUGIN[@MARKETPLACE]>'], options: ['-m, --marketplace <MARKETPLACE>', '--json'] },
    ],
  },
  {
    name: 'remote-control',
    why: 'csm has no app-server daemon to control',
    about: "[experimental] codex's remote-control daemon (not provided by csm)",
    options: ['--json', '--no-daemon'],
    subs: [
      { name: 'start', about: 'Start remote control', options: ['--json'] },
      { name: 'stop', about: 'Stop remote control', options: ['--json'] },
      { name: 'pair', about: 'Pair a device', options: ['--json'] },
    ],
  },
  { name: 'update', why: 'update csm with npm, the way it was installed', about: "codex's self-update (not provided by csm: update it with npm)" },
  {
    name: 'queue',
    why: 'csm has no message queue; continue a session with `csm exec resume ID "message"`',
    about: "codex's message queue for a running session (not provided by csm)",
    usage: ['[OPTIONS] --thread <THREAD> --message <TEXT>'],
    options: ['--thread <THREAD>', '--message <TEXT>', '--resume', '--remote <ADDR>', '--remote-auth-token-env <ENV_VAR>', '-p, --profile <CONFIG_PROFILE_V2>', '--strict-config', '-C, --cd <DIR>'],
  },
  {
    name: 'migrate-rollouts',
    why: 'csm reads legacy and paginated sessions alike, so there is nothing to migrate',
    about: "codex's migration of legacy sessions (not needed by csm)",
    options: ['--apply', '--thread <THREAD_ID>', '--max-mib-per-second <MIB>', '--json', '--verbose'],
  },
  { name: 'migrate-nfs-db', why: "csm keeps none of codex's SQLite databases", about: "[experimental] codex's SQLite journal-mode migration (not needed by csm)", options: ['--staging-dir <STAGING_DIR>'] },
  {
    name: 'cloud',
    why: "Codex Cloud is OpenAI's hosted service; csm works only on this machine",
    about: '[EXPERIMENTAL] Codex Cloud tasks (not provided by csm)',
    subs: [
      { name: 'exec', about: 'Start a cloud task', args: ['[QUERY]'], usage: ['[OPTIONS] --env <ENV_ID> [QUERY]'], options: ['--env <ENV_ID>', '--attempts <ATTEMPTS>', '--branch <BRANCH>'] },
      { name: 'status', about: "Show a cloud task's status", args: ['<TASK_ID>'] },
      { name: 'list', about: 'List cloud tasks', options: ['--env <ENV_ID>', '--limit <N>', '--cursor <CURSOR>', '--json'] },
      { name: 'apply', about: "Apply a cloud task's diff", args: ['<TASK_ID>'], options: ['--attempt <N>'] },
      { name: 'diff', about: "Show a cloud task's diff", args: ['<TASK_ID>'], options: ['--attempt <N>'] },
    ],
  },
  {
    name: 'exec-server',
    why: 'csm runs commands itself, in-process',
    about: "[EXPERIMENTAL] codex's standalone exec server (not provided by csm)",
    options: [...EXEC_SERVER_SHARED, '--concurrent-requests <COUNT>', '--listen <URL>', '--ws-auth <MODE>', '--ws-token-file <PATH>', '--ws-token-sha256 <HEX>', '--ws-shared-secret-file <PATH>', '--ws-issuer <ISSUER>', '--ws-audience <AUDIENCE>', '--ws-max-clock-skew-seconds <SECONDS>', '--remote <URL>', '--remote-transport <REMOTE_TRANSPORT>', '--environment-id <ID>', '--name <NAME>', '--use-agent-identity-auth', '--registration-bearer-stdin', '--executor-credential-stdin', '--chatgpt-token-stdin', '--chatgpt-account-id <ID>', ...EXEC_SERVER_AWS],
    subs: [
      {
        name: 'forward',
        about: 'Forward an environment to a remote exec server',
        usage: ['[OPTIONS] --remote <URL> --environment-id <ID> --connect <URL>'],
        options: ['--connect <URL>', ...EXEC_SERVER_SHARED, '--remote <URL>', '--remote-transport <REMOTE_TRANSPORT>', '--environment-id <ID>', '--name <NAME>', '--use-agent-identity-auth', '--registration-bearer-stdin', '--executor-credential-stdin', ...EXEC_SERVER_AWS],
      },
    ],
  },
];

function notProvided(path: string, why: string): never {
  process.stderr.write(`csm does not provide \`${path}\`: ${why}.\n`);
  process.exit(2);
}

function build(spec: Spec, path: string, why: string): Command {
  const cmd = new Command(spec.name).description(spec.about);
  for (const a of spec.args ?? []) cmd.argument(a);
  for (const o of spec.options ?? []) cmd.option(o, 'Accepted as codex accepts it; csm does not provide this command.');
  if (spec.usage) setUsage(cmd, ...spec.usage);
  for (const sub of spec.subs ?? []) cmd.addCommand(build(sub, `${path} ${sub.name}`, why));
  // A group without its own action (mcp, plugin, …) still answers the same line when called bare.
  cmd.allowExcessArguments(true).action(() => notProvided(path, why));
  return cmd;
}

/** Every codex command csm does not provide, each answering with its reason. */
export function notProvidedCommands(): Command[] {
  return NOT_PROVIDED.map((spec) => build(spec, spec.name, spec.why));
}

/** The reason a codex subcommand of a command csm does provide is not available (e.g. `sandbox uninstall`). */
export function notProvidedSub(spec: Spec, path: string, why: string): Command {
  return build(spec, path, why);
}
