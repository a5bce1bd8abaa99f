import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRolloutEntries, skimRolloutEntries } from '../rollout/reader.ts';
import { applyHead, applyLine, emptyState, firstPrompt, wantsLine, type ApplyOptions, type IndexedText, type SessionState } from './extract.ts';
import { appendRaw, makeTurns, tempCodexHome, writeSession } from '#test-support/sessions';

const FIXTURES = path.join(import.meta.dirname, '..', 'rollout', 'fixtures');

async function fold(file: string, opts: ApplyOptions, skim: boolean): Promise<{ state: SessionState; texts: IndexedText[]; skimmed: number }> {
  const state = emptyState();
  const texts: IndexedText[] = [];
  let skimmed = 0;
  const entries = skim ? skimRolloutEntries(file, { wants: (h) => wantsLine(h, opts, state) }) : readRolloutEntries(file);
  for await (const e of entries) {
    if ('line' in e) {
      const t = applyLine(state, e.line, opts);
      if (t) texts.push(t);
    } else {
      skimmed++;
      applyHead(state, e.head);
    }
  }
  return { state, texts, skimmed };
}

describe('skimming lines the index does not read', () => {
  let home: string;
  const files: string[] = [];
  beforeAll(() => {
    home = tempCodexHome();
    files.push(path.join(FIXTURES, 'exec-tool-call.rollout.jsonl'), path.join(FIXTURES, 'exec-resume-last.rollout.jsonl'), path.join(FIXTURES, 'legacy.rollout.jsonl'));
    files.push(writeSession(home, { turns: makeTurns(4, 'paginated') }).file);
    const legacy = writeSession(home, { format: 'legacy', turns: makeTurns(3, 'legacy') });
    appendRaw(legacy, 'compacted', { message: 'summary', replacement_history: [] });
    files.push(legacy.file);
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  for (const toolOutput of [false, true]) {
    it(`changes nothing the index records (toolOutput ${toolOutput})`, async () => {
      let skimmedAny = 0;
      for (const file of files) {
        const full = await fold(file, { toolOutput }, false);
        const skim = await fold(file, { toolOutput }, true);
        expect(skim.state, path.basename(file)).toEqual(full.state);
        expect(skim.texts, path.basename(file)).toEqual(full.texts);
        skimmedAny += skim.skimmed;
      }
      expect(skimmedAny).toBeGreaterThan(10);
    });
  }

  it('reads the head of the lines Codex writes: time, ordinal, kind, payload kind', async () => {
    const heads = [];
    for await (const e of skimRolloutEntries(files[0], { wants: () => false })) if ('head' in e) heads.push(e.head);
    const lines = readFileSync(files[0], 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(heads).toHaveLength(lines.length);
    heads.forEach((h, i) => {
      expect(h.timestamp).toBe(lines[i].timestamp);
      expect(h.ordinal).toBe(lines[i].ordinal !== undefined);
      expect(h.type).toBe(lines[i].type);
      if (h.payloadType !== undefined) expect(h.payloadType).toBe(lines[i].payload.type);
    });
  });

  it('still decodes, and counts as malformed, a line whose head or end is not what Codex writes', async () => {
    const s = writeSession(home, { turns: makeTurns(1, 'shape') });
    appendFileSync(s.file, '{"timestamp":"2026-11-01T12:00:00.000Z","type":"world_state","payload":{"full":true\n{"type":"world_state","timestamp":"x","payload":{}}\n');
    const bad: string[] = [];
    let decoded = 0;
    for await (const e of skimRolloutEntries(s.file, { wants: () => false, onMalformed: (m) => bad.push(m.error) })) if ('line' in e) decoded++;
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(/not JSON/);
    expect(decoded).toBe(1); // the line with keys in another order: valid, decoded the slow way
  });
});

describe('a thread whose one turn was a review', () => {
  it("is previewed by the reviewer's request, not by the findings handed to the thread's model, skimmed or not", async () => {
    const home = tempCodexHome();
    try {
      const s = writeSession(home, { turns: [] });
      appendRaw(s, 'event_msg', { type: 'item_completed', turn_id: 'R', item: { type: 'EnteredReviewMode', id: 'in', target: { type: 'uncommittedChanges' }, user_facing_hint: 'current changes' } });
      appendRaw(s, 'event_msg', { type: 'task_started', turn_id: 'V', root_turn_id: 'R' });
      appendRaw(s, 'event_msg', { type: 'item_completed', turn_id: 'V', item: { type: 'UserMessage', id: 'ask', content: [{ type: 'text', text: 'Check calc.py for mistakes.', text_elements: [] }] } });
      appendRaw(s, 'response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: '<user_action>\n  <action>review</action>\n</user_action>' }] });
      appendRaw(s, 'event_msg', { type: 'task_complete', turn_id: 'R' });
      for (const skim of [false, true]) expect(firstPrompt((await fold(s.file, {}, skim)).state)).toBe('Check calc.py for mistakes.');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
