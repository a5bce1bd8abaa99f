import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { event, say, tempCodexHome, writeSession } from '#test-support/sessions';
import { RolloutWriter, type RolloutItem } from '../../rollout/index.ts';
import { exportSession } from './export.ts';
import { forkSession } from './fork.ts';
import { setName } from './names.ts';
import { REDACTED } from './redact.ts';

const FIXTURES = fileURLToPath(new URL('../../rollout/fixtures/', import.meta.url));

const call = (name: string, args: unknown, callId: string): RolloutItem => ({
  type: 'response_item',
  payload: { type: 'function_call', name, arguments: JSON.stringify(args), call_id: callId },
});
const output = (callId: string, text: string): RolloutItem => ({ type: 'response_item', payload: { type: 'function_call_output', call_id: callId, output: text } });

describe('export', () => {
  let home: string;
  beforeEach(() => (home = tempCodexHome()));
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const legacy = () => {
    const id = '0199101a-2b3c-7d4e-8f60-718293a4b5c6';
    const file = path.join(home, 'sessions/2025/09/03', `rollout-2025-09-03T10-15-02-${id}.jsonl`);
    mkdirSync(path.dirname(file), { recursive: true });
    copyFileSync(path.join(FIXTURES, 'legacy.rollout.jsonl'), file);
    return { id, file };
  };

  describe('jsonl', () => {
    it('is the file’s valid lines, byte for byte', async () => {
      const s = legacy();
      writeFileSync(s.file, readFileSync(s.file, 'utf8') + '{torn');
      expect(await exportSession(s.file, 'jsonl', home)).toBe(readFileSync(path.join(FIXTURES, 'legacy.rollout.jsonl'), 'utf8'));
    });

    it('includes a fork’s parent prefix before the fork’s own lines', async () => {
      const parent = writeSession(home, { turns: [{ user: 'one', agent: 'ONE' }, { user: 'two', agent: 'TWO' }] });
      const fork = await forkSession(home, parent.file, { atTurn: 1 });
      const cut = JSON.parse(readFileSync(fork.file, 'utf8')).payload.history_base.end_byte_offset;
      const out = await exportSession(fork.file, 'jsonl', home);
      expect(out).toBe(readFileSync(parent.file).subarray(0, cut).toString('utf8') + readFileSync(fork.file, 'utf8'));
    });

    it('redacts values of credential-like keys, even inside tool-call arguments', async () => {
      const id = '01a20d58-83a8-7f40-8000-000000000003';
      const file = path.join(home, 'sessions/2026/11/24', `rollout-2026-11-24T12-00-00-${id}.jsonl`);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(
        file,
        [
          { timestamp: 't', type: 'session_meta', payload: { id, timestamp: 't', cwd: '/ws', originator: 'x', cli_version: '1', api_key: 'sk-live-123' } },
          { timestamp: 't', type: 'response_item', payload: { type: 'function_call', name: 'exec_command', call_id: 'c', arguments: JSON.stringify({ cmd: 'env', env: { OPENAI_API_KEY: 'sk-live-456' } }) } },
          { timestamp: 't', type: 'event_msg', payload: { type: 'token_count', info: { total_token_usage: { total_tokens: 5 } } } },
        ]
          .map((l) => JSON.stringify(l))
          .join('\n') + '\n',
      );
      const out = await exportSession(file, 'jsonl', home);
      expect(out).not.toContain('sk-live');
      expect(out).toContain(REDACTED);
      expect(out).toContain('"total_tokens":5');
      const md = await exportSession(file, 'md', home);
      expect(md).not.toContain('sk-live');
    });
  });

  describe('md', () => {
    it('has a header and the turns: user and assistant text, commands with output, patches as diffs', async () => {
      const s = legacy();
      setName(home, s.id, 'Greeting fix');
      const md = await exportSession(s.file, 'md', home);
      expect(md).toMatch(/^# Greeting fix\n/);
      expect(md).toContain(`- Session: \`${s.id}\``);
      expect(md).toContain('- Directory: `/home/dev/project`');
      expect(md).toContain('- Created: 2025-09-03T10:15:02.101Z');
      expect(md).toContain('- Model: gpt-5');
      expect(md).toContain('## User\n\nwhat does main.rs do?\n\n## Assistant\n\n```sh\ncat src/main.rs\n```\n\nOutput (exit 0):\n\n```\nfn main() { println!("hi"); }\n```');
      expect(md).toContain('```diff\n*** Begin Patch\n*** Update File: src/main.rs\n@@\n-fn main() { println!("hi"); }\n+fn main() { println!("hello"); }\n*** End Patch\n```');
      expect(md).toContain('Done: it now prints "hello".');
      expect(md).not.toContain('environment_context');
    });

    it('titles an unnamed session by its first prompt and reads an upstream 0.169.0 exec session', async () => {
      const id = '01a20d58-83a8-7f40-8000-00000000beef';
      const file = path.join(home, 'sessions/2026/11/24', `rollout-2026-11-24T23-03-56-${id}.jsonl`);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, readFileSync(path.join(FIXTURES, 'exec-tool-call.rollout.jsonl'), 'utf8').replaceAll('"<id>"', `"${id}"`));
      const md = await exportSession(file, 'md', home);
      expect(md).toMatch(/^# run the greeting command\n/);
      expect(md).toContain('```sh\necho hello-from-tool\n```\n\nOutput (exit 0):');
      expect(md).toContain('The command printed: hello-from-tool. Done.');
      expect(md).not.toContain('skills_instructions');
    });

    it('fences content that itself contains backticks', async () => {
      const s = writeSession(home, { turns: [{ user: 'show me', agent: 'ok' }], extra: [call('shell', { command: ['bash', '-lc', 'echo ```'] }, 'c1'), output('c1', '```\nx')] });
      const md = await exportSession(s.file, 'md', home);
      expect(md).toContain('````sh\necho ```\n````');
    });
  });

  describe('html', () => {
    it('escapes content: a <script> in a user message stays text', async () => {
      const s = writeSession(home, { turns: [{ user: '<script>alert("x")</script> & <b>bold</b>', agent: 'fine' }] });
      const html = await exportSession(s.file, 'html', home);
      expect(html).not.toContain('<script>');
      expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;');
    });

    it('is self-contained: inline CSS, no scripts, no external resources', async () => {
      const s = legacy();
      const html = await exportSession(s.file, 'html', home);
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).toContain('<style>');
      expect(html).not.toMatch(/<script|<link|<img|<iframe|src=|href=|url\(|@import/i);
      expect(html).toContain(`default-src 'none'`);
      expect(html).toContain('<span class="add">+fn main() { println!(&quot;hello&quot;); }</span>');
    });

    it('shows the name the session was given in its rollout when session_index.jsonl has none', async () => {
      const s = writeSession(home, { turns: [{ user: 'hi', agent: 'hello' }], extra: [event({ type: 'thread_name_updated', thread_name: 'Named <here>' })] });
      const html = await exportSession(s.file, 'html', home);
      expect(html).toContain('<title>Named &lt;here&gt;</title>');
    });
  });

  it('exports a thread whose writer is still appending', async () => {
    const s = writeSession(home, { turns: [{ user: 'one', agent: 'ONE' }] });
    const w = RolloutWriter.resume(s.file);
    w.append(say('user', 'two'));
    const md = await exportSession(s.file, 'md', home);
    w.close();
    expect(md).toContain('## User\n\ntwo');
  });
});
