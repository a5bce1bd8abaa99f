// The config layer's public surface.
export { resolveCodexHome } from './codex-home.ts';
export { ConfigError, type ConfigErrorDetails } from './config-error.ts';
export { loadConfig, type CliOverrides, type LoadConfigOptions } from './load.ts';
export type { ModelProvider } from './providers.ts';
export type { ResolvedConfig, SandboxWorkspaceWrite, ShellEnvironmentPolicy } from './resolve.ts';
export type { ProjectTrust } from './trust.ts';
export { applyShellEnvironmentPolicy, envPatternMatches, CORE_ENV_VARS, DEFAULT_ENV_EXCLUDES, DEFAULT_SHELL_ENVIRONMENT_POLICY } from './shell-env.ts';
export * from './defaults.ts';
export {
  configTomlSchema,
  type ApprovalPolicy,
  type ConfigToml,
  type McpServerToml,
  type ModelProviderToml,
  type ReasoningEffort,
  type ReasoningSummary,
  type SandboxMode,
  type TrustLevel,
  type Verbosity,
  type WireApi,
} from './schema.ts';
