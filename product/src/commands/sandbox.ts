// `csm sandbox [-P PROFILE] [-C DIR] -- CMD…`: runs a command under the same bubblewrap sandbox the
// agent's commands get, so people can see what a policy allows. Exits with the command's code.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig, resolveCodexHome, type ResolvedConfig } from '../core/config/index.ts';
import { claimMountPoints } from '../core/tools/exec/mount-points.ts';
import { wrapCommand, type SandboxPolicy } from '../core/tools/exec/sandbox.ts';

/** codex's built-in permission profiles (`:read-only`, `:workspace`, `:danger-full-access`) and the sandbox modes they are. */
export const PERMISSION_PROFILES: Record<string, SandboxPolicy['mode']> = {
  ':read-only': 'read-only',
  ':workspace': 'workspace-write',
  ':danger-full-access': 'danger-full-access',
};

export interface SandboxOptions {
  config?: string[];
  enable?: string[];
  disable?: string[];
  profile?: string;
  permissionProfile?: string;
  cd?: string;
  transparentTcp?: boolean;
  sandboxStateJson?: string;
  sandboxStateReadableRoot?: string[];
  sandboxStateDisableNetwork?: boolean;
  includeManagedConfig?: boolean;
}

const fail = (line: string, code = 1) => {
  process.stderr.write(`Error: ${line}\n`);
  return code;
};

/** The policy a run gets: the -P profile's mode, else the config's sandbox_mode, with its workspace-write settings. */
export function sandboxPolicy(cfg: ResolvedConfig, permissionProfile: string | undefined): SandboxPolicy | string {
  let mode: SandboxPolicy['mode'] = cfg.sandboxMode;
  if (permissionProfile !== undefined) {
    const named = PERMISSION_PROFILES[permissionProfile];
    if (!named) return `unknown permission profile \`${permissionProfile}\`: csm knows ${Object.keys(PERMISSION_PROFILES).join(', ')} (profiles from a [permissions] table are not in csm)`;
    mode = named;
  }
  const ww = cfg.sandboxWorkspaceWrite;
  return { mode, writableRoots: ww.writableRoots, networkAccess: ww.networkAccess, excludeSlashTmp: ww.excludeSlashTmp, excludeTmpdirEnvVar: ww.excludeTmpdirEnvVar };
}

export async function sandboxCommand(command: string[], o: SandboxOptions): Promise<number> {
  const unsupported = o.transparentTcp ? '--transparent-tcp' : o.sandboxStateJson !== undefined ? '--sandbox-state-json' : o.sandboxStateReadableRoot?.length ? '--sandbox-state-readable-root' : o.sandboxStateDisableNetwork ? '--sandbox-state-disable-network' : null;
  if (unsupported) return fail(`${unsupported} is not supported by csm: it has no network proxy or app-server sandbox state`, 2);
  if (!command.length) return fail('no command given: csm sandbox [-P PROFILE] -- COMMAND [ARGS]...', 2);
  const cwd = path.resolve(o.cd ?? process.cwd());
  let cfg: ResolvedConfig;
  try {
    cfg = loadConfig({ codexHome: resolveCodexHome(), cwd, profile: o.profile, overrides: o.config, enable: o.enable, disable: o.disable });
  } catch (e) {
    if (e instanceof ConfigError) return fail(`loading config.toml: ${e.message}`);
    throw e;
  }
  const policy = sandboxPolicy(cfg, o.permissionProfile);
  if (typeof policy === 'string') return fail(policy);
  const wrapped = wrapCommand(command, policy, { cwd, env: process.env });
  if (!wrapped.ok) return fail(wrapped.error);
  const release = claimMountPoints(wrapped.mountPoints);
  try {
    return await new Promise<number>((resolve) => {
      const child = spawn(wrapped.argv[0], wrapped.argv.slice(1), { cwd, stdio: 'inherit' });
      child.on('error', (e) => resolve(fail(`cannot run ${command[0]}: ${e.message}`, 127)));
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 + (({ SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }) as Record<string, number>)[signal] || 1 : 1)));
    });
  } finally {
    release();
  }
}
