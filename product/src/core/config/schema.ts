// The shape of `$CODEX_HOME/config.toml` (and of `<profile>.config.toml` and `-c` overrides).
// Every key is optional. Unknown keys are kept and ignored, as upstream does; a known key with the
// wrong type is an error. Sources: upstream `config_toml.rs`, `model-provider-info`, UPSTREAM_SOURCE §4.
import * as z from 'zod';
import { readKeymapConfig } from './keymap.ts';

/** TOML datetimes parse to Date objects, which zod would otherwise accept where a table is expected. */
const notADate = (value: unknown) => (value instanceof Date ? value.toISOString() : value);

/** A TOML table with these known keys; any other key is preserved untouched. */
function table<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.preprocess(notADate, z.looseObject(shape));
}

/** A TOML table used as a map from free-form names to values. */
function dict<Value extends z.ZodType>(value: Value) {
  return z.preprocess(notADate, z.record(z.string(), value));
}

const count = z.number().int().nonnegative();
const seconds = z.number().nonnegative();
const strings = z.array(z.string());
const stringMap = dict(z.string());

export const approvalPolicySchema = z.enum(['untrusted', 'on-failure', 'on-request', 'never']);
export const sandboxModeSchema = z.enum(['read-only', 'workspace-write', 'danger-full-access']);
export const reasoningEffortSchema = z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']);
export const reasoningSummarySchema = z.enum(['auto', 'concise', 'detailed', 'none']);
export const verbositySchema = z.enum(['low', 'medium', 'high']);
export const wireApiSchema = z.enum(['responses']);
export const trustLevelSchema = z.enum(['trusted', 'untrusted']);

/** Provider ids that name built-in providers; a config may not redefine them (upstream rejects it too). */
export const RESERVED_PROVIDER_IDS = ['openai', 'ollama', 'lmstudio'] as const;

export const modelProviderSchema = table({
  name: z.string().optional(),
  base_url: z.string().optional(),
  wire_api: wireApiSchema.optional(),
  env_key: z.string().optional(),
  env_key_instructions: z.string().optional(),
  request_max_retries: count.optional(),
  stream_max_retries: count.optional(),
  stream_idle_timeout_ms: count.optional(),
  query_params: stringMap.optional(),
  http_headers: stringMap.optional(),
  env_http_headers: stringMap.optional(),
});

export const sandboxWorkspaceWriteSchema = table({
  writable_roots: strings.optional(),
  network_access: z.boolean().optional(),
  exclude_tmpdir_env_var: z.boolean().optional(),
  exclude_slash_tmp: z.boolean().optional(),
});

export const projectSchema = table({
  trust_level: trustLevelSchema.optional(),
});

export const mcpServerSchema = table({
  command: z.string().optional(),
  args: strings.optional(),
  env: stringMap.optional(),
  cwd: z.string().optional(),
  url: z.string().optional(),
  bearer_token_env_var: z.string().optional(),
  enabled: z.boolean().optional(),
  startup_timeout_sec: seconds.optional(),
  tool_timeout_sec: seconds.optional(),
});

export const shellEnvironmentPolicySchema = table({
  inherit: z.enum(['all', 'core', 'none']).optional(),
  ignore_default_excludes: z.boolean().optional(),
  exclude: strings.optional(),
  set: stringMap.optional(),
  include_only: strings.optional(),
  experimental_use_profile: z.boolean().optional(),
});

export const historySchema = table({
  persistence: z.enum(['save-all', 'none']).optional(),
  max_bytes: count.optional(),
});

export const featuresSchema = dict(z.boolean());

/** The keys a `[profiles.<name>]` table may set; they override the same top-level keys. */
export const profileShape = {
  model: z.string().optional(),
  model_provider: z.string().optional(),
  model_reasoning_effort: reasoningEffortSchema.optional(),
  model_reasoning_summary: reasoningSummarySchema.optional(),
  model_verbosity: verbositySchema.optional(),
  /** tokens the model's context holds (upstream knows it per model; gpt-5.5: 258,400) */
  model_context_window: z.number().int().positive().optional(),
  /** tokens in context at which the thread compacts on its own (capped at 90% of the window) */
  model_auto_compact_token_limit: z.number().int().optional(),
  approval_policy: approvalPolicySchema.optional(),
  sandbox_mode: sandboxModeSchema.optional(),
  features: featuresSchema.optional(),
};
export const PROFILE_KEYS = Object.keys(profileShape) as (keyof typeof profileShape)[];
export const profileSchema = table(profileShape);

export const configTomlSchema = table({
  ...profileShape,
  /** Default profile when `--profile` is not given. */
  profile: z.string().optional(),
  openai_base_url: z.string().optional(),
  model_providers: dict(modelProviderSchema)
    .superRefine((providers, ctx) => {
      for (const id of RESERVED_PROVIDER_IDS) {
        if (Object.hasOwn(providers, id)) {
          ctx.addIssue({
            code: 'custom',
            path: [id],
            message: `\`${id}\` is a built-in provider and cannot be overridden; rename your provider (for example \`${id}-custom\`)`,
          });
        }
      }
    })
    .optional(),
  sandbox_workspace_write: sandboxWorkspaceWriteSchema.optional(),
  profiles: dict(profileSchema).optional(),
  projects: dict(projectSchema).optional(),
  mcp_servers: dict(mcpServerSchema).optional(),
  shell_environment_policy: shellEnvironmentPolicySchema.optional(),
  history: historySchema.optional(),
  tui: dict(z.unknown())
    .superRefine((tui, ctx) => {
      // `[tui.keymap.*]`: an unknown action or a key spec that cannot be read names its key.
      for (const p of readKeymapConfig(tui.keymap).problems) ctx.addIssue({ code: 'custom', path: ['keymap', ...p.path], message: p.message });
    })
    .optional(),
  notice: dict(z.unknown()).optional(),
  hide_agent_reasoning: z.boolean().optional(),
  show_raw_agent_reasoning: z.boolean().optional(),
  project_doc_max_bytes: count.optional(),
  instructions: z.string().optional(),
  developer_instructions: z.string().optional(),
});

export type ConfigToml = z.infer<typeof configTomlSchema>;
export type ProfileToml = z.infer<typeof profileSchema>;
export type ModelProviderToml = z.infer<typeof modelProviderSchema>;
export type McpServerToml = z.infer<typeof mcpServerSchema>;
export type ShellEnvironmentPolicyToml = z.infer<typeof shellEnvironmentPolicySchema>;
export type ApprovalPolicy = z.infer<typeof approvalPolicySchema>;
export type SandboxMode = z.infer<typeof sandboxModeSchema>;
export type ReasoningEffort = z.infer<typeof reasoningEffortSchema>;
export type ReasoningSummary = z.infer<typeof reasoningSummarySchema>;
export type Verbosity = z.infer<typeof verbositySchema>;
export type WireApi = z.infer<typeof wireApiSchema>;
export type TrustLevel = z.infer<typeof trustLevelSchema>;
