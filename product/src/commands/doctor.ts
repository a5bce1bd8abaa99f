// `csm doctor [--json]`: is csm able to work here? Installation, config, credentials, the command
// sandbox, git, the terminal, the session store and its index, each with the fix for a failure.
// Like codex's doctor it reports and exits 0; the report says what failed.
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

export interface Check {
  id: string;
  category: string;
  status: Status;
  summary: string;
  details: Record<string, string>;
  remediation: string | null;
}

export interface DoctorEnv {
  codexHome: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  nodeVersion: string;
  tty: { stdin: boolean; stdout: boolean };
}

const check = (id: string, status: Status, summary: string, details: Record<string, string> = {}, remediation: string | null = null): Check => ({
  id,
  category: id.split('.')[0],
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
    const cfg = loadConfig({ codexHome: d.codexHome, cwd: d.cwd });
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

export function runChecks(d: DoctorEnv): Check[] {
  const c = config(d);
  return [installation(d), c.check, auth(d, c.cfg), sandbox(d), git(d), terminal(d), sessions(d), index(d)];
}

export function overall(checks: Check[]): Status {
  return checks.some((c) => c.status === 'fail') ? 'fail' : checks.some((c) => c.status === 'warn') ? 'warn' : 'ok';
}

export function renderReport(checks: Check[], o: { ascii?: boolean; all?: boolean; summary?: boolean }): string {
  const mark = o.ascii ? { ok: '[ok]', warn: '[!!]', fail: '[xx]' } : { ok: '✓', warn: '⚠', fail: '✗' };
  const width = Math.max(...checks.map((c) => c.category.length));
  const lines = [`csm doctor ${VERSION} · ${process.platform}-${process.arch}`, ''];
  for (const c of checks) {
    lines.push(`  ${mark[c.status]} ${c.category.padEnd(width)}  ${c.summary}${c.remediation ? ` - ${c.remediation}` : ''}`);
    if (o.summary || (c.status === 'ok' && !o.all)) continue;
    const keyWidth = Math.max(0, ...Object.keys(c.details).map((k) => k.length));
    for (const [k, v] of Object.entries(c.details)) lines.push(`      ${k.padEnd(keyWidth)}  ${v}`);
  }
  const failed = checks.filter((c) => c.status === 'fail').length;
  lines.push('', failed ? `${failed} of ${checks.length} checks failed` : `all ${checks.length} checks passed`);
  return lines.join('\n') + '\n';
}

export async function doctorCommand(o: { json?: boolean; networkOnly?: boolean; summary?: boolean; all?: boolean; ascii?: boolean }): Promise<number> {
  const d: DoctorEnv = { codexHome: resolveCodexHome(), cwd: process.cwd(), env: process.env, nodeVersion: process.version, tty: { stdin: Boolean(process.stdin.isTTY), stdout: Boolean(process.stdout.isTTY) } };
  // csm makes no network checks (it has nothing to probe without sending a request).
  const checks = o.networkOnly ? [] : runChecks(d);
  if (o.json) process.stdout.write(JSON.stringify({ schemaVersion: 1, overallStatus: overall(checks), csmVersion: VERSION, checks: Object.fromEntries(checks.map((c) => [c.id, c])) }, null, 2) + '\n');
  else process.stdout.write(renderReport(checks, o));
  return 0;
}
