// loadConfig: how config.toml, profiles, -c overrides and CLI flags combine into one resolved config.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './config-error.ts';
import { loadConfig, type LoadConfigOptions } from './load.ts';

/** A fresh $CODEX_HOME holding the given files (name → TOML text). */
function home(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'csm-config-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const CWD = '/work/projects/app/src';

function load(files: Record<string, string>, opts: Partial<LoadConfigOptions> = {}) {
  return loadConfig({ codexHome: home(files), cwd: CWD, ...opts });
}

function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const MOCK_CONFIG = `
model = "gpt-5.1-codex"
model_provider = "mock"

[model_providers.mock]
name = "Mock"
base_url = "http://127.0.0.1:18080/v1"
wire_api = "responses"
env_key = "MOCK_API_KEY"
`;

describe('with no config.toml', () => {
  it('uses the built-in defaults', () => {
    const config = load({});
    expect(config).toMatchObject({
      model: 'gpt-5.5',
      modelProviderId: 'openai',
      approvalPolicy: 'on-request',
      sandboxMode: 'read-only',
      trusted: false,
      projectTrust: {},
      profile: undefined,
      files: [],
      features: {},
      hideAgentReasoning: false,
      showRawAgentReasoning: false,
      projectDocMaxBytes: 32 * 1024,
      history: { persistence: 'save-all' },
      shellEnvironmentPolicy: { inherit: 'all', ignoreDefaultExcludes: true, exclude: [], set: {}, includeOnly: [], useProfile: false },
      sandboxWorkspaceWrite: { writableRoots: [], networkAccess: false, excludeTmpdirEnvVar: false, excludeSlashTmp: false },
    });
    expect(config.modelProvider).toMatchObject({
      id: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      envKey: 'OPENAI_API_KEY',
      wireApi: 'responses',
      requestMaxRetries: 4,
      streamMaxRetries: 5,
    });
  });

  it('also accepts a $CODEX_HOME that does not exist yet', () => {
    const config = loadConfig({ codexHome: join(home(), 'not-created'), cwd: CWD });
    expect(config.model).toBe('gpt-5.5');
  });
});

describe('precedence: defaults < config.toml < profile < -c < CLI flags', () => {
  const FILE = 'model = "from-file"\n[profiles.p]\nmodel = "from-profile-table"\n';
  const PROFILE_FILE = 'model = "from-profile-file"\n';

  type Case = { layers: string; files: Record<string, string>; opts: Partial<LoadConfigOptions>; model: string };
  it.each<Case>([
    { layers: 'defaults only', files: {}, opts: {}, model: 'gpt-5.5' },
    { layers: 'config.toml', files: { 'config.toml': FILE }, opts: {}, model: 'from-file' },
    { layers: '[profiles.p]', files: { 'config.toml': FILE }, opts: { profile: 'p' }, model: 'from-profile-table' },
    {
      layers: 'p.config.toml over [profiles.p]',
      files: { 'config.toml': FILE, 'p.config.toml': PROFILE_FILE },
      opts: { profile: 'p' },
      model: 'from-profile-file',
    },
    {
      layers: '-c over the profile',
      files: { 'config.toml': FILE, 'p.config.toml': PROFILE_FILE },
      opts: { profile: 'p', overrides: ['model=from-c'] },
      model: 'from-c',
    },
    {
      layers: 'CLI flag over -c',
      files: { 'config.toml': FILE, 'p.config.toml': PROFILE_FILE },
      opts: { profile: 'p', overrides: ['model=from-c'], cli: { model: 'from-flag' } },
      model: 'from-flag',
    },
  ])('$layers → model $model', ({ files, opts, model }) => {
    expect(load(files, opts).model).toBe(model);
  });

  it('lets a later -c win over an earlier one', () => {
    expect(load({}, { overrides: ['model=a', 'model=b'] }).model).toBe('b');
  });

  it('ignores CLI flags that were not given (undefined)', () => {
    expect(load({ 'config.toml': 'model = "m"' }, { cli: { model: undefined, sandbox_mode: undefined } }).model).toBe('m');
  });

  it('merges tables across layers instead of replacing them', () => {
    const config = load(
      { 'config.toml': '[tui]\nanimations = false\ntheme = "dark"\n' },
      { overrides: ['tui.theme="light"'] },
    );
    expect(config.tui).toEqual({ animations: false, theme: 'light' });
  });

  it('turns features on and off with --enable/--disable above -c', () => {
    const config = load(
      { 'config.toml': '[features]\nundo = false\nshell_snapshot = true\nmemories = true\n' },
      { overrides: ['features.undo=false'], enable: ['undo', 'goals'], disable: ['shell_snapshot'] },
    );
    expect(config.features).toEqual({ undo: true, goals: true, shell_snapshot: false, memories: true });
  });

  it('maps dedicated flags such as -s and -a over config.toml', () => {
    const config = load(
      { 'config.toml': 'sandbox_mode = "read-only"\napproval_policy = "untrusted"\n' },
      { cli: { sandbox_mode: 'danger-full-access', approval_policy: 'never' } },
    );
    expect(config).toMatchObject({ sandboxMode: 'danger-full-access', approvalPolicy: 'never' });
  });
});

describe('-c key=value', () => {
  it('parses the value as TOML', () => {
    const config = load(
      { 'config.toml': MOCK_CONFIG },
      {
        overrides: [
          'model="gpt-5.5"',
          'model_providers.mock.request_max_retries=0',
          'model_providers.mock.http_headers={X-Test="1"}',
          'sandbox_workspace_write.writable_roots=["/a","/b"]',
        ],
      },
    );
    expect(config.model).toBe('gpt-5.5');
    expect(config.modelProvider).toMatchObject({ id: 'mock', requestMaxRetries: 0, httpHeaders: { 'X-Test': '1' } });
    expect(config.sandboxWorkspaceWrite.writableRoots).toEqual(['/a', '/b']);
  });

  it('takes a value that is not TOML as a literal string', () => {
    expect(load({}, { overrides: ['model=gpt-5.5'] }).model).toBe('gpt-5.5');
    expect(load({}, { overrides: ['openai_base_url=http://127.0.0.1:18080/v1'] }).modelProvider.baseUrl).toBe(
      'http://127.0.0.1:18080/v1',
    );
  });

  it('accepts quoted segments in the dotted key', () => {
    const config = load({}, { overrides: [`projects."${CWD}".trust_level="trusted"`] });
    expect(config.trusted).toBe(true);
  });

  it('can define a whole provider inline', () => {
    const config = load(
      {},
      { overrides: ['model_provider=router', 'model_providers.router={ name="R", base_url="https://r.example/v1", env_key="R_KEY" }'] },
    );
    expect(config.modelProvider).toMatchObject({ id: 'router', name: 'R', baseUrl: 'https://r.example/v1', envKey: 'R_KEY' });
  });

  it('reports a value of the wrong type as coming from -c', () => {
    expect(errorOf(() => load({ 'config.toml': MOCK_CONFIG }, { overrides: ['model_providers.mock.request_max_retries=many'] })).message).toBe(
      '-c override: model_providers.mock.request_max_retries: expected number, received string',
    );
  });

  it('reports an argument without =', () => {
    expect(errorOf(() => load({}, { overrides: ['model'] })).message).toBe('-c model: expected key=value');
  });
});

describe('profiles', () => {
  it('override only the keys they set', () => {
    const config = load({
      'config.toml': `profile = "quick"\nmodel_verbosity = "low"\n${MOCK_CONFIG}\n[profiles.quick]\nmodel_reasoning_effort = "low"\n`,
    });
    expect(config).toMatchObject({ profile: 'quick', model: 'gpt-5.1-codex', modelReasoningEffort: 'low', modelVerbosity: 'low' });
  });

  it('leave alone keys that profiles do not support', () => {
    const config = load({ 'config.toml': 'hide_agent_reasoning = false\n[profiles.p]\nhide_agent_reasoning = true\n' }, { profile: 'p' });
    expect(config.hideAgentReasoning).toBe(false);
  });

  it('are chosen by --profile over the profile key', () => {
    const config = load(
      { 'config.toml': 'profile = "a"\n[profiles.a]\nmodel = "ma"\n[profiles.b]\nmodel = "mb"\n' },
      { profile: 'b' },
    );
    expect(config).toMatchObject({ profile: 'b', model: 'mb' });
  });

  it('can be chosen and edited with -c', () => {
    const config = load({ 'config.toml': '[profiles.a]\nmodel = "ma"\n' }, { overrides: ['profile=a', 'profiles.a.model=edited'] });
    expect(config).toMatchObject({ profile: 'a', model: 'edited' });
  });

  it('layer $CODEX_HOME/NAME.config.toml on top, which may set any key', () => {
    const codexHome = home({
      'config.toml': `${MOCK_CONFIG}\n[profiles.ci]\nmodel = "from-table"\napproval_policy = "never"\n`,
      'ci.config.toml': 'model = "from-file"\n[model_providers.mock]\nstream_max_retries = 1\n',
    });
    const config = loadConfig({ codexHome, cwd: CWD, profile: 'ci' });
    expect(config).toMatchObject({ model: 'from-file', approvalPolicy: 'never' });
    expect(config.modelProvider).toMatchObject({ id: 'mock', baseUrl: 'http://127.0.0.1:18080/v1', streamMaxRetries: 1 });
    expect(config.files).toEqual([join(codexHome, 'config.toml'), join(codexHome, 'ci.config.toml')]);
  });

  it('exist when only the NAME.config.toml file exists', () => {
    expect(load({ 'solo.config.toml': 'model = "solo"' }, { profile: 'solo' }).model).toBe('solo');
  });

  it('are an error when unknown, naming the profile', () => {
    const error = errorOf(() => load({ 'config.toml': '[profiles.a]\nmodel = "x"\n' }, { profile: 'nope' }));
    expect(error.message).toMatch(/^config profile `nope` not found/);
    expect(errorOf(() => load({ 'config.toml': 'profile = "gone"' })).message).toMatch(/^config profile `gone` not found/);
  });

  it('refuse names that would read a file outside $CODEX_HOME', () => {
    expect(errorOf(() => load({}, { profile: '../evil' })).message).toMatch(/not a valid profile name/);
  });

  it('report a bad key in NAME.config.toml against that file', () => {
    const codexHome = home({ 'p.config.toml': 'model_verbosity = 3' });
    expect(errorOf(() => loadConfig({ codexHome, cwd: CWD, profile: 'p' })).message).toBe(
      `${join(codexHome, 'p.config.toml')}: model_verbosity: expected one of "low" | "medium" | "high", received 3`,
    );
  });
});

describe('errors in config.toml', () => {
  it('name the file, the dotted key and the expected type', () => {
    const codexHome = home({ 'config.toml': `${MOCK_CONFIG}request_max_retries = "3"\n` });
    const error = errorOf(() => loadConfig({ codexHome, cwd: CWD }));
    expect(error.message).toBe(`${codexHome}/config.toml: model_providers.mock.request_max_retries: expected number, received string`);
    expect(error).toMatchObject({ source: `${codexHome}/config.toml`, key: 'model_providers.mock.request_max_retries' });
  });

  it('name the file and line of a TOML syntax error', () => {
    const codexHome = home({ 'config.toml': 'model = "a"\n\n[model_providers.mock\nname = "x"\n' });
    const error = errorOf(() => loadConfig({ codexHome, cwd: CWD }));
    expect(error.message.split('\n')[0]).toMatch(new RegExp(`^${codexHome}/config.toml:3:\\d+: `));
    expect(error.line).toBe(3);
  });

  it('are raised for an unknown model_provider', () => {
    expect(errorOf(() => load({ 'config.toml': 'model_provider = "nowhere"' })).message).toBe(
      'model_provider: model provider `nowhere` not found (known: lmstudio, ollama, openai)',
    );
  });
});

describe('unknown keys', () => {
  it('are tolerated and kept in the merged document', () => {
    const config = load({
      'config.toml': `review_model = "gpt-5"\n${MOCK_CONFIG}supports_websockets = false\n[otel]\nexporter = "none"\n`,
    });
    expect(config.modelProviderId).toBe('mock');
    expect(config.toml).toMatchObject({
      review_model: 'gpt-5',
      otel: { exporter: 'none' },
      model_providers: { mock: { supports_websockets: false } },
    });
  });
});

describe('project trust', () => {
  const trust = (level: string, path = '/work/projects/app') => `[projects."${path}"]\ntrust_level = "${level}"\n`;

  it('applies to the cwd through a trusted ancestor, defaulting the sandbox to workspace-write', () => {
    const config = load({ 'config.toml': trust('trusted') });
    expect(config).toMatchObject({
      trusted: true,
      projectTrust: { level: 'trusted', project: '/work/projects/app' },
      sandboxMode: 'workspace-write',
      approvalPolicy: 'on-request',
    });
  });

  it('keeps read-only for a cwd outside any listed project', () => {
    const config = load({ 'config.toml': trust('trusted', '/work/other') });
    expect(config).toMatchObject({ trusted: false, sandboxMode: 'read-only', approvalPolicy: 'on-request' });
  });

  it('asks for approval of untrusted commands in an untrusted project (as upstream)', () => {
    const config = load({ 'config.toml': trust('untrusted') });
    expect(config).toMatchObject({ trusted: false, projectTrust: { level: 'untrusted' }, approvalPolicy: 'untrusted', sandboxMode: 'workspace-write' });
  });

  it('never overrides an explicit sandbox_mode or approval_policy', () => {
    const config = load({ 'config.toml': `sandbox_mode = "read-only"\napproval_policy = "never"\n${trust('trusted')}` });
    expect(config).toMatchObject({ trusted: true, sandboxMode: 'read-only', approvalPolicy: 'never' });
  });

  it('uses the real cwd on disk too', () => {
    const root = mkdtempSync(join(tmpdir(), 'csm-trust-cwd-'));
    mkdirSync(join(root, 'repo', 'pkg'), { recursive: true });
    const codexHome = home({ 'config.toml': trust('trusted', join(root, 'repo')) });
    expect(loadConfig({ codexHome, cwd: join(root, 'repo', 'pkg') }).trusted).toBe(true);
  });
});

describe('model providers', () => {
  it('default to the built-in openai provider, pointed elsewhere by openai_base_url', () => {
    const config = load({ 'config.toml': 'openai_base_url = "http://127.0.0.1:18080/v1"' });
    expect(config.modelProvider).toMatchObject({
      id: 'openai',
      baseUrl: 'http://127.0.0.1:18080/v1',
      envKey: 'OPENAI_API_KEY',
      wireApi: 'responses',
      builtIn: true,
    });
  });

  it('select a user provider by model_provider, with upstream retry defaults', () => {
    const config = load({ 'config.toml': MOCK_CONFIG });
    expect(config.modelProvider).toMatchObject({
      id: 'mock',
      name: 'Mock',
      baseUrl: 'http://127.0.0.1:18080/v1',
      envKey: 'MOCK_API_KEY',
      requestMaxRetries: 4,
      streamMaxRetries: 5,
      streamIdleTimeoutMs: 300_000,
      builtIn: false,
    });
    expect(Object.keys(config.modelProviders).sort()).toEqual(['lmstudio', 'mock', 'ollama', 'openai']);
  });

  it('refuse a [model_providers.openai] table', () => {
    expect(errorOf(() => load({ 'config.toml': '[model_providers.openai]\nname = "mine"' })).key).toBe('model_providers.openai');
  });
});
