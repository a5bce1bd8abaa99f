import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeWorkspace, type TestWorkspace } from '#test-support/workspace';
import { AuthFileError, maskKey, readAuth, removeAuth, storedApiKey, writeApiKey } from './auth-file.ts';

let ws: TestWorkspace;
afterEach(() => ws?.remove());

describe('auth.json', () => {
  it('stores an API key as codex does, readable by the owner only, and reads it back', () => {
    ws = makeWorkspace('csm-auth-');
    writeApiKey(ws.root, 'sk-test-123456789');
    const file = path.join(ws.root, 'auth.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ auth_mode: 'apikey', OPENAI_API_KEY: 'sk-test-123456789' });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(storedApiKey(readAuth(ws.root))).toBe('sk-test-123456789');
  });

  it('reads no file as no credentials, and removing says whether there were any', () => {
    ws = makeWorkspace('csm-auth-');
    expect(readAuth(ws.root)).toBeNull();
    expect(removeAuth(ws.root)).toBe(false);
    writeApiKey(ws.root, 'sk-x');
    expect(removeAuth(ws.root)).toBe(true);
    expect(readAuth(ws.root)).toBeNull();
  });

  it('names the file when it is not JSON', () => {
    ws = makeWorkspace('csm-auth-');
    writeFileSync(path.join(ws.root, 'auth.json'), '{oops');
    expect(() => readAuth(ws.root)).toThrow(AuthFileError);
    expect(() => readAuth(ws.root)).toThrow(`${path.join(ws.root, 'auth.json')}: not valid JSON`);
  });

  it('masks a key to its first 8 and last 5 characters, and a short one entirely', () => {
    expect(maskKey('sk-test-123456789')).toBe('sk-test-***56789');
    expect(maskKey('sk-short')).toBe('***');
  });
});
