// config/read's answer from a CODEX_HOME's config.toml and the server's -c overrides, as upstream's
// 0.171.0 gives it (the lab's appserver-tui-startup holds the whole answer against upstream's).
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../core/config/index.ts';
import { readConfig } from './config-read.ts';
import { checkOutgoing } from './protocol-check.ts';

let home: string | null = null;
afterEach(() => {
  if (home) rmSync(home, { recursive: true, force: true });
  home = null;
});

function withConfig(toml: string | null): string {
  home = mkdtempSync(path.join(tmpdir(), 'csm-config-read-'));
  if (toml !== null) writeFileSync(path.join(home, 'config.toml'), toml);
  return home;
}

const CONFIG = `model = "gpt-5.5"
model_reasoning_effort = "high"

[model_providers.mock]
name = "Mock"
base_url = "http://127.0.0.1:9/v1"
env_key = "MOCK_API_KEY"

[shell_environment_policy]
exclude = ["AWS_*"]

[mcp_servers.files]
command = "npx"
args = ["-y", "files"]

[tui]
animations = false
`;

const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

describe('config/read', () => {
  it('holds every key csm honours: as a layer set it, else as upstream shows it unset', () => {
    const { config } = readConfig({ codexHome: withConfig(CONFIG), overrides: [], includeLayers: false });
    expect(config).toMatchObject({
      model: 'gpt-5.5',
      model_reasoning_effort: 'high',
      approval_policy: null,
      sandbox_mode: null,
      sandbox_workspace_write: null,
      profile: null,
      profiles: {},
      features: {},
      hide_agent_reasoning: false,
      project_doc_max_bytes: 32768,
      history: { persistence: 'save-all', max_bytes: null },
      shell_environment_policy: { inherit: null, ignore_default_excludes: null, exclude: ['AWS_*'], set: null, include_only: null, experimental_use_profile: null },
      mcp_servers: { files: { command: 'npx', args: ['-y', 'files'], enabled: true, tool_timeout_sec: null } },
      tui: { animations: false },
    });
    expect(config.model_providers).toEqual({
      mock: { name: 'Mock', base_url: 'http://127.0.0.1:9/v1', wire_api: null, env_key: 'MOCK_API_KEY', env_key_instructions: null, request_max_retries: null, stream_max_retries: null, stream_idle_timeout_ms: null, query_params: null, http_headers: null, env_http_headers: null },
    });
    // nothing csm does not have
    expect(config).not.toHaveProperty('file_opener');
    expect(Object.keys(config)).toHaveLength(26);
  });

  it('names its layers highest first (-c overrides as session flags, then config.toml), each versioned by its content, and which one set each value', () => {
    const codexHome = withConfig(CONFIG);
    const r = readConfig({ codexHome, overrides: ['sandbox_workspace_write.writable_roots=["/tmp/a"]', 'model="gpt-5.4"', 'file_opener="cursor"'], includeLayers: true });
    const user = { type: 'user', file: path.join(codexHome, 'config.toml'), profile: null };
    expect(r.layers!.map((l) => l.name)).toEqual([{ type: 'sessionFlags' }, user]);
    expect(r.layers![0]).toEqual({
      name: { type: 'sessionFlags' },
      config: { sandbox_workspace_write: { writable_roots: ['/tmp/a'] }, model: 'gpt-5.4', file_opener: 'cursor' },
      version: sha256('{"file_opener":"cursor","model":"gpt-5.4","sandbox_workspace_write":{"writable_roots":["/tmp/a"]}}'),
    });
    // A table a layer sets shows the defaults of the keys it leaves out.
    expect(r.config).toMatchObject({ model: 'gpt-5.4', sandbox_workspace_write: { writable_roots: ['/tmp/a'], network_access: false, exclude_tmpdir_env_var: false, exclude_slash_tmp: false } });
    const flags = { name: { type: 'sessionFlags' }, version: r.layers![0].version };
    const file = { name: user, version: r.layers![1].version };
    expect(r.origins).toEqual({
      model: flags,
      model_reasoning_effort: file,
      'model_providers.mock.name': file,
      'model_providers.mock.base_url': file,
      'model_providers.mock.env_key': file,
      'shell_environment_policy.exclude.0': file,
      'mcp_servers.files.command': file,
      'mcp_servers.files.args.0': file,
      'mcp_servers.files.args.1': file,
      'tui.animations': file,
      'sandbox_workspace_write.writable_roots.0': flags,
    });
    expect(checkOutgoing({ id: 1, result: r }, 'config/read')).toBeNull();
  });

  it('a home with no config.toml has an empty user layer and no layers unless asked', () => {
    const r = readConfig({ codexHome: withConfig(null), overrides: [], includeLayers: true });
    expect(r.layers).toEqual([{ name: expect.objectContaining({ type: 'user' }), config: {}, version: sha256('{}') }]);
    expect(r.origins).toEqual({});
    expect(readConfig({ codexHome: home!, overrides: [], includeLayers: false })).not.toHaveProperty('layers');
  });

  it('a key of the wrong type is refused, naming where it came from', () => {
    expect(() => readConfig({ codexHome: withConfig('model_reasoning_effort = 3\n'), overrides: [], includeLayers: false })).toThrow(ConfigError);
    expect(() => readConfig({ codexHome: withConfig(''), overrides: ['approval_policy="sometimes"'], includeLayers: false })).toThrow(/-c override/);
  });
});
