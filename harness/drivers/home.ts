// An isolated HOME / CODEX_HOME / workspace per run. The workspace sits at $HOME/ws so both targets
// show it as ~/ws.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';
import { repoRoot } from './targets.ts';

export interface RunHome {
  root: string;
  home: string;
  codexHome: string;
  workspace: string;
  /** Absolute paths → placeholders, longest first, for normalization. */
  paths: Record<string, string>;
}

/**
 * Runs live outside any git work tree (a workspace inside the lab's own clone would inherit its git
 * repo) and outside /tmp (upstream's sandbox breaks there). CSM_LAB_RUNS overrides the place.
 */
export function runsRoot(): string {
  return process.env.CSM_LAB_RUNS ?? path.join(os.homedir(), '.cache', 'csm-lab', 'runs');
}

/**
 * Where remote TUI runs live, whatever CSM_LAB_RUNS or HOME say: a remote TUI's footer shows the
 * workspace's absolute path, so its length (where the footer's colours fall, whether the title
 * wraps) must be the same on every machine that records or checks those goldens.
 */
export const REMOTE_RUNS_ROOT = '/var/tmp/csm-lab-remote';

export function createRunHome(label: string, runs: string = runsRoot()): RunHome {
  mkdirSync(runs, { recursive: true });
  const root = mkdtempSync(path.join(runs, `${label}-`));
  const home = path.join(root, 'home');
  const codexHome = path.join(home, '.codex');
  const workspace = path.join(home, 'ws');
  mkdirSync(codexHome, { recursive: true });
  mkdirSync(workspace, { recursive: true });
  return { root, home, codexHome, workspace, paths: { [workspace]: '<ws>', [codexHome]: '<codex-home>', [home]: '<home>', [root]: '<run>' } };
}

/** The lab's reference config: catalog model gpt-5.5 on the mock provider, workspace trusted, first-run notices answered. */
export function baseConfig(mockUrl: string, workspace: string, trusted = true): Record<string, unknown> {
  return {
    model: 'gpt-5.5',
    model_provider: 'mock',
    model_providers: { mock: { name: 'Mock', base_url: mockUrl, wire_api: 'responses', env_key: 'MOCK_API_KEY' } },
    ...(trusted ? { projects: { [workspace]: { trust_level: 'trusted' } } } : {}),
    tui: { screen_reader_detection_done: true, model_availability_nux: { 'gpt-6.1-sol': 1 } },
    notice: { model_migrations: { 'gpt-5.5': 'gpt-6-sol' } },
  };
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

export function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) out[k] = isTable(v) && isTable(out[k]) ? deepMerge(out[k] as Record<string, unknown>, v) : v;
  return out;
}

/**
 * Placeholders a config fragment may use for paths that differ per run or per machine:
 * `{{workspace}}` (the run's workspace) and `{{node_modules}}` (the lab's own node_modules, where
 * the MCP servers scenarios start are installed). The latter is masked as `<node_modules>`.
 */
export function expandConfigFragment(run: RunHome, fragment: string): string {
  if (!fragment.includes('{{')) return fragment;
  const nodeModules = path.join(repoRoot, 'node_modules');
  if (fragment.includes('{{node_modules}}')) run.paths = { [nodeModules]: '<node_modules>', ...run.paths };
  return fragment.replaceAll('{{workspace}}', run.workspace).replaceAll('{{node_modules}}', nodeModules);
}

export function writeConfig(run: RunHome, mockUrl: string, fragment: string, trusted = true): void {
  fragment = expandConfigFragment(run, fragment);
  const over = fragment.trim() ? (parseToml(fragment) as Record<string, unknown>) : {};
  writeFileSync(path.join(run.codexHome, 'config.toml'), stringifyToml(deepMerge(baseConfig(mockUrl, run.workspace, trusted), over)));
}

/** Files into CODEX_HOME (scenario `codex_home_files`), by path relative to it. */
export function writeCodexHomeFiles(run: RunHome, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.resolve(run.codexHome, rel);
    if (!file.startsWith(run.codexHome + path.sep)) throw new Error(`CODEX_HOME file escapes CODEX_HOME: ${rel}`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

// Fixed identity and dates so the fixture commit hash is the same on every run and machine.
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'Lab',
  GIT_AUTHOR_EMAIL: 'lab@example.invalid',
  GIT_COMMITTER_NAME: 'Lab',
  GIT_COMMITTER_EMAIL: 'lab@example.invalid',
  GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z',
};

function writeFiles(run: RunHome, files: Record<string, string>): void {
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(run.workspace, rel);
    if (!file.startsWith(run.workspace + path.sep)) throw new Error(`workspace file escapes the workspace: ${rel}`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
}

/** The fixture: `files`, committed when `git`, then `changes` on top (left uncommitted). */
export function writeWorkspace(run: RunHome, ws: { git: boolean; files: Record<string, string>; changes?: Record<string, string> }): void {
  writeFiles(run, ws.files);
  if (ws.git) commitFixture(run);
  writeFiles(run, ws.changes ?? {});
}

function commitFixture(run: RunHome): void {
  const git = (...args: string[]) =>
    execFileSync('git', args, { cwd: run.workspace, env: { ...process.env, ...GIT_ENV, HOME: run.home }, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '--allow-empty', '-m', 'fixture');
}
