import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempCodexHome, writeSession } from '#test-support/sessions';
import { RolloutLockedError } from '../../rollout/index.ts';
import { archivedMessage, archiveSession, unarchivedMessage, unarchiveSession } from './archive.ts';
import { SessionPathError } from './locate.ts';
import { DestinationExistsError, moveFile, realMoveFs } from './move.ts';

describe('archive and unarchive move the file like upstream', () => {
  let home: string;
  beforeEach(() => (home = tempCodexHome()));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('archives flat into archived_sessions/ under the same name, and unarchives back to its date directory', () => {
    const s = writeSession(home, { turns: [{ user: 'hi', agent: 'hello' }], createdAt: new Date(2026, 10, 24, 13, 5, 40) });
    const bytes = readFileSync(s.file);
    const archived = archiveSession(home, s.file);
    expect(archived).toBe(path.join(home, 'archived_sessions', path.basename(s.file)));
    expect(existsSync(s.file)).toBe(false);
    expect(readFileSync(archived)).toEqual(bytes);

    const restored = unarchiveSession(home, archived);
    expect(restored).toBe(path.join(home, 'sessions', '2026', '11', '24', path.basename(s.file)));
    expect(restored).toBe(s.file);
    expect(readFileSync(restored)).toEqual(bytes);
    expect(existsSync(archived)).toBe(false);
  });

  it('prints upstream messages', () => {
    expect(archivedMessage('01a2')).toBe('Archived session 01a2.');
    expect(unarchivedMessage('01a2')).toBe('Unarchived session 01a2.');
  });

  it('refuses when the destination exists, leaving both files alone', () => {
    const s = writeSession(home, { turns: [{ user: 'hi', agent: 'hello' }] });
    const dest = path.join(home, 'archived_sessions', path.basename(s.file));
    mkdirSync(path.dirname(dest), { recursive: true });
    writeFileSync(dest, 'someone else');
    expect(() => archiveSession(home, s.file)).toThrow(DestinationExistsError);
    expect(readFileSync(dest, 'utf8')).toBe('someone else');
    expect(existsSync(s.file)).toBe(true);
  });

  it('refuses to archive an archived session or unarchive an active one', () => {
    const s = writeSession(home, { turns: [{ user: 'hi', agent: 'hello' }] });
    expect(() => unarchiveSession(home, s.file)).toThrow(/not archived/);
    const archived = archiveSession(home, s.file);
    expect(() => archiveSession(home, archived)).toThrow(/already archived/);
  });

  it('refuses files outside sessions/ and archived_sessions/', () => {
    const outside = path.join(home, 'rollout-2026-11-24T12-00-00-01a20d58-83a8-7f40-8000-000000000001.jsonl');
    writeFileSync(outside, '{}\n');
    expect(() => archiveSession(home, outside)).toThrow(SessionPathError);
    expect(() => archiveSession(home, path.join(home, 'sessions', '..', 'config.toml'))).toThrow(SessionPathError);
  });

  it('refuses a session a live process has open, and takes over a stale lock', () => {
    const s = writeSession(home, { turns: [{ user: 'hi', agent: 'hello' }] });
    writeFileSync(`${s.file}.lock`, `${process.pid}\n`);
    expect(() => archiveSession(home, s.file)).toThrow(RolloutLockedError);
    expect(existsSync(s.file)).toBe(true);

    writeFileSync(`${s.file}.lock`, '999999\n');
    const archived = archiveSession(home, s.file, { lock: { isAlive: () => false } });
    expect(existsSync(archived)).toBe(true);
    expect(existsSync(`${s.file}.lock`)).toBe(false);
  });
});

describe('moveFile across devices (rename fails with EXDEV)', () => {
  let home: string;
  beforeEach(() => (home = tempCodexHome()));
  afterEach(() => rmSync(home, { recursive: true, force: true }));
  const exdev = () => {
    throw Object.assign(new Error('cross-device link not permitted'), { code: 'EXDEV' });
  };

  it('copies, checks the size, then removes the original', () => {
    const from = path.join(home, 'a.jsonl');
    const to = path.join(home, 'other', 'a.jsonl');
    writeFileSync(from, 'x'.repeat(1000));
    moveFile(from, to, { ...realMoveFs, rename: exdev });
    expect(existsSync(from)).toBe(false);
    expect(statSync(to).size).toBe(1000);
  });

  it('keeps the original when the copy comes out short', () => {
    const from = path.join(home, 'a.jsonl');
    const to = path.join(home, 'b.jsonl');
    writeFileSync(from, 'x'.repeat(1000));
    const shortCopy = (_f: string, t: string) => writeFileSync(t, 'x'.repeat(10), { flag: 'wx' });
    expect(() => moveFile(from, to, { rename: exdev, copyFile: shortCopy })).toThrow(/10 bytes instead of 1000/);
    expect(statSync(from).size).toBe(1000);
    expect(existsSync(to)).toBe(false);
  });
});
