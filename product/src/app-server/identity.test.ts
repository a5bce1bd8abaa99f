import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { installationId, osDescription, terminalName } from './identity.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'identity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the app-server's identity, in upstream's shapes", () => {
  it('names the OS by its os-release name and a three-part version', () => {
    expect(osDescription({ NAME: 'Debian GNU/Linux', VERSION_ID: '12' })).toBe('Debian 12.0.0');
    expect(osDescription({ NAME: 'Ubuntu', VERSION_ID: '24.04' })).toBe('Ubuntu 24.4.0');
  });

  it('names the terminal program, else TERM, else xterm', () => {
    expect(terminalName({ TERM_PROGRAM: 'WezTerm', TERM_PROGRAM_VERSION: '2024', TERM: 'xterm-256color' })).toBe('WezTerm/2024');
    expect(terminalName({ TERM: 'xterm-256color' })).toBe('xterm-256color');
    expect(terminalName({})).toBe('xterm');
  });

  it("keeps one installation id per CODEX_HOME, in upstream's installation_id file", () => {
    const id = installationId(dir);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(readFileSync(path.join(dir, 'installation_id'), 'utf8')).toBe(id);
    expect(installationId(dir)).toBe(id);
    writeFileSync(path.join(dir, 'installation_id'), 'db8a8209-292e-4766-bea8-ebeb290a5590');
    expect(installationId(dir)).toBe('db8a8209-292e-4766-bea8-ebeb290a5590');
  });
});
