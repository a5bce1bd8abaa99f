// `csm doctor`: codex's report layout, csm's own checks; the network checks against a real loopback
// server; exit 1 when a check failed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempCodexHome } from '#test-support/sessions';
import { network, renderReport, runChecks, tilde, type Check, type DoctorEnv } from './doctor.ts';

// A provider whose routes answer with the statuses given per path; every request is logged.
let server: Server;
let base = '';
const seen: string[] = [];
const routes: Record<string, number> = {};
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(routes[req.url ?? ''] ?? 404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

const homes: string[] = [];
afterAll(() => homes.forEach((h) => rmSync(h, { recursive: true, force: true })));

function world(baseUrl: string, env: NodeJS.ProcessEnv = {}): DoctorEnv {
  const codexHome = tempCodexHome();
  homes.push(codexHome);
  const cwd = path.join(codexHome, 'ws');
  mkdirSync(cwd);
  writeFileSync(
    path.join(codexHome, 'config.toml'),
    `model = "gpt-5.5"\nmodel_provider = "lab"\n[model_providers.lab]\nname = "Lab"\nbase_url = "${baseUrl}"\nwire_api = "responses"\nenv_key = "LAB_KEY"\n`,
  );
  return { codexHome, cwd, env: { LAB_KEY: 'x', PATH: process.env.PATH, ...env }, nodeVersion: 'v20.19.0', tty: { stdin: false, stdout: false } };
}

const byId = (checks: Check[], id: string) => checks.find((c) => c.id === id)!;

describe('the network checks (--network-only)', () => {
  it('probe the responses route and the model list, without credentials, and pass when the provider answers', async () => {
    routes['/ok/v1/models'] = 401;
    seen.length = 0;
    const checks = await runChecks(world(`${base}/ok/v1`), { networkOnly: true });
    expect(checks.map((c) => c.id)).toEqual(['config.load', 'network.proxy', 'reachability.provider']);
    expect(seen).toEqual(['HEAD /ok/v1/responses', 'GET /ok/v1/models']);
    expect(byId(checks, 'reachability.provider')).toMatchObject({ status: 'ok', summary: 'the provider answers (HTTP 404)' });
  });

  it('fail with the fix when base_url answers 404 on both (no API prefix)', async () => {
    const check = byId(await runChecks(world(`${base}/nope`), { networkOnly: true }), 'reachability.provider');
    expect(check).toMatchObject({ status: 'fail', summary: 'the provider answers 404 under base_url: it may lack the API prefix' });
    expect(check.remediation).toContain('API root');
  });

  it('fail naming the cause when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const check = byId(await runChecks(world(`http://127.0.0.1:${port}/v1`), { networkOnly: true }), 'reachability.provider');
    expect(check).toMatchObject({ status: 'fail', summary: 'the provider cannot be reached (ECONNREFUSED)' });
  });

  it('warn that csm ignores proxy variables, naming them', () => {
    expect(network(world(base, { HTTPS_PROXY: 'http://proxy:3128' }))).toMatchObject({ status: 'warn', summary: 'HTTPS_PROXY set, but csm connects directly' });
    expect(network(world(base))).toMatchObject({ status: 'ok' });
  });
});

describe('the report', () => {
  const row = (id: string, status: Check['status'], summary: string, remediation: string | null = null): Check => {
    const category = id.split('.')[0];
    return { id, category, name: category, section: category === 'config' ? 'Configuration' : 'Connectivity', status, summary, details: { file: '/nowhere' }, remediation };
  };
  const checks = [row('config.load', 'ok', 'config.toml loads'), row('network.proxy', 'ok', 'no proxy variables set'), row('reachability.provider', 'fail', 'unreachable', 'Fix it.')];

  it('lists what did not pass first, then each section with its rows and details, then the counts and the verdict', () => {
    const text = renderReport(checks, {}).replace(/^csm doctor \S+/, 'csm doctor V');
    expect(text).toBe(
      [
        'csm doctor V',
        '',
        'Notes',
        '   ✗ reachability unreachable - Fix it.',
        '─'.repeat(61),
        '',
        'Configuration',
        '  ✓ config       config.toml loads',
        '      file                     /nowhere',
        '',
        'Connectivity',
        '  ✓ network      no proxy variables set',
        '      file                     /nowhere',
        '  ✗ reachability unreachable — Fix it.',
        '      file                     /nowhere',
        '',
        '─'.repeat(61),
        '2 ok · 0 warn · 1 fail failed',
        '',
        '--summary one line per check      --json the report as JSON',
        '',
      ].join('\n'),
    );
  });

  it('--summary leaves the details out', () => {
    expect(renderReport(checks, { summary: true })).not.toContain('/nowhere');
  });

  it('shows paths under HOME as ~/…', () => {
    expect(tilde('/home/ana/.codex/config.toml', '/home/ana')).toBe('~/.codex/config.toml');
    expect(tilde('/home/anaïs/x', '/home/ana')).toBe('/home/anaïs/x');
  });
});
