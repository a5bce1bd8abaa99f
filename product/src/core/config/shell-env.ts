// `[shell_environment_policy]`: which of csm's own environment variables a command the model runs
// gets, in upstream's order of steps (upstream core `exec_env`):
//   1. inherit: `all` variables, the `core` ones (HOME, LOGNAME, PATH, SHELL, USER, USERNAME,
//      TMPDIR, TEMP, TMP), or `none`;
//   2. unless `ignore_default_excludes` (true by default), drop names matching *KEY*, *SECRET*, *TOKEN*;
//   3. drop names matching any `exclude` pattern;
//   4. add `set` (overriding);
//   5. when `include_only` is non-empty, keep only names matching one of its patterns.
// Patterns are globs over the whole name (`*` any run, `?` one character), case-insensitive.
import type { ShellEnvironmentPolicy } from './resolve.ts';

export const CORE_ENV_VARS = ['HOME', 'LOGNAME', 'PATH', 'SHELL', 'USER', 'USERNAME', 'TMPDIR', 'TEMP', 'TMP'] as const;
export const DEFAULT_ENV_EXCLUDES = ['*KEY*', '*SECRET*', '*TOKEN*'] as const;

/** The policy with nothing configured: every variable, credentials included (upstream's default). */
export const DEFAULT_SHELL_ENVIRONMENT_POLICY: ShellEnvironmentPolicy = {
  inherit: 'all',
  ignoreDefaultExcludes: true,
  exclude: [],
  set: {},
  includeOnly: [],
  useProfile: false,
};

const patternCache = new Map<string, RegExp>();

/** Whether `name` matches the glob `pattern` (`*`, `?`; whole name; case-insensitive). */
export function envPatternMatches(pattern: string, name: string): boolean {
  let re = patternCache.get(pattern);
  if (!re) {
    const source = [...pattern].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&'))).join('');
    re = new RegExp(`^${source}$`, 'isu');
    patternCache.set(pattern, re);
  }
  return re.test(name);
}

const matchesAny = (name: string, patterns: readonly string[]) => patterns.some((p) => envPatternMatches(p, name));

/** The variables `policy` passes on from `parent` (csm's own environment). */
export function applyShellEnvironmentPolicy(
  parent: Readonly<Record<string, string | undefined>>,
  policy: ShellEnvironmentPolicy,
): Record<string, string> {
  const core = new Set<string>(CORE_ENV_VARS);
  const env: Record<string, string> = {};
  if (policy.inherit !== 'none') {
    for (const [name, value] of Object.entries(parent)) {
      if (value === undefined) continue;
      if (policy.inherit === 'all' || core.has(name)) env[name] = value;
    }
  }
  for (const name of Object.keys(env)) {
    if ((!policy.ignoreDefaultExcludes && matchesAny(name, DEFAULT_ENV_EXCLUDES)) || matchesAny(name, policy.exclude)) delete env[name];
  }
  Object.assign(env, policy.set);
  if (policy.includeOnly.length) {
    for (const name of Object.keys(env)) if (!matchesAny(name, policy.includeOnly)) delete env[name];
  }
  return env;
}
