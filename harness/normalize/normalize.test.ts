import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules, normalizeFrameRows, normalizeJson, normalizeText } from './normalize.ts';

const ctx = { paths: {} };
const norm = (s: string) => normalizeText(s, ctx);

// Each rule: what it must mask, and a look-alike it must leave alone.
const cases: Array<{ rule: string; masks: [string, string]; keeps: string }> = [
  {
    rule: 'rollout-file',
    masks: ['sessions/rollout-2026-11-24T11-40-00-0199a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.jsonl', 'sessions/rollout-<timestamp>-<uuid>.jsonl'],
    keeps: 'rollout-notes.jsonl',
  },
  {
    rule: 'uuid',
    masks: ['session id: 0199A1B2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', 'session id: <uuid>'],
    keeps: 'commit 0199a1b2c3d4 is not a uuid',
  },
  {
    rule: 'iso-timestamp',
    masks: ['at 2026-11-24T11:40:05.123Z and 2026-11-24T11:40:05+01:00', 'at <timestamp> and <timestamp>'],
    keeps: 'released 2026-11-24',
  },
  {
    rule: 'worked-for',
    masks: ['Worked for 2s • 11:40 | Worked for 1m 03s | Worked for <1s', 'Worked for <dur> • <time> | Worked for <dur> | Worked for <dur>'],
    keeps: 'Worked for the team',
  },
  {
    rule: 'command-duration',
    masks: [' succeeded in 0ms: | exited 1 in 1.25s: | failed in 3s', ' succeeded in <dur>: | exited 1 in <dur>: | failed in <dur>'],
    keeps: 'succeeded in the end',
  },
  {
    rule: 'sha256-digest',
    masks: ['"version":"sha256:31753418d8baa4385c4326588b9e685952b369b7ce450644cc259bdb5575ad02"', '"version":"sha256:<digest>"'],
    keeps: 'sha256:abc123 is too short to be a digest',
  },
  {
    rule: 'rollout-date-dir',
    masks: ['<codex-home>/sessions/2026/12/02/rollout-x.jsonl', '<codex-home>/sessions/<date>/rollout-x.jsonl'],
    keeps: 'notes/2026/12/02/today.md',
  },
  {
    rule: 'clock-time',
    masks: ['started 11:40, done 11:40:05', 'started <time>, done <time>'],
    keeps: 'see src/main.rs:10:20 and ratio 3:2 and 12:345',
  },
  {
    rule: 'doctor-load-ms',
    masks: ['      configuration load ms    33', '      configuration load ms    <ms>'],
    keeps: 'connect timeout          15000 ms',
  },
  {
    rule: 'version',
    masks: ['v0.169.0 / 0.169.0 / codex-cli 0.169.0 / csm 0.1.0 / 1.2.3-alpha.4', '<version> / <version> / <version> / <version> / <version>'],
    keeps: 'listening on 127.0.0.1 with 1.5 ratio',
  },
  {
    rule: 'product-cmd',
    masks: ['run codex resume <id>, or csm resume <id>; codex mcp remove x', 'run <product-cmd> resume <id>, or <product-cmd> resume <id>; <product-cmd> mcp remove x'],
    keeps: 'codex-resume.md and .codex resume',
  },
  {
    rule: 'usage-product',
    masks: ['Usage: codex exec [OPTIONS] [PROMPT]\n       codex exec [OPTIONS] <COMMAND> [ARGS]\nUsage: csm mcp [OPTIONS] <COMMAND>', 'Usage: <product> exec [OPTIONS] [PROMPT]\n       <product> exec [OPTIONS] <COMMAND> [ARGS]\nUsage: <product> mcp [OPTIONS] <COMMAND>'],
    keeps: 'Usage: codexctl run; the codex binary',
  },
  {
    rule: 'product',
    masks: ['>_ OpenAI Codex (<version>) | >_ csm (<version>) | OpenAI Codex v0.169.0 | csm v0.1.0', '>_ <product> (<version>) | >_ <product> (<version>) | <product> <version> | <product> <version>'],
    keeps: 'Codex is great; csmith and .csm/ and csm-home stay',
  },
];

describe('text rules (rules.yaml)', () => {
  it('are all covered by a case here', () => {
    expect(loadRules().text.map((r) => r.name).sort()).toEqual(cases.map((c) => c.rule).sort());
  });

  for (const c of cases) {
    it(`${c.rule}: masks ${JSON.stringify(c.masks[0])}`, () => expect(norm(c.masks[0])).toBe(c.masks[1]));
    it(`${c.rule}: keeps ${JSON.stringify(c.keeps)}`, () => expect(norm(c.keeps)).toBe(c.keeps));
  }

  it('leaves token counts alone', () => {
    expect(norm('Token usage: total=1,234 input=1,000 output=234')).toBe('Token usage: total=1,234 input=1,000 output=234');
  });

  it('turns the upstream and csm banners into the same line', () => {
    expect(norm('>_ OpenAI Codex (v0.169.0)')).toBe(norm('>_ csm (v0.1.0)'));
  });
});

describe('run path substitution', () => {
  const paths = { '/abs/run/home': '<home>', '/abs/run/home/ws': '<ws>', '/abs/run/home/.codex': '<codex-home>' };

  it('replaces the longest path first, wherever it occurs', () => {
    expect(normalizeText('cd /abs/run/home/ws/src && cat /abs/run/home/.codex/config.toml ~ /abs/run/home', { paths })).toBe(
      'cd <ws>/src && cat <codex-home>/config.toml ~ <home>',
    );
  });

  it('stops at a path boundary', () => {
    expect(normalizeText('/abs/run/home2/x', { paths })).toBe('/abs/run/home2/x');
  });

  it('runs before the regex rules', () => {
    expect(normalizeText('/abs/run/home/ws/csm 11:40', { paths })).toBe('<ws>/csm <time>');
  });

  it('normalizeFrameRows applies it per row', () => {
    expect(normalizeFrameRows(['in /abs/run/home/ws', 'at 09:05', ''], { paths })).toEqual(['in <ws>', 'at <time>', '']);
  });
});

describe('normalizeJson', () => {
  const paths = { '/abs/run/home/ws': '<ws>' };

  it('masks values of id and time keys, recursively, and normalizes every other string', () => {
    const event = {
      id: 'evt_1',
      timestamp: '2026-11-24T11:40:00Z',
      ts: 1764000000,
      msg: { type: 'session_configured', session_id: 'abc', cwd: '/abs/run/home/ws', model: 'gpt-5' },
      items: [{ call_id: 'call_9', started_at_ms: 1764000000000, duration_ms: 1234 }],
      usage: { input_tokens: 1000, output_tokens: 234 },
      parent_id: null,
      thread_id: null,
    };
    expect(normalizeJson(event, { paths })).toEqual({
      id: '<id>',
      timestamp: '<timestamp>',
      ts: '<timestamp>',
      msg: { type: 'session_configured', session_id: '<id>', cwd: '<ws>', model: 'gpt-5' },
      items: [{ call_id: '<id>', started_at_ms: '<epoch-ms>', duration_ms: 1234 }],
      usage: { input_tokens: 1000, output_tokens: 234 },
      parent_id: null,
      thread_id: null,
    });
  });

  it("masks the app-server's camelCase clocks and durations, not its counts", () => {
    const msg = { emittedAtMs: 1796185228387, params: { turn: { startedAt: 1796185228, completedAt: null, durationMs: 369 }, item: { startedAtMs: 1796185228605, processId: '6426' }, tokenUsage: { inputTokens: 120 }, sectionEnteredAt: null } };
    expect(normalizeJson(msg, { paths })).toEqual({
      emittedAtMs: '<epoch-ms>',
      params: { turn: { startedAt: '<epoch-s>', completedAt: null, durationMs: '<dur-ms>' }, item: { startedAtMs: '<epoch-ms>', processId: '<id>' }, tokenUsage: { inputTokens: 120 }, sectionEnteredAt: null },
    });
  });

  it('normalizes keys that carry paths', () => {
    expect(normalizeJson({ projects: { '/abs/run/home/ws': { trusted: true } } }, { paths })).toEqual({
      projects: { '<ws>': { trusted: true } },
    });
  });
});

describe('rules file validation', () => {
  it('names the file and the bad entry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rules-'));
    const file = join(dir, 'rules.yaml');
    writeFileSync(file, 'text:\n  - name: broken\n    pattern: "(unclosed"\n    replace: x\n');
    expect(() => loadRules(file)).toThrow(/rules\.yaml[\s\S]*text\.0\.pattern: not a valid JS regular expression/);
  });

  it('accepts custom rules passed in the context', () => {
    const rules = { text: [{ name: 'pid', pattern: 'pid \\d+', replace: 'pid <pid>' }], keys: [] };
    expect(normalizeText('pid 4242 at 11:40', { paths: {}, rules })).toBe('pid <pid> at 11:40');
  });
});
