// What the command line gives every front end (exec, the TUI), and the config it resolves to.
import { loadConfig, type ResolvedConfig } from '../core/config/index.ts';
import type { SessionTarget } from './session.ts';

/** Codex's shared options, as commander hands them over. */
export interface FrontEndArgs {
  model?: string;
  sandbox?: string;
  profile?: string;
  config: string[];
  enable: string[];
  disable: string[];
  cd?: string;
  addDir: string[];
  target: SessionTarget;
  /** `--ignore-user-config`: do not read $CODEX_HOME/config.toml */
  ignoreUserConfig?: boolean;
}

/**
 * config.toml, the profile and `-c` overrides, then the command line's own flags on top (plus what
 * the front end fixes, e.g. exec's `approval_policy = never`). Throws ConfigError.
 */
export function loadFrontEndConfig(args: FrontEndArgs, cwd: string, codexHome: string, fixed: Record<string, unknown> = {}): ResolvedConfig {
  return loadConfig({
    codexHome,
    cwd,
    profile: args.profile,
    overrides: args.config,
    enable: args.enable,
    disable: args.disable,
    ignoreUserConfig: args.ignoreUserConfig,
    cli: { ...(args.model ? { model: args.model } : {}), ...(args.sandbox ? { sandbox_mode: args.sandbox as never } : {}), ...fixed },
  });
}
