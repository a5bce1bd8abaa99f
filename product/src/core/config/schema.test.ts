// What config.toml may contain, as checked by validateConfigToml against the schema.
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.ts';
import { validateConfigToml } from './validate.ts';

const FILE = '/home/ana/.codex/config.toml';
const check = (toml: string) => validateConfigToml(parse(toml), FILE);
const errorOf = (toml: string): ConfigError => {
  try {
    check(toml);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
};

const DAILY_CONFIG = `
model = "gpt-5.1-codex"
model_provider = "mock"
model_reasoning_effort = "high"
model_reasoning_summary = "concise"
model_verbosity = "low"
openai_base_url = "http://127.0.0.1:18080/v1"
approval_policy = "on-request"
sandbox_mode = "workspace-write"
hide_agent_reasoning = true
show_raw_agent_reasoning = false
project_doc_max_bytes = 65536
instructions = "be brief"
developer_instructions = "use tabs"
profile = "fast"

[model_providers.mock]
name = "Mock"
base_url = "http://127.0.0.1:18080/v1"
wire_api = "responses"
env_key = "MOCK_API_KEY"
env_key_instructions = "export MOCK_API_KEY=…"
request_max_retries = 0
stream_max_retries = 2
stream_idle_timeout_ms = 1000
query_params = { "api-version" = "2025-04-01" }
http_headers = { "X-Team" = "core" }
env_http_headers = { "X-Org" = "ORG_ID" }

[sandbox_workspace_write]
writable_roots = ["/tmp/extra"]
network_access = true
exclude_tmpdir_env_var = false
exclude_slash_tmp = true

[profiles.fast]
model = "gpt-5.5"
model_reasoning_effort = "low"
approval_policy = "never"

[projects."/home/ana/src/app"]
trust_level = "trusted"

[features]
undo = true
web_search_request = false

[mcp_servers.docs]
command = "npx"
args = ["-y", "docs-mcp"]
env = { TOKEN = "t" }
cwd = "/srv"
enabled = true
startup_timeout_sec = 20
tool_timeout_sec = 60.5

[mcp_servers.remote]
url = "https://mcp.example.com/mcp"
bearer_token_env_var = "MCP_TOKEN"

[shell_environment_policy]
inherit = "core"
ignore_default_excludes = true
exclude = ["AWS_*"]
set = { CI = "1" }
include_only = ["PATH", "HOME"]

[history]
persistence = "none"
max_bytes = 1048576

[tui]
animations = false
notifications = ["agent-turn-complete"]

[notice]
hide_full_access_warning = true
`;

describe('config.toml schema', () => {
  it('accepts every key a daily user sets', () => {
    const config = check(DAILY_CONFIG);
    expect(config.model_providers?.mock?.request_max_retries).toBe(0);
    expect(config.profiles?.fast?.approval_policy).toBe('never');
    expect(config.projects?.['/home/ana/src/app']?.trust_level).toBe('trusted');
    expect(config.mcp_servers?.docs?.args).toEqual(['-y', 'docs-mcp']);
    expect(config.tui).toEqual({ animations: false, notifications: ['agent-turn-complete'] });
  });

  it('accepts an empty file', () => {
    expect(check('')).toEqual({});
  });

  it('keeps unknown keys, at the top level and inside known tables', () => {
    const config = check(`
      future_key = "x"
      review_model = "gpt-5"
      [model_providers.mock]
      supports_websockets = false
      [otel]
      exporter = "none"
    `);
    expect(config).toMatchObject({
      future_key: 'x',
      review_model: 'gpt-5',
      otel: { exporter: 'none' },
      model_providers: { mock: { supports_websockets: false } },
    });
  });

  it('rejects a known key with the wrong type, naming the file, key and expected type', () => {
    expect(errorOf('[model_providers.mock]\nrequest_max_retries = "3"').message).toBe(
      `${FILE}: model_providers.mock.request_max_retries: expected number, received string`,
    );
  });

  it('names the offending key of nested maps and arrays', () => {
    expect(errorOf('[projects."/a/b"]\ntrust_level = true').message).toBe(
      `${FILE}: projects."/a/b".trust_level: expected one of "trusted" | "untrusted", received true`,
    );
    expect(errorOf('[mcp_servers.docs]\nargs = ["-y", 2]').message).toBe(
      `${FILE}: mcp_servers.docs.args[1]: expected string, received number`,
    );
    expect(errorOf('[features]\nundo = "yes"').message).toBe(`${FILE}: features.undo: expected boolean, received string`);
  });

  it('lists the allowed values of an enum', () => {
    expect(errorOf('sandbox_mode = "yolo"').message).toBe(
      `${FILE}: sandbox_mode: expected one of "read-only" | "workspace-write" | "danger-full-access", received "yolo"`,
    );
    expect(errorOf('approval_policy = "always"').key).toBe('approval_policy');
  });

  it('wants tables where tables go, including not a datetime', () => {
    expect(errorOf('history = "none"').message).toBe(`${FILE}: history: expected table, received string`);
    expect(errorOf('tui = 2026-01-01').message).toBe(`${FILE}: tui: expected table, received datetime`);
  });

  it('wants whole, non-negative counts', () => {
    expect(errorOf('project_doc_max_bytes = 1.5').message).toBe(`${FILE}: project_doc_max_bytes: expected integer, received float`);
    expect(errorOf('[history]\nmax_bytes = -1').message).toBe(`${FILE}: history.max_bytes: expected a value >= 0, received -1`);
  });

  it('reports every problem, one per line', () => {
    expect(errorOf('model = 1\nhide_agent_reasoning = "no"').message.split('\n')).toEqual([
      `${FILE}: model: expected string, received number`,
      `${FILE}: hide_agent_reasoning: expected boolean, received string`,
    ]);
  });

  it('refuses to redefine a built-in provider', () => {
    expect(errorOf('[model_providers.openai]\nbase_url = "http://x"').message).toBe(
      `${FILE}: model_providers.openai: \`openai\` is a built-in provider and cannot be overridden; rename your provider (for example \`openai-custom\`)`,
    );
  });

  it('checks the keys inside a profile', () => {
    expect(errorOf('[profiles.fast]\nmodel_verbosity = "loud"').key).toBe('profiles.fast.model_verbosity');
  });
});
