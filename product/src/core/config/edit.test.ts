import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';
import { describe, expect, it } from 'vitest';
import { makeWorkspace } from '#test-support/workspace';
import { editConfigFile, setTomlValue } from './edit.ts';

const CONFIG = `# my codex setup
model = "gpt-5.5"   # the default

[features]
# retries forever on a flaky network
unbounded_connection_retries = true

[projects."/home/me/app"]
trust_level = "trusted"
`;

describe('editing config.toml', () => {
  it('changes one value in place, keeping comments, spacing and the other tables', () => {
    const out = setTomlValue(CONFIG, ['features', 'unbounded_connection_retries'], false);
    expect(out).toBe(CONFIG.replace('unbounded_connection_retries = true', 'unbounded_connection_retries = false'));
  });

  it('adds a key to an existing table right after its last key', () => {
    const out = setTomlValue(CONFIG, ['features', 'goals'], true);
    expect(out).toContain('unbounded_connection_retries = true\ngoals = true\n');
    expect(out).toContain('# my codex setup\nmodel = "gpt-5.5"   # the default\n');
  });

  it('creates a missing table, and a file that did not exist', () => {
    const out = setTomlValue('# only a comment\nmodel = "x"\n', ['features', 'goals'], false);
    expect(out.startsWith('# only a comment\nmodel = "x"\n')).toBe(true);
    expect(parse(out)).toEqual({ model: 'x', features: { goals: false } });
    expect(parse(setTomlValue('', ['features', 'goals'], true))).toEqual({ features: { goals: true } });
  });

  it('adds a project table whose name needs quoting, and the result parses to the same data plus the change', () => {
    const out = setTomlValue(CONFIG, ['projects', '/tmp/my ws', 'trust_level'], 'trusted');
    const data = parse(out) as { projects: Record<string, unknown> };
    expect(data.projects).toEqual({ '/home/me/app': { trust_level: 'trusted' }, '/tmp/my ws': { trust_level: 'trusted' } });
    expect(out).toContain('# retries forever on a flaky network');
  });

  it('refuses a file that is not TOML, naming it, and a key path through a value', () => {
    expect(() => setTomlValue('model = ', ['features', 'x'], true, '/h/config.toml')).toThrow(/\/h\/config\.toml/);
    expect(() => setTomlValue('features = 3\n', ['features', 'x'], true)).toThrow('`features.x` cannot be set: `features` is not a table');
  });

  it('writes the file atomically and keeps its permissions', () => {
    const ws = makeWorkspace('csm-config-edit-');
    const file = path.join(ws.root, 'home', 'config.toml');
    mkdirSync(path.dirname(file));
    writeFileSync(file, CONFIG, { mode: 0o640 });
    editConfigFile(file, ['features', 'goals'], true);
    expect(readFileSync(file, 'utf8')).toContain('goals = true');
    expect(statSync(file).mode & 0o777).toBe(0o640);
    const fresh = path.join(ws.root, 'new', 'config.toml');
    editConfigFile(fresh, ['features', 'goals'], false);
    expect(statSync(fresh).mode & 0o777).toBe(0o600);
    ws.remove();
  });
});
