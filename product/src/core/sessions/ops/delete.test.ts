import { existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempCodexHome, writeSession } from '#test-support/sessions';
import { RolloutLockedError } from '../../rollout/index.ts';
import { archiveSession } from './archive.ts';
import { applyDelete, deletedMessage, planDelete } from './delete.ts';
import { SessionPathError } from './locate.ts';

describe('delete removes only the session’s own files', () => {
  let home: string;
  beforeEach(() => (home = tempCodexHome()));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const sameDay = new Date(2026, 10, 24, 12, 0, 0);

  it('plans without touching anything (dry run)', () => {
    const s = writeSession(home, { turns: [{ user: 'hi', agent: 'hello' }], createdAt: sameDay });
    const plan = planDelete(home, s.file, s.id);
    expect(plan.files).toEqual([s.file]);
    expect(plan.bytes).toBe(statSync(s.file).size);
    expect(existsSync(s.file)).toBe(true);
  });

  it('lists the .lock beside the rollout and nothing else', () => {
    const s = writeSession(home, { turns: [{ user: 'hi', agent: 'hello' }], createdAt: sameDay });
    writeFileSync(`${s.file}.lock`, '999999\n');
    writeFileSync(`${s.file}.bak`, 'not the session');
    expect(planDelete(home, s.file, s.id).files).toEqual([s.file, `${s.file}.lock`]);
  });

  it('applies: the session goes, other sessions in the same directory survive', () => {
    const a = writeSession(home, { turns: [{ user: 'a', agent: 'A' }], createdAt: sameDay });
    const b = writeSession(home, { turns: [{ user: 'b', agent: 'B' }], createdAt: sameDay });
    expect(path.dirname(a.file)).toBe(path.dirname(b.file));
    writeFileSync(`${a.file}.lock`, '999999\n');

    const result = applyDelete(planDelete(home, a.file, a.id), { lock: { isAlive: () => false } });
    expect(result.deleted).toEqual([a.file, `${a.file}.lock`]);
    expect(existsSync(a.file)).toBe(false);
    expect(existsSync(`${a.file}.lock`)).toBe(false);
    expect(readdirSync(path.dirname(b.file))).toEqual([path.basename(b.file)]);
    expect(result.removedDirs).toEqual([]);
    expect(deletedMessage(a.id)).toBe(`Deleted session ${a.id}.`);
  });

  it('removes the date directories it leaves empty, never sessions/ itself', () => {
    const s = writeSession(home, { turns: [{ user: 'hi', agent: 'hello' }], createdAt: sameDay });
    const day = path.dirname(s.file);
    const result = applyDelete(planDelete(home, s.file, s.id));
    expect(result.removedDirs).toEqual([day, path.dirname(day), path.dirname(path.dirname(day))]);
    expect(readdirSync(path.join(home, 'sessions'))).toEqual([]);
  });

  it('deletes archived sessions too', () => {
    const s = writeSession(home, { turns: [{ user: 'hi', agent: 'hello' }] });
    const archived = archiveSession(home, s.file);
    expect(applyDelete(planDelete(home, archived, s.id)).deleted).toEqual([archived]);
    expect(existsSync(path.join(home, 'archived_sessions'))).toBe(true);
  });

  it('refuses a file that belongs to another session id', () => {
    const a = writeSession(home, { turns: [{ user: 'a', agent: 'A' }] });
    const b = writeSession(home, { turns: [{ user: 'b', agent: 'B' }] });
    expect(() => planDelete(home, a.file, b.id)).toThrow(/belongs to session/);
  });

  it('refuses paths that escape sessions/ and archived_sessions/', () => {
    const s = writeSession(home, { turns: [{ user: 'hi', agent: 'hello' }] });
    const name = path.basename(s.file);
    const outside = path.join(home, name);
    writeFileSync(outside, '{}\n');
    expect(() => planDelete(home, outside, s.id)).toThrow(SessionPathError);
    expect(() => planDelete(home, path.join(home, 'sessions', '..', name), s.id)).toThrow(SessionPathError);
    expect(() => planDelete(home, path.join(home, 'sessions'), s.id)).toThrow(SessionPathError);

    // A symlinked date directory that leads out of the tree
    const elsewhere = path.join(home, 'elsewhere');
    mkdirSync(elsewhere);
    writeFileSync(path.join(elsewhere, name), '{}\n');
    symlinkSync(elsewhere, path.join(home, 'sessions', 'evil'));
    expect(() => planDelete(home, path.join(home, 'sessions', 'evil', name), s.id)).toThrow(SessionPathError);
    expect(existsSync(path.join(elsewhere, name))).toBe(true);
  });

  it('refuses a session a live process has open', () => {
    const s = writeSession(home, { turns: [{ user: 'hi', agent: 'hello' }] });
    writeFileSync(`${s.file}.lock`, `${process.pid}\n`);
    expect(() => applyDelete(planDelete(home, s.file, s.id))).toThrow(RolloutLockedError);
    expect(existsSync(s.file)).toBe(true);
  });

  it('treats a session already gone as nothing to do', () => {
    const s = writeSession(home, { turns: [{ user: 'hi', agent: 'hello' }] });
    const plan = planDelete(home, s.file, s.id);
    applyDelete(plan);
    expect(applyDelete(plan).deleted).toEqual([]);
  });
});
