// csm reads what the lab's history generator writes: the `history:` scenarios and the session
// benchmark put these files into CODEX_HOME and have csm list, search and resume them, so every
// line must parse, and every rebuilt history (from the last compaction, for compacted sessions)
// must answer each tool call, or a resume would send a malformed request.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateHistory, SESSION_SHAPES } from '#lab/history';
import { reconstructHistory } from './reconstruct.ts';
import { parseRolloutLine, type RolloutLine } from './schema.ts';

const home = mkdtempSync(path.join(os.tmpdir(), 'csm-generated-history-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const history = generateHistory(home, { sessions: 6, bytesPerSession: 40 * 1024, seed: 11, shapes: [...SESSION_SHAPES], compactAtTokens: 4_000 });
const lines = (relPath: string) =>
  readFileSync(path.join(home, relPath), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as unknown);

describe('histories the lab generates', () => {
  it('covers every shape, compactions included', () => {
    expect(new Set(history.sessions.map((s) => s.format))).toEqual(new Set(['paginated', 'legacy']));
    expect(history.sessions.some((s) => s.compactions > 0)).toBe(true);
  });

  it('parse line by line', () => {
    for (const s of history.sessions) {
      for (const [i, l] of lines(s.relPath).entries()) expect(parseRolloutLine(l), `${s.relPath}:${i + 1}`).toMatchObject({ ok: true });
    }
  });

  it('rebuild into histories where every tool call has its output', () => {
    for (const s of history.sessions) {
      const items = reconstructHistory(lines(s.relPath) as RolloutLine[]);
      const ids = (type: string) => items.filter((i) => i.type === type).map((i) => (i as { call_id: string }).call_id);
      expect(ids('function_call').length, s.relPath).toBeGreaterThan(0);
      expect(ids('function_call_output'), s.relPath).toEqual(ids('function_call'));
    }
  });
});
