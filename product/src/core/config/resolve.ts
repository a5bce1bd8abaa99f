// From the merged config document to the settings the rest of csm uses: defaults filled in, the
// effective provider looked up, and the sandbox and approval defaults derived from project trust.
import { ConfigError } from './config-error.ts';
import { DEFAULT_MODEL, DEFAULT_MODEL_PROVIDER, DEFAULT_PROJECT_DOC_MAX_BYTES } from './defaults.ts';
import { resolveModelProviders, type ModelProvider } from './providers.ts';
import type {
  ApprovalPolicy,
  ConfigToml,
  McpServerToml,
  ReasoningEffort,
  ReasoningSummary,
  SandboxMode,
  Verbosity,
} from './schema.ts';
import { resolveProjectTrust, type ProjectTrust } from './trust.ts';

export interface SandboxWorkspaceWrite {
  writableRoots: string[];
  networkAccess: boolean;
  excludeTmpdirEnvVar: boolean;
  excludeSlashTmp: boolean;
}

/** `[shell_environment_policy]` with upstream's defaults filled in; applied by `shell-env.ts`. */
export interface ShellEnvironmentPolicy {
  inherit: 'all' | 'core' | 'none';
  /** Keep names matching *KEY*, *SECRET*, *TOKEN*; true unless configured otherwise, as upstream. */
  ignoreDefaultExcludes: boolean;
  exclude: string[];
  set: Record<string, string>;
  includeOnly: string[];
  /** `experimental_use_profile`: upstream honours it only in its legacy shell tool, not exec_command. */
  useProfile: boolean;
}

/** The context window upstream's model catalog gives the models csm is used with (gpt-5.5). */
export const DEFAULT_CONTEXT_WINDOW = 258_400;

export interface ResolvedConfig {
  codexHome: string;
  cwd: string;
  /** The active profile, from `--profile` or the `profile` key. */
  profile?: string;
  /** Config files that were read, lowest layer first. */
  files: string[];

  model: string;
  modelProviderId: string;
  /** The provider requests go to. */
  modelProvider: ModelProvider;
  /** Every known provider: built-ins plus `[model_providers.*]`. */
  modelProviders: Record<string, ModelProvider>;
  modelReasoningEffort?: ReasoningEffort;
  modelReasoningSummary?: ReasoningSummary;
  modelVerbosity?: Verbosity;
  /** The model's context window in tokens. */
  modelContextWindow: number;
  /** `model_auto_compact_token_limit` as written (see core/agent/compact.ts for the limit applied). */
  modelAutoCompactTokenLimit?: number;

  approvalPolicy: ApprovalPolicy;
  sandboxMode: SandboxMode;
  sandboxWorkspaceWrite: SandboxWorkspaceWrite;
  /** The `[projects]` decision covering the cwd (the cwd itself or its nearest listed ancestor). */
  projectTrust: ProjectTrust;
  /** Shorthand for `projectTrust.level === 'trusted'`. */
  trusted: boolean;

  features: Record<string, boolean>;
  mcpServers: Record<string, McpServerToml>;
  shellEnvironmentPolicy: ShellEnvironmentPolicy;
  history: { persistence: 'save-all' | 'none'; maxBytes?: number };
  hideAgentReasoning: boolean;
  showRawAgentReasoning: boolean;
  projectDocMaxBytes: number;
  instructions?: string;
  developerInstructions?: string;
  tui: Record<string, unknown>;
  notice: Record<string, unknown>;

  /** The merged document, every key as written (unknown keys included). */
  toml: ConfigToml;
}

export interface ResolveContext {
  codexHome: string;
  cwd: string;
  profile?: string;
  files: string[];
}

export function resolveConfig(toml: ConfigToml, context: ResolveContext): ResolvedConfig {
  const modelProviders = resolveModelProviders(toml);
  const modelProviderId = toml.model_provider ?? DEFAULT_MODEL_PROVIDER;
  const modelProvider = modelProviders[modelProviderId];
  if (!modelProvider) {
    const known = Object.keys(modelProviders).sort().join(', ');
    throw new ConfigError(`model_provider: model provider \`${modelProviderId}\` not found (known: ${known})`, {
      key: 'model_provider',
    });
  }
  const projectTrust = resolveProjectTrust(toml.projects, context.cwd);
  const sww = toml.sandbox_workspace_write ?? {};
  const shell = toml.shell_environment_policy ?? {};

  return {
    codexHome: context.codexHome,
    cwd: context.cwd,
    profile: context.profile,
    files: context.files,
    model: toml.model ?? DEFAULT_MODEL,
    modelProviderId,
    modelProvider,
    modelProviders,
    modelReasoningEffort: toml.model_reasoning_effort,
    modelReasoningSummary: toml.model_reasoning_summary,
    modelVerbosity: toml.model_verbosity,
    modelContextWindow: toml.model_context_window ?? DEFAULT_CONTEXT_WINDOW,
    modelAutoCompactTokenLimit: toml.model_auto_compact_token_limit,
    // Upstream: a project with a trust decision (either way) gets workspace-write; an untrusted one
    // asks before anything that is not known to be safe.
    approvalPolicy: toml.approval_policy ?? (projectTrust.level === 'untrusted' ? 'untrusted' : 'on-request'),
    sandboxMode: toml.sandbox_mode ?? (projectTrust.level ? 'workspace-write' : 'read-only'),
    sandboxWorkspaceWrite: {
      writableRoots: sww.writable_roots ?? [],
      networkAccess: sww.network_access ?? false,
      excludeTmpdirEnvVar: sww.exclude_tmpdir_env_var ?? false,
      excludeSlashTmp: sww.exclude_slash_tmp ?? false,
    },
    projectTrust,
    trusted: projectTrust.level === 'trusted',
    features: { ...toml.features },
    mcpServers: { ...toml.mcp_servers },
    shellEnvironmentPolicy: {
      inherit: shell.inherit ?? 'all',
      ignoreDefaultExcludes: shell.ignore_default_excludes ?? true,
      exclude: shell.exclude ?? [],
      set: { ...shell.set },
      includeOnly: shell.include_only ?? [],
      useProfile: shell.experimental_use_profile ?? false,
    },
    history: { persistence: toml.history?.persistence ?? 'save-all', maxBytes: toml.history?.max_bytes },
    hideAgentReasoning: toml.hide_agent_reasoning ?? false,
    showRawAgentReasoning: toml.show_raw_agent_reasoning ?? false,
    projectDocMaxBytes: toml.project_doc_max_bytes ?? DEFAULT_PROJECT_DOC_MAX_BYTES,
    instructions: toml.instructions,
    developerInstructions: toml.developer_instructions,
    tui: { ...toml.tui },
    notice: { ...toml.notice },
    toml,
  };
}
