// `csm mcp list|get|add|remove` against upstream's `codex mcp`: the same commands in two fresh homes
// whose config.toml starts with a comment; stdout, exit codes and the config file written must be
// the same (codex's name in its hints read as csm's).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRunHome, runPiped, targetEnv, type RunHome } from '#lab/drivers';

const homes: RunHome[] = [];
afterAll(() => {
  for (const h of homes) rmSync(h.root, { recursive: true, force: true });
});

const STEPS = [
  ['mcp', 'list'],
  ['mcp', 'list', '--json'],
  ['mcp', 'add', 'files', '--env', 'ROOT_HINT=1', '--', 'npx', '-y', '@modelcontextprotocol/server-filesystem', '/tmp'],
  ['mcp', 'add', 'web', '--url', 'http://127.0.0.1:9/mcp', '--bearer-token-env-var', 'WEB_TOKEN'],
  ['mcp', 'list'],
  ['mcp', 'list', '--json'],
  ['mcp', 'get', 'files'],
  ['mcp', 'get', 'web'],
  ['mcp', 'get', 'files', '--json'],
  ['mcp', 'get', 'nope'],
  ['mcp', 'remove', 'files'],
  ['mcp', 'remove', 'files'],
  ['mcp', 'list'],
];

async function session(target: 'upstream' | 'csm') {
  const run = createRunHome(`mcp-${target}`);
  homes.push(run);
  writeFileSync(path.join(run.codexHome, 'config.toml'), '# my settings\nmodel = "gpt-5.5"\n');
  const results: Array<{ argv: string; code: number | null; stdout: string }> = [];
  const configs: string[] = [];
  for (const argv of STEPS) {
    const r = await runPiped(target, argv, { cwd: run.workspace, env: targetEnv(run, { tty: false }), timeoutMs: 20_000 });
    results.push({ argv: argv.join(' '), code: r.exitCode, stdout: r.stdout.replaceAll('codex mcp', 'csm mcp').trimEnd() });
    configs.push(readFileSync(path.join(run.codexHome, 'config.toml'), 'utf8').trimEnd());
  }
  return { results, configs };
}

describe('csm mcp list|get|add|remove, as codex mcp', () => {
  it('prints and writes what codex does', async () => {
    const [up, csm] = await Promise.all([session('upstream'), session('csm')]);
    expect(csm.results).toEqual(up.results);
    expect(csm.configs).toEqual(up.configs);
  }, 60_000);
});
