import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempCodexHome, writeSession } from '#test-support/sessions';
import { confirmEndList, endSession } from './session-end.ts';
import { dialogRows } from './views/dialog.ts';

describe('/archive and /delete', () => {
  let home: string;
  beforeEach(() => (home = tempCodexHome()));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('ask first, with No highlighted so Enter alone changes nothing', () => {
    for (const kind of ['archive', 'delete'] as const) {
      const list = confirmEndList(kind);
      expect(list.dialog).toBe(true);
      expect(list.choice).toBe(0);
      expect(list.items[0].label).toMatch(/^No/);
    }
  });

  it('archive moves the rollout into archived_sessions/', async () => {
    const s = writeSession(home, { turns: [{ user: 'hi', agent: 'hello' }] });
    expect(await endSession('archive', home, s.id)).toBe(true);
    expect(existsSync(s.file)).toBe(false);
    expect(existsSync(path.join(home, 'archived_sessions', path.basename(s.file)))).toBe(true);
  });

  it('delete removes the rollout', async () => {
    const s = writeSession(home, { turns: [{ user: 'hi', agent: 'hello' }] });
    expect(await endSession('delete', home, s.id)).toBe(true);
    expect(existsSync(s.file)).toBe(false);
  });

  it('a session with no rollout yet has nothing to end', async () => {
    expect(await endSession('delete', home, '01a23456-0000-7000-8000-000000000000')).toBe(false);
  });

  it("lays the dialog out as upstream's: choices numbered, descriptions in a column wrapped to the box", () => {
    const text = dialogRows(confirmEndList('delete'), 72).map((r) => r.spans.map((sp) => sp.text).join('').trimEnd());
    expect(text).toEqual([
      '',
      '  Delete this session?',
      '  Also deletes subagents and saved side chats. Cannot be undone.',
      '',
      '',
      '› 1. No, keep this session                     Return to the current',
      '                                               session',
      '  2. Yes, delete and return to command center  Permanently delete this',
      '                                               session now',
      '',
      '  enter select · esc back',
    ]);
  });
});
