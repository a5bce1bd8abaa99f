// `csm doctor [--json]`: is csm able to work here? Installation, config, credentials, the command
// sandbox, git, the terminal, the session store and its index, the network and the provider's
// endpoints, each with the fix for a failure. Laid out as codex's report (notes first, grouped
// sections, a count line) and, like codex's, exits 1 when a check failed. The checks are csm's own.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ConfigError, loadConfig, resolveCodexHome, type ResolvedConfig } from '../core/config/index.ts';
import { readAuth, storedApiKey, AuthFileError, authPath } from '../core/auth/auth-file.ts';
import { indexPath } from '../core/sessions/db.ts';
import { findBwrap, wrapCommand } from '../core/tools/exec/sandbox.ts';
import { VERSION } from '../version.ts';

export type Status = 'ok' | 'warn' | 'fail';

export type Section = 'Environment' | 'Configuration' | 'Sessions' | 'Connectivity';
export const SECTIONS: Section[] = ['Environment', 'Configuration', 'Sessions', 'Connectivity'];

export interface Check {
  id: string;
  category: string;
  /** The row's label: the category unless two checks share it. */
  name: string;
  section: Section;
  status: Status;
  summary: string;
  details: Record<string, string>;
  remediation: string | null;
}

export interface DoctorEnv {
  codexHome: string;
  cwd: string;
  /** `-c`, `--enable`, `--disable` for this run. */
  overrides?: { config?: string[]; enable?: string[]; disable?: string[] };
  env: NodeJS.ProcessEnv;
  nodeVersion: string;
  tty: { stdin: boolean; stdout: boolean };
}

/** A path under HOME as ~/…, as people write it. */
export function tilde(p: string, home = process.env.HOME): string {
  return home && (p === home || p.startsWith(home + path.sep)) ? `~${p.slice(home.length)}` : p;
}

const SECTION_OF: Record<string, Section> = { install: 'Environment', sandbox: 'Environment', git: 'Environment', terminal: 'Environment', config: 'Configuration', auth: 'Configuration', sessions: 'Sessions', network: 'Connectivity', reachability: 'Connectivity' };
const NAME_OF: Record<string, string> = { 'sessions.index': 'index' };

const check = (id: string, status: Status, summary: string, details: Record<string, string> = {}, remediation: string | null = null): Check => ({
  id,
  category: id.split('.')[0],
  name: NAME_OF[id] ?? id.split('.')[0],
  section: SECTION_OF[id.split('.')[0]],
  status,
  summary,
  details,
  remediation,
});

function installation(d: DoctorEnv): Check {
  const [major, minor] = d.nodeVersion.replace(/^v/, '').split('.').map(Number);
  const details = { version: VERSION, node: d.nodeVersion, executable: process.argv[1] ?? 'unknown' };
  if (major < 20 || (major === 20 && minor < 19)) return check('install.node', 'fail', `Node ${d.nodeVersion} is older than csm needs`, details, 'Install Node 20.19 or newer.');
  return check('install.node', 'ok', `csm ${VERSION} on Node ${d.nodeVersion}`, details);
}

function config(d: DoctorEnv): { check: Check; cfg: ResolvedConfig | null } {
  const file = path.join(d.codexHome, 'config.toml');
  try {
    const cfg = loadConfig({ codexHome: d.codexHome, cwd: d.cwd, overrides: d.overrides?.config, enable: d.overrides?.enable, disable: d.overrides?.disable });
    return { cfg, check: check('config.load', 'ok', existsSync(file) ? 'config.toml loads' : 'no config.toml (defaults apply)', { file, model: cfg.model, provider: cfg.modelProviderId, sandbox: cfg.sandboxMode }) };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return { cfg: null, check: check('config.load', 'fail', e.message.split('\n')[0], { file }, `Fix ${file} (see the message), or move it aside to start from defaults.`) };
  }
}

function auth(d: DoctorEnv, cfg: ResolvedConfig | null): Check {
  if (!cfg) return check('auth.credentials', 'warn', 'not checked: the config did not load');
  const envKey = cfg.modelProvider.envKey;
  const details: Record<string, string> = { provider: cfg.modelProviderId, 'auth file': authPath(d.codexHome) };
  if (!envKey) return check('auth.credentials', 'ok', `provider ${cfg.modelProviderId} needs no API key`, details);
  details['key variable'] = envKey;
  if (d.env[envKey]) return check('auth.credentials', 'ok', `${envKey} is set`, details);
  if (cfg.modelProviderId === 'openai') {
    try {
      if (storedApiKey(readAuth(d.codexHome))) return check('auth.credentials', 'ok', 'an API key is stored in auth.json', details);
    } catch (e) {
      if (!(e instanceof AuthFileError)) throw e;
      return check('auth.credentials', 'fail', e.message, details, 'Remove the file and run `csm login --with-api-key` again.');
    }
  }
  const login = cfg.modelProviderId === 'openai' ? ', or run `printenv OPENAI_API_KEY | csm login --with-api-key`' : '';
  return check('auth.credentials', 'fail', `no API key for provider ${cfg.modelProviderId}`, details, `Set ${envKey}${login}.`);
}

function sandbox(d: DoctorEnv): Check {
  const bwrap = findBwrap(d.env.PATH, d.cwd);
  if (!bwrap) return check('sandbox.bwrap', 'fail', 'bubblewrap (bwrap) is not installed: commands cannot run sandboxed', {}, 'Install bubblewrap (e.g. `apt-get install bubblewrap`).');
  const wrapped = wrapCommand(['true'], { mode: 'read-only' }, { cwd: d.cwd, env: d.env, bwrapPath: bwrap });
  if (!wrapped.ok) return check('sandbox.bwrap', 'fail', wrapped.error, { bwrap });
  const run = spawnSync(wrapped.argv[0], wrapped.argv.slice(1), { cwd: d.cwd, encoding: 'utf8', timeout: 10_000 });
  if (run.status !== 0) {
    const why = (run.stderr || run.error?.message || `exit ${run.status}`).trim().split('\n')[0];
    return check('sandbox.bwrap', 'fail', `bubblewrap cannot start a sandbox: ${why}`, { bwrap }, 'Allow unprivileged user namespaces (sysctl kernel.unprivileged_userns_clone=1, or the AppArmor rule for bwrap).');
  }
  return check('sandbox.bwrap', 'ok', 'bubblewrap runs a read-only sandbox', { bwrap });
}

function git(d: DoctorEnv): Check {
  const run = spawnSync('git', ['--version'], { encoding: 'utf8' });
  if (run.status !== 0) return check('git.executable', 'warn', 'git is not installed', {}, 'Install git: reviews and the repository check need it.');
  const inside = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: d.cwd, encoding: 'utf8' });
  return check('git.executable', 'ok', run.stdout.trim(), { 'repo root': inside.status === 0 ? inside.stdout.trim() : 'not in a repository' });
}

function terminal(d: DoctorEnv): Check {
  const details = { TERM: d.env.TERM ?? 'not set', 'stdin is terminal': String(d.tty.stdin), 'stdout is terminal': String(d.tty.stdout) };
  if (!d.env.TERM || d.env.TERM === 'dumb') return check('terminal.env', 'warn', 'TERM is not set to a terminal that can draw the TUI', details, 'Set TERM (e.g. xterm-256color); exec works regardless.');
  return check('terminal.env', 'ok', `TERM=${d.env.TERM}`, details);
}

function sessions(d: DoctorEnv): Check {
  const dir = path.join(d.codexHome, 'sessions');
  if (!existsSync(dir)) return check('sessions.store', 'ok', 'no sessions yet', { dir });
  try {
    if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    accessSync(dir, constants.W_OK);
  } catch (e) {
    return check('sessions.store', 'fail', `${dir} is not a writable directory (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, { dir }, `Fix the permissions of ${dir}.`);
  }
  return check('sessions.store', 'ok', 'the session folder is writable', { dir });
}

function index(d: DoctorEnv): Check {
  const file = indexPath(d.codexHome);
  if (!existsSync(file)) return check('sessions.index', 'ok', 'no index yet (built on the first sessions command)', { file });
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const result = db.pragma('quick_check', { simple: true });
      if (result !== 'ok') return check('sessions.index', 'fail', `the index is damaged: ${String(result)}`, { file }, `Delete ${file}: it is a cache and is rebuilt.`);
      const count = (db.prepare('SELECT count(*) AS n FROM sessions').get() as { n: number }).n;
      return check('sessions.index', 'ok', `the index is healthy (${count} sessions)`, { file });
    } finally {
      db.close();
    }
  } catch (e) {
    return check('sessions.index', 'fail', `the index cannot be read: ${(e as Error).message}`, { file }, `Delete ${file}: it is a cache and is rebuilt.`);
  }
}

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'];

/** csm connects to the provider directly: a proxy variable it would ignore is worth a warning. */
export function network(d: DoctorEnv): Check {
  const set = PROXY_VARS.filter((v) => d.env[v]);
  if (!set.length) return check('network.proxy', 'ok', 'no proxy variables set', { 'proxy variables': 'none' });
  return check('network.proxy', 'warn', `${set.join(', ')} set, but csm connects directly`, { 'proxy variables': set.join(', ') }, 'Allow direct connections to the provider, or point base_url at a gateway that can reach it.');
}

/** The provider URL for `route`, with the provider's query parameters. */
function providerUrl(cfg: ResolvedConfig, route: string): string {
  const url = new URL(`${cfg.modelProvider.baseUrl.replace(/\/+$/, '')}/${route}`);
  for (const [k, v] of Object.entries(cfg.modelProvider.queryParams)) url.searchParams.set(k, v);
  return url.toString();
}

type Probe = (url: string, method: 'HEAD' | 'GET') => Promise<number>;

const httpProbe: Probe = async (url, method) => {
  const res = await fetch(url, { method, signal: AbortSignal.timeout(10_000), redirect: 'manual' });
  await res.body?.cancel();
  return res.status;
};

/**
 * Does the provider answer where csm sends its requests? No credentials are sent: any HTTP answer
 * means the endpoint is reachable; 404 on both the responses route and the model list means
 * base_url does not point at the API's root.
 */
export async function reachability(cfg: ResolvedConfig | null, probe: Probe = httpProbe): Promise<Check> {
  if (!cfg) return check('reachability.provider', 'warn', 'not checked: the config did not load');
  const responses = providerUrl(cfg, 'responses');
  const models = providerUrl(cfg, 'models');
  const details: Record<string, string> = { provider: `${cfg.modelProviderId} (${cfg.modelProvider.name})`, 'responses URL': responses };
  let answers: [number, number];
  try {
    answers = [await probe(responses, 'HEAD'), await probe(models, 'GET')];
  } catch (e) {
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (e as Error).message;
    details['responses URL'] += ` unreachable (${why})`;
    return check('reachability.provider', 'fail', `the provider cannot be reached (${why})`, details, 'Check the network, firewall and DNS, and base_url in config.toml.');
  }
  details['responses URL'] += ` reachable (HTTP ${answers[0]})`;
  details['models URL'] = `${models} answered HTTP ${answers[1]}`;
  if (answers[0] === 404 && answers[1] === 404) return check('reachability.provider', 'fail', 'the provider answers 404 under base_url: it may lack the API prefix', details, "Set base_url to the provider's API root (e.g. https://api.openai.com/v1).");
  return check('reachability.provider', 'ok', `the provider answers (HTTP ${answers[0]})`, details);
}

/** Every check, or with `networkOnly` the config and the network's. */
export async function runChecks(d: DoctorEnv, o: { networkOnly?: boolean } = {}, probe?: Probe): Promise<Check[]> {
  const c = config(d);
  const local = o.networkOnly ? [c.check] : [installation(d), c.check, auth(d, c.cfg), sandbox(d), git(d), terminal(d), sessions(d), index(d)];
  return [...local, network(d), await reachability(c.cfg, probe)];
}

export function overall(checks: Check[]): Status {
  return checks.some((c) => c.status === 'fail') ? 'fail' : checks.some((c) => c.status === 'warn') ? 'warn' : 'ok';
}

const RULE = '─'.repeat(61);

export function renderReport(checks: Check[], o: { ascii?: boolean; summary?: boolean; platform?: string }): string {
  const mark = o.ascii ? { ok: '[ok]', warn: '[!!]', fail: '[xx]' } : { ok: '✓', warn: '⚠', fail: '✗' };
  const rule = o.ascii ? '-'.repeat(61) : RULE;
  const row = (c: Check, indent: string, sep: string) => `${indent}${mark[c.status]} ${c.name.padEnd(12)} ${c.summary}${c.remediation ? `${sep}${c.remediation}` : ''}`;
  const lines = [`csm doctor ${VERSION}${o.platform ? ` · ${o.platform}` : ''}`, ''];
  const notes = checks.filter((c) => c.status !== 'ok');
  if (notes.length) lines.push('Notes', ...notes.map((c) => row(c, '   ', ' - ')), rule, '');
  for (const section of SECTIONS) {
    const rows = checks.filter((c) => c.section === section);
    if (!rows.length) continue;
    lines.push(section);
    for (const c of rows) {
      lines.push(row(c, '  ', ' — '));
      if (o.summary) continue;
      for (const [k, v] of Object.entries(c.details)) lines.push(`      ${k.padEnd(24)} ${tilde(v)}`);
    }
    lines.push('');
  }
  const count = (s: Status) => checks.filter((c) => c.status === s).length;
  const verdict = { ok: 'all passed', warn: 'passed with warnings', fail: 'failed' }[overall(checks)];
  lines.push(rule, `${count('ok')} ok · ${count('warn')} warn · ${count('fail')} fail ${verdict}`, '');
  lines.push(o.summary ? 'Run csm doctor without --summary for the details.' : '--summary one line per check      --json the report as JSON');
  return lines.join('\n') + '\n';
}

export async function doctorCommand(o: { json?: boolean; networkOnly?: boolean; summary?: boolean; all?: boolean; ascii?: boolean; config?: string[]; enable?: string[]; disable?: string[] }): Promise<number> {
  const d: DoctorEnv = {
    codexHome: resolveCodexHome(),
    cwd: process.cwd(),
    overrides: { config: o.config, enable: o.enable, disable: o.disable },
    env: process.env,
    nodeVersion: process.version,
    tty: { stdin: Boolean(process.stdin.isTTY), stdout: Boolean(process.stdout.isTTY) },
  };
  const checks = await runChecks(d, o);
  if (o.json) process.stdout.write(JSON.stringify({ schemaVersion: 1, overallStatus: overall(checks), csmVersion: VERSION, checks: Object.fromEntries(checks.map((c) => [c.id, c])) }, null, 2) + '\n');
  else process.stdout.write(renderReport(checks, { ...o, platform: o.networkOnly ? undefined : `${process.platform}-${process.arch}` }));
  return overall(checks) === 'fail' ? 1 : 0;
}
