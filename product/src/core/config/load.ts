// Loading the config: read the layers, check each against the schema (so an error names the layer
// it came from), merge them and resolve. Lowest to highest precedence:
//   built-in defaults → $CODEX_HOME/config.toml → profile ([profiles.NAME], then
//   $CODEX_HOME/NAME.config.toml) → `-c key=value` → dedicated CLI flags (incl. --enable/--disable).
import { join } from 'node:path';
import { ConfigError } from './config-error.ts';
import { isTable, mergeLayers, mergeTables, type Table } from './merge.ts';
import { overridesToTable, parseOverride } from './overrides.ts';
import { resolveConfig, type ResolvedConfig } from './resolve.ts';
import { PROFILE_KEYS, type ConfigToml } from './schema.ts';
import { readTomlFile } from './toml-file.ts';
import { validateConfigToml } from './validate.ts';

/** Dedicated CLI flags (`-m`, `-s`, `-a`, `--oss`, …) already mapped to config keys. Undefined values are ignored. */
export type CliOverrides = Partial<ConfigToml>;

export interface LoadConfigOptions {
  codexHome: string;
  cwd: string;
  /** `-p/--profile NAME`; otherwise the config's own `profile` key, if any. */
  profile?: string;
  /** `-c key=value` arguments, in command-line order. */
  overrides?: string[];
  cli?: CliOverrides;
  /** `--enable FEATURE` / `--disable FEATURE` (disable wins when both name a feature). */
  enable?: string[];
  disable?: string[];
  /** `--ignore-user-config`: config.toml is not read (profiles, -c and flags still apply). */
  ignoreUserConfig?: boolean;
}

export const CONFIG_FILE = 'config.toml';
export const OVERRIDE_SOURCE = '-c override';
export const CLI_SOURCE = 'command-line flags';

export function loadConfig(opts: LoadConfigOptions): ResolvedConfig {
  const files: string[] = [];
  const configFile = join(opts.codexHome, CONFIG_FILE);
  const base = (opts.ignoreUserConfig ? undefined : readLayer(configFile, files)) ?? {};

  const overrides = overridesToTable((opts.overrides ?? []).map(parseOverride));
  validateConfigToml(overrides, OVERRIDE_SOURCE);
  const cli = cliTable(opts);
  validateConfigToml(cli, CLI_SOURCE);

  // The profile is chosen, and its [profiles.NAME] table read, with -c already applied, so that
  // `-c profile=x` and `-c profiles.x.model=y` behave as if written in config.toml.
  const withOverrides = mergeTables(base, overrides);
  const profile = opts.profile ?? stringOrUndefined(cli.profile) ?? stringOrUndefined(withOverrides.profile);
  const profileLayers = profile === undefined ? [] : readProfile(profile, withOverrides, opts.codexHome, files);

  const merged = mergeLayers([base, ...profileLayers, overrides, cli]);
  const toml = validateConfigToml(merged, 'merged configuration');
  return resolveConfig(toml, { codexHome: opts.codexHome, cwd: opts.cwd, profile, files });
}

function readLayer(file: string, files: string[]): Table | undefined {
  const table = readTomlFile(file);
  if (table === undefined) return undefined;
  validateConfigToml(table, file);
  files.push(file);
  return table;
}

function readProfile(name: string, config: Table, codexHome: string, files: string[]): Table[] {
  if (name.length === 0 || name === '.' || name === '..' || /[\\/]/.test(name)) {
    throw new ConfigError(`config profile ${JSON.stringify(name)} is not a valid profile name`, { key: 'profile' });
  }
  const profiles = isTable(config.profiles) ? config.profiles : {};
  const table = isTable(profiles[name]) ? pickProfileKeys(profiles[name]) : undefined;
  const file = readLayer(join(codexHome, `${name}.config.toml`), files);
  if (table === undefined && file === undefined) {
    throw new ConfigError(
      `config profile \`${name}\` not found: no [profiles.${name}] in ${join(codexHome, CONFIG_FILE)} and no ${join(codexHome, `${name}.config.toml`)}`,
      { key: 'profile' },
    );
  }
  return [table, file].filter((layer): layer is Table => layer !== undefined);
}

/** A [profiles.NAME] table overrides only the keys profiles support; the rest stay where they are. */
function pickProfileKeys(profile: Table): Table {
  const out: Table = {};
  for (const key of PROFILE_KEYS) if (profile[key] !== undefined) out[key] = profile[key];
  return out;
}

function cliTable(opts: LoadConfigOptions): Table {
  const table = withoutUndefined(opts.cli ?? {});
  const features: Record<string, boolean> = {};
  for (const name of opts.enable ?? []) features[name] = true;
  for (const name of opts.disable ?? []) features[name] = false;
  return Object.keys(features).length ? mergeTables(table, { features }) : table;
}

function withoutUndefined(table: Table): Table {
  const out: Table = {};
  for (const [key, value] of Object.entries(table)) {
    if (value === undefined) continue;
    out[key] = isTable(value) ? withoutUndefined(value) : value;
  }
  return out;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
