// `csm features list|enable|disable`: the feature flags csm itself reads, their stage and state
// (config.toml with -c/--enable/--disable applied), and turning one on or off in config.toml with
// its comments and layout kept.
import path from 'node:path';
import { ConfigError, loadConfig, resolveCodexHome } from '../core/config/index.ts';
import { editConfigFile } from '../core/config/edit.ts';

export interface Feature {
  name: string;
  stage: 'stable' | 'experimental' | 'under development' | 'deprecated' | 'removed';
  /** on when config.toml does not say */
  default: boolean;
}

/** The features csm acts on. codex has many more; csm lists only those it honours. */
export const FEATURES: Feature[] = [{ name: 'unbounded_connection_retries', stage: 'stable', default: true }];

const err = (line: string) => process.stderr.write(`${line}\n`);

export function featureTable(features: Record<string, boolean>): string {
  return FEATURES.map((f) => `${f.name.padEnd(41)}${f.stage.padEnd(19)}${features[f.name] ?? f.default}`).join('\n') + '\n';
}

export function listFeatures(o: { config?: string[]; enable?: string[]; disable?: string[] }): number {
  try {
    const cfg = loadConfig({ codexHome: resolveCodexHome(), cwd: process.cwd(), overrides: o.config, enable: o.enable, disable: o.disable });
    process.stdout.write(featureTable(cfg.features));
    return 0;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    err(`Error loading config.toml: ${e.message}`);
    return 1;
  }
}

export function setFeature(name: string, on: boolean, codexHome = resolveCodexHome()): number {
  if (!FEATURES.some((f) => f.name === name)) {
    err(`Error: Unknown feature flag: ${name} (csm knows: ${FEATURES.map((f) => f.name).join(', ')})`);
    return 1;
  }
  try {
    editConfigFile(path.join(codexHome, 'config.toml'), ['features', name], on);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    err(`Error: ${e.message}`);
    return 1;
  }
  process.stdout.write(`${on ? 'Enabled' : 'Disabled'} feature \`${name}\` in config.toml.\n`);
  return 0;
}
