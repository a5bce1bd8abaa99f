import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempCodexHome } from '#test-support/sessions';
import { findByName, readNames, sessionIndexPath, setName } from './names.ts';

const A = '01a20d58-83a8-7f40-8000-000000000001';
const B = '01a20d58-83a8-7f40-8000-000000000002';

describe('session names in $CODEX_HOME/session_index.jsonl', () => {
  let home: string;
  beforeEach(() => (home = tempCodexHome()));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('has no names when the file does not exist', () => {
    expect(readNames(home).size).toBe(0);
    expect(findByName(home, 'anything')).toBeNull();
  });

  it('appends one upstream-shaped line per rename', () => {
    setName(home, A, 'refactor parser', new Date('2026-11-24T10:00:00Z'));
    const lines = readFileSync(sessionIndexPath(home), 'utf8').split('\n').filter(Boolean);
    expect(lines.map((l) => JSON.parse(l))).toEqual([{ id: A, thread_name: 'refactor parser', updated_at: '2026-11-24T10:00:00.000Z' }]);
  });

  it('lets the newest entry for an id win', () => {
    setName(home, A, 'first', new Date('2026-11-24T10:00:00Z'));
    setName(home, B, 'other', new Date('2026-11-24T10:01:00Z'));
    setName(home, A, 'second', new Date('2026-11-24T10:02:00Z'));
    expect(readNames(home).get(A)).toEqual({ name: 'second', updatedAt: '2026-11-24T10:02:00.000Z' });
    expect(findByName(home, 'second')).toBe(A);
    expect(findByName(home, 'first')).toBeNull();
  });

  it('skips malformed lines and keeps reading', () => {
    writeFileSync(
      sessionIndexPath(home),
      [
        JSON.stringify({ id: A, thread_name: 'alpha', updated_at: 'x' }),
        '{not json',
        JSON.stringify({ id: 7, thread_name: 'bad id' }),
        JSON.stringify({ thread_name: 'no id' }),
        '',
        JSON.stringify({ id: B, thread_name: 'beta', updated_at: 'y' }),
      ].join('\n') + '\n',
    );
    expect([...readNames(home)].map(([id, n]) => [id, n.name])).toEqual([
      [A, 'alpha'],
      [B, 'beta'],
    ]);
  });

  it('treats an empty thread_name as clearing the name', () => {
    setName(home, A, 'alpha');
    appendFileSync(sessionIndexPath(home), JSON.stringify({ id: A, thread_name: '', updated_at: 'z' }) + '\n');
    expect(readNames(home).has(A)).toBe(false);
    expect(findByName(home, 'alpha')).toBeNull();
  });

  it('starts a new line when the file ends mid-line (a torn write)', () => {
    writeFileSync(sessionIndexPath(home), JSON.stringify({ id: A, thread_name: 'alpha', updated_at: 'x' }) + '\n{"id":"torn');
    setName(home, B, 'beta');
    expect(readNames(home).get(B)?.name).toBe('beta');
    expect(readNames(home).get(A)?.name).toBe('alpha');
  });

  it('resolves a name to the session named most recently when two share it', () => {
    setName(home, A, 'wip');
    setName(home, B, 'wip');
    expect(findByName(home, 'wip')).toBe(B);
  });

  it('normalizes whitespace and refuses an empty name', () => {
    expect(setName(home, A, '  two\n lines ').name).toBe('two lines');
    expect(() => setName(home, A, '   ')).toThrow(/empty/);
  });

  it('reads names upstream wrote alongside ones csm wrote', () => {
    appendFileSync(sessionIndexPath(home), `{"id":"${A}","thread_name":"from codex","updated_at":"2026-11-24T10:00:00Z"}\n`);
    setName(home, B, 'from csm');
    expect(findByName(home, 'from codex')).toBe(A);
    expect(findByName(home, 'from csm')).toBe(B);
  });
});
