// Where each target's executable lives. Upstream runs as the NATIVE binary: the npm node wrapper adds
// ~70 ms per launch and would skew every timing.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type TargetName = 'upstream' | 'csm';
export const TARGETS: TargetName[] = ['upstream', 'csm'];

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface TargetCommand {
  file: string;
  args: string[];
}

export interface UpstreamBuild {
  version: string;
  binary: string;
}

const NATIVE = 'vendor/x86_64-unknown-linux-musl/bin/codex';

/** The native binary inside an installed `@openai/codex-linux-x64` package, resolved from `from`. */
function buildFrom(from: string): UpstreamBuild {
  const require = createRequire(from);
  const pkg = require.resolve('@openai/codex-linux-x64/package.json');
  const binary = path.join(path.dirname(pkg), NATIVE);
  if (!existsSync(binary)) throw new Error(`upstream codex binary not found at ${binary}; run npm ci`);
  const version = String((JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version).replace(/-linux-x64$/, '');
  return { version, binary };
}

let selected: UpstreamBuild | null = null;

/** The upstream build the lab runs: the pinned devDependency unless another was selected. */
export function currentUpstream(): UpstreamBuild {
  return (selected ??= buildFrom(import.meta.url));
}

/** Runs every later upstream invocation on `build` (`lab record --upstream <version>`). */
export function selectUpstream(build: UpstreamBuild): void {
  selected = build;
}

/** Where `installUpstream` keeps private installs of other versions. */
export function upstreamCache(version: string): string {
  return path.join(process.env.CSM_LAB_CACHE ?? path.join(os.homedir(), '.cache', 'csm-lab'), 'upstream', version);
}

/** Installs `@openai/codex@version` privately (npm, into the lab's cache) and returns its build. */
export function installUpstream(version: string): UpstreamBuild {
  if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(version)) throw new Error(`not a version: ${version}`);
  const dir = upstreamCache(version);
  const marker = path.join(dir, 'package.json');
  if (!existsSync(path.join(dir, 'node_modules/@openai/codex-linux-x64', NATIVE))) {
    mkdirSync(dir, { recursive: true });
    if (!existsSync(marker)) writeFileSync(marker, JSON.stringify({ private: true }) + '\n');
    execFileSync('npm', ['install', '--no-audit', '--no-fund', '--save-exact', `@openai/codex@${version}`], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const build = buildFrom(marker);
  if (build.version !== version) throw new Error(`installed ${build.version}, asked for ${version}`);
  return build;
}

export function upstreamBinary(): string {
  return currentUpstream().binary;
}

export function csmBundle(): string {
  const bundle = path.join(repoRoot, 'dist/csm.mjs');
  if (!existsSync(bundle)) throw new Error(`csm bundle not found at ${bundle}; run npm run build`);
  return bundle;
}

export function targetCommand(target: TargetName, argv: string[]): TargetCommand {
  if (target === 'upstream') return { file: upstreamBinary(), args: argv };
  return { file: process.execPath, args: [csmBundle(), ...argv] };
}

export function parseTarget(value: string): TargetName {
  if (value === 'upstream' || value === 'csm') return value;
  throw new Error(`unknown target "${value}": expected upstream or csm`);
}
