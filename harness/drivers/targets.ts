// Where each target's executable lives. Upstream runs as the NATIVE binary: the npm node wrapper adds
// ~70 ms per launch and would skew every timing.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type TargetName = 'upstream' | 'csm';
export const TARGETS: TargetName[] = ['upstream', 'csm'];

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface TargetCommand {
  file: string;
  args: string[];
}

export function upstreamBinary(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@openai/codex-linux-x64/package.json');
  const bin = path.join(path.dirname(pkg), 'vendor/x86_64-unknown-linux-musl/bin/codex');
  if (!existsSync(bin)) throw new Error(`upstream codex binary not found at ${bin}; run npm ci`);
  return bin;
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
