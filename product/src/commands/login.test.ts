// `csm login`, `login status`, `logout` on a throwaway CODEX_HOME: the key read from stdin, stored
// 0600, shown only masked; the old `--api-key` flag refused without storing anything.
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { tempCodexHome } from '#test-support/sessions';
import { loginCommand, logoutCommand, statusCommand } from './login.ts';

const KEY = 'sk-test-0123456789abcdef';
let home: string;
let err: string[];
const stdin = (text: string) => Readable.from([Buffer.from(text)]) as unknown as NodeJS.ReadStream;

beforeEach(() => {
  home = tempCodexHome();
  err = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => (err.push(String(s)), true));
});
afterEach(() => {
  vi.restoreAllMocks();
  rmSync(home, { recursive: true, force: true });
});

describe('csm login', () => {
  it('stores the key read from stdin in auth.json, readable by its owner only, and never prints it', async () => {
    expect(await loginCommand({ withApiKey: true }, stdin(`${KEY}\n`), home)).toBe(0);
    const file = path.join(home, 'auth.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).OPENAI_API_KEY).toBe(KEY);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statusCommand(home)).toBe(0);
    expect(err.join('')).not.toContain(KEY);
    expect(err.join('')).toContain('API key configured - sk-test-***bcdef');
  });

  it('refuses the old --api-key flag, saying how to pass the key, and stores nothing', async () => {
    expect(await loginCommand({ apiKey: KEY }, stdin(''), home)).toBe(1);
    expect(err.join('')).toBe('The --api-key flag is no longer supported. Pipe the key instead, e.g. `printenv OPENAI_API_KEY | csm login --with-api-key`.\n');
    expect(existsSync(path.join(home, 'auth.json'))).toBe(false);
  });

  it('logout removes the file; status then says not logged in (exit 1)', async () => {
    await loginCommand({ withApiKey: true }, stdin(KEY), home);
    err.length = 0;
    expect(logoutCommand(home)).toBe(0);
    expect(statusCommand(home)).toBe(1);
    expect(err.join('')).toBe('Successfully logged out\nNot logged in\n');
  });
});
