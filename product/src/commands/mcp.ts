// `csm mcp list|get|add|remove`: the MCP servers of $CODEX_HOME/config.toml, shown and edited as
// codex does (same tables, JSON and messages; the file's comments and layout kept). login/logout
// (OAuth) are not in csm.
import { Argument, Command } from 'commander';
import { ConfigError, resolveCodexHome } from '../core/config/index.ts';
import { readMcpServers, validServerName, type McpServerConfig } from '../core/mcp/config.ts';
import { notProvidedSub } from './not-provided.ts';
import { collect } from './options.ts';

const out = (t: string): void => void process.stdout.write(t);
const fail = (t: string, code = 1) => {
  process.stderr.write(t + '\n');
  process.exitCode = code;
};

function servers(): McpServerConfig[] | null {
  try {
    return readMcpServers(resolveCodexHome());
  } catch (e) {
    if (e instanceof ConfigError) {
      fail(`Error loading config.toml: ${e.message}`);
      return null;
    }
    throw e;
  }
}

const masked = (env: Record<string, string> | null) => (env && Object.keys(env).length ? Object.keys(env).map((k) => `${k}=*****`).join(', ') : '-');
const authStatus = (s: McpServerConfig) => (s.transport.type === 'streamable_http' && s.transport.bearer_token_env_var ? 'bearer_token' : 'unsupported');
const AUTH_LABEL: Record<string, string> = { bearer_token: 'Bearer token', unsupported: 'Unsupported' };
const status = (s: McpServerConfig) => (s.enabled ? 'enabled' : 'disabled');

/** Columns padded to their widest cell, two spaces apart (every cell padded, as codex pads). */
function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ')).join('\n') + '\n';
}

function transportJson(s: McpServerConfig) {
  const t = s.transport;
  return t.type === 'stdio' ? { ...t } : { ...t, http_headers_helper: null };
}

function list(o: { json?: boolean }): void {
  const all = servers();
  if (!all) return;
  if (o.json) {
    const data = all.map((s) => ({ name: s.name, enabled: s.enabled, disabled_reason: null, transport: transportJson(s), startup_timeout_sec: s.startup_timeout_sec, tool_timeout_sec: s.tool_timeout_sec, auth_status: authStatus(s) }));
    return out(JSON.stringify(data, null, 2) + '\n');
  }
  if (!all.length) return out('No MCP servers configured yet. Try `csm mcp add my-tool -- my-command`.\n');
  const stdio = all.filter((s) => s.transport.type === 'stdio');
  const http = all.filter((s) => s.transport.type === 'streamable_http');
  const parts: string[] = [];
  if (stdio.length)
    parts.push(
      table([
        ['Name', 'Command', 'Args', 'Env', 'Cwd', 'Status', 'Auth'],
        ...stdio.map((s) => {
          const t = s.transport as Extract<McpServerConfig['transport'], { type: 'stdio' }>;
          return [s.name, t.command, t.args.length ? t.args.join(' ') : '-', masked(t.env), t.cwd ?? '-', status(s), AUTH_LABEL[authStatus(s)]];
        }),
      ]),
    );
  if (http.length)
    parts.push(
      table([
        ['Name', 'Url', 'Bearer Token Env Var', 'Status', 'Auth'],
        ...http.map((s) => {
          const t = s.transport as Extract<McpServerConfig['transport'], { type: 'streamable_http' }>;
          return [s.name, t.url, t.bearer_token_env_var ?? '-', status(s), AUTH_LABEL[authStatus(s)]];
        }),
      ]),
    );
  out(parts.join('\n'));
}

function get(name: string, o: { json?: boolean }): void {
  const all = servers();
  if (!all) return;
  const s = all.find((x) => x.name === name);
  if (!s) return fail(`Error: No MCP server named '${name}' found.`);
  if (o.json) {
    const data = { name: s.name, enabled: s.enabled, disabled_reason: null, transport: transportJson(s), enabled_tools: s.enabled_tools, disabled_tools: s.disabled_tools, startup_timeout_sec: s.startup_timeout_sec, tool_timeout_sec: s.tool_timeout_sec };
    return out(JSON.stringify(data, null, 2) + '\n');
  }
  const t = s.transport;
  const kv = (m: Record<string, string> | null) => (m && Object.keys(m).length ? Object.entries(m).map(([k, v]) => `${k}=${v}`).join(', ') : '-');
  const lines = [s.name, `  enabled: ${s.enabled}`, `  transport: ${t.type}`];
  if (t.type === 'stdio') lines.push(`  command: ${t.command}`, `  args: ${t.args.length ? t.args.join(' ') : '-'}`, `  cwd: ${t.cwd ?? '-'}`, `  env: ${masked(t.env)}`);
  else lines.push(`  url: ${t.url}`, `  bearer_token_env_var: ${t.bearer_token_env_var ?? '-'}`, `  http_headers: ${kv(t.http_headers)}`, `  env_http_headers: ${kv(t.env_http_headers)}`, `  http_headers_helper: -`);
  if (s.enabled_tools) lines.push(`  enabled_tools: ${s.enabled_tools.join(', ')}`);
  if (s.disabled_tools) lines.push(`  disabled_tools: ${s.disabled_tools.join(', ')}`);
  if (s.startup_timeout_sec !== null) lines.push(`  startup_timeout_sec: ${s.startup_timeout_sec}`);
  if (s.tool_timeout_sec !== null) lines.push(`  tool_timeout_sec: ${s.tool_timeout_sec}`);
  lines.push(`  remove: csm mcp remove ${s.name}`);
  out(lines.join('\n') + '\n');
}

// The layout-keeping TOML editor (config-edit.ts) loads only for add and remove: every csm command
// builds this command's tree at start, and that editor alone is ~240 KB of code to compile.
const configEdit = () => import('../core/mcp/config-edit.ts');

async function add(name: string, command: string[], o: { env: string[]; url?: string; bearerTokenEnvVar?: string }): Promise<void> {
  if (!validServerName(name)) return fail(`Error: invalid server name '${name}' (use letters, numbers, '-', '_')`, 2);
  if (o.url && command.length) return fail('error: the argument --url <URL> cannot be used with [COMMAND]...', 2);
  if (!o.url && !command.length) return fail('error: the following required arguments were not provided:\n  <--url <URL>|COMMAND>', 2);
  const table: Record<string, unknown> = {};
  if (o.url) {
    table.url = o.url;
    if (o.bearerTokenEnvVar) table.bearer_token_env_var = o.bearerTokenEnvVar;
  } else {
    table.command = command[0];
    if (command.length > 1) table.args = command.slice(1);
    const env: Record<string, string> = {};
    for (const pair of o.env) {
      const i = pair.indexOf('=');
      if (i <= 0) return fail(`error: invalid value '${pair}' for '--env <KEY=VALUE>': environment entries must be in KEY=VALUE form`, 2);
      env[pair.slice(0, i)] = pair.slice(i + 1);
    }
    if (Object.keys(env).length) table.env = env;
  }
  const { addMcpServer } = await configEdit();
  try {
    addMcpServer(resolveCodexHome(), name, table);
  } catch (e) {
    if (e instanceof ConfigError) return fail(`Error loading config.toml: ${e.message}`);
    throw e;
  }
  out(`Added global MCP server '${name}'.\n`);
}

async function remove(name: string): Promise<void> {
  if (!validServerName(name)) return fail(`Error: invalid server name '${name}' (use letters, numbers, '-', '_')`, 2);
  const { removeMcpServer } = await configEdit();
  try {
    out(removeMcpServer(resolveCodexHome(), name) ? `Removed global MCP server '${name}'.\n` : `No MCP server named '${name}' found.\n`);
  } catch (e) {
    if (e instanceof ConfigError) return fail(`Error loading config.toml: ${e.message}`);
    throw e;
  }
}

export function mcpCommand(): Command {
  const cmd = new Command('mcp').description('Manage the MCP servers csm (and codex) connect to, in config.toml.');
  cmd.command('list').description('List configured MCP servers').option('--json', 'Print them as JSON.').action((o) => list(o));
  cmd.command('get').description('Show one configured MCP server').addArgument(new Argument('<NAME>')).option('--json', 'Print it as JSON.').action((name, o) => get(name, o));
  cmd
    .command('add')
    .description('Add an MCP server to the configuration')
    .addArgument(new Argument('<NAME>', 'The server name (letters, digits, - and _).'))
    .addArgument(new Argument('[COMMAND...]', 'The command that starts a stdio server (after --).'))
    .option('--env <KEY=VALUE>', 'An environment variable for the stdio server (repeatable).', collect, [] as string[])
    .option('--url <URL>', 'The URL of a streamable HTTP server.')
    .option('--bearer-token-env-var <ENV_VAR>', 'The variable holding the bearer token of an HTTP server.')
    .option('--oauth-client-id <CLIENT_ID>', 'OAuth client id (not in csm).')
    .option('--oauth-client-secret <CLIENT_SECRET>', 'OAuth client secret (not in csm).')
    .option('--oauth-client-registration <REGISTRATION>', 'OAuth client registration (not in csm).')
    .option('--oauth-resource <RESOURCE>', 'OAuth resource (not in csm).')
    .action((name, command, o) => add(name, command, o));
  cmd.command('remove').description('Remove an MCP server from the configuration').addArgument(new Argument('<NAME>')).action((name) => remove(name));
  cmd.addCommand(notProvidedSub({ name: 'login', about: 'Log in to an MCP server with OAuth (not in csm)', args: ['<NAME>'], options: ['--no-browser', '--scopes <SCOPES>', '--oauth-client-registration <REGISTRATION>'] }, 'mcp login', 'csm does not do OAuth with MCP servers; use a bearer token (--bearer-token-env-var)'));
  cmd.addCommand(notProvidedSub({ name: 'logout', about: "Forget an MCP server's OAuth credentials (not in csm)", args: ['<NAME>'] }, 'mcp logout', 'csm does not do OAuth with MCP servers'));
  return cmd;
}
