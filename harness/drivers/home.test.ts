import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createRunHome, writeCodexHomeFiles } from './home.ts';

const run = createRunHome('home-test');
afterAll(() => rmSync(run.root, { recursive: true, force: true }));

describe('writeCodexHomeFiles', () => {
  it('writes each file under CODEX_HOME, folders included, empty files too', () => {
    writeCodexHomeFiles(run, { 'sessions/2026/11/20/rollout-a.jsonl': '', 'notes.txt': 'garbage\n' });
    expect(readFileSync(path.join(run.codexHome, 'sessions/2026/11/20/rollout-a.jsonl'), 'utf8')).toBe('');
    expect(readFileSync(path.join(run.codexHome, 'notes.txt'), 'utf8')).toBe('garbage\n');
  });

  it('refuses a path that leaves CODEX_HOME', () => {
    expect(() => writeCodexHomeFiles(run, { '../escaped.txt': 'x' })).toThrow(/escapes CODEX_HOME/);
    expect(existsSync(path.join(run.home, 'escaped.txt'))).toBe(false);
  });
});
