import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadRollout, readRollout, readRolloutEntries, readSessionMeta, type MalformedLine, type RolloutEntry } from './reader.ts';

const at = '2026-11-24T23:03:56.767Z';
const line = (ordinal: number, type = 'event_msg', payload: unknown = { type: 'agent_message', message: `m${ordinal}` }) =>
  JSON.stringify({ timestamp: at, ordinal, type, payload });
const metaLine = line(0, 'session_meta', { id: 'thread-1', timestamp: at, cwd: '/ws', originator: 'codex_exec', cli_version: '0.169.0', source: 'exec' });

describe('readRollout', () => {
  let dir: string;
  const write = (text: string) => {
    const file = path.join(dir, 'rollout.jsonl');
    writeFileSync(file, text);
    return file;
  };
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'csm-reader-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the event loop a turn while a long file is read, so a screen stays live behind it', async () => {
    // ~12 MB of lines: far more than one turn's worth of parsing.
    const body = Array.from({ length: 24_000 }, (_, i) => line(i + 1, 'event_msg', { type: 'agent_message', message: 'x'.repeat(500) })).join('\n');
    const file = write(`${metaLine}\n${body}\n`);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    let ticksWhileReading = 0;
    try {
      for await (const l of readRollout(file)) if (l.ordinal === 23_999) ticksWhileReading = ticks;
    } finally {
      clearInterval(timer);
    }
    expect(ticksWhileReading).toBeGreaterThan(0);
  });

  it('yields each line in order and returns the stats', async () => {
    const { lines, stats } = await loadRollout(write(`${metaLine}\n${line(1)}\n${line(2)}\n`));
    expect(lines.map((l) => l.ordinal)).toEqual([0, 1, 2]);
    expect(stats).toEqual({ lines: 3, malformed: 0, truncatedTail: false });
  });

  it('skips and counts a malformed line in the middle, and goes on', async () => {
    const seen: MalformedLine[] = [];
    const file = write(`${metaLine}\nnot json at all\n${line(2, 'response_item', { type: 'function_call' })}\n${line(3)}\n`);
    const { lines, stats } = await loadRollout(file, { onMalformed: (m) => seen.push(m) });
    expect(lines.map((l) => l.ordinal)).toEqual([0, 3]);
    expect(stats).toEqual({ lines: 2, malformed: 2, truncatedTail: false });
    expect(seen.map((m) => m.lineNumber)).toEqual([2, 3]);
    expect(seen[0].offset).toBe(metaLine.length + 1);
    expect(seen[1].error).toMatch(/^response_item /);
  });

  it('counts a cut-off last line as malformed and reports the truncated tail', async () => {
    const { lines, stats } = await loadRollout(write(`${metaLine}\n${line(1)}\n${line(2).slice(0, 40)}`));
    expect(lines).toHaveLength(2);
    expect(stats).toEqual({ lines: 2, malformed: 1, truncatedTail: true });
  });

  it('accepts a complete last line without a newline', async () => {
    const { stats } = await loadRollout(write(`${metaLine}\n${line(1)}`));
    expect(stats).toEqual({ lines: 2, malformed: 0, truncatedTail: false });
  });

  it('ignores blank lines and CRLF endings', async () => {
    const { lines, stats } = await loadRollout(write(`${metaLine}\r\n\n${line(1)}\r\n`));
    expect(lines).toHaveLength(2);
    expect(stats.malformed).toBe(0);
  });

  it('reads lines longer than one stream chunk, multi-byte text included', async () => {
    const big = 'ü€'.repeat(100_000);
    const { lines } = await loadRollout(write(`${metaLine}\n${line(1, 'event_msg', { type: 'agent_message', message: big })}\n`));
    expect((lines[1].payload as { message: string }).message).toBe(big);
  });

  it('stops at endByte', async () => {
    const text = `${metaLine}\n${line(1)}\n${line(2)}\n`;
    const { lines, stats } = await loadRollout(write(text), { endByte: metaLine.length + 1 + line(1).length + 1 });
    expect(lines.map((l) => l.ordinal)).toEqual([0, 1]);
    expect(stats.truncatedTail).toBe(false);
  });

  it('starts at startByte, a line start, and reports absolute offsets', async () => {
    const head = `${metaLine}\n${line(1)}\n`;
    const file = write(`${head}not json\n${line(3)}\n`);
    const seen: MalformedLine[] = [];
    const { lines, stats } = await loadRollout(file, { startByte: head.length, onMalformed: (m) => seen.push(m) });
    expect(lines.map((l) => l.ordinal)).toEqual([3]);
    expect(stats).toEqual({ lines: 1, malformed: 1, truncatedTail: false });
    expect(seen[0].offset).toBe(head.length);
  });

  it('reads nothing when startByte is at or past endByte', async () => {
    const file = write(`${metaLine}\n${line(1)}\n`);
    expect((await loadRollout(file, { startByte: 10, endByte: 10 })).lines).toEqual([]);
  });

  it('readRolloutEntries gives each line its byte range', async () => {
    const file = write(`${metaLine}\n${line(1)}\n${line(2)}`);
    const entries: RolloutEntry[] = [];
    for await (const e of readRolloutEntries(file, { startByte: metaLine.length + 1 })) entries.push(e);
    const first = metaLine.length + 1;
    expect(entries.map((e) => [e.offset, e.end])).toEqual([
      [first, first + line(1).length + 1],
      [first + line(1).length + 1, first + line(1).length + 1 + line(2).length],
    ]);
  });

  it('can be abandoned part way', async () => {
    const seen: number[] = [];
    for await (const l of readRollout(write(`${metaLine}\n${line(1)}\n${line(2)}\n`))) {
      seen.push(l.ordinal ?? -1);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual([0, 1]);
  });
});

describe('readSessionMeta', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'csm-meta-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('returns the session_meta payload from the head of the file', async () => {
    const file = path.join(dir, 'r.jsonl');
    writeFileSync(file, `${metaLine}\n${line(1)}\n`);
    expect(await readSessionMeta(file)).toMatchObject({ id: 'thread-1', cwd: '/ws', source: 'exec' });
  });

  it('reads only the head: it answers even from a stream that never ends', async () => {
    const fifo = path.join(dir, 'endless.jsonl');
    spawnSync('mkfifo', [fifo]);
    const writer = open(fifo, 'w').then(async (fh) => {
      await fh.write(`${metaLine}\n${line(1)}\n`);
      return fh; // left open: EOF never comes while the reader waits
    });
    const meta = await readSessionMeta(fifo);
    (await writer).close();
    expect(meta?.id).toBe('thread-1');
  });

  it('gives up after maxLines lines without one', async () => {
    const file = path.join(dir, 'r.jsonl');
    writeFileSync(file, [line(0), line(1), line(2), metaLine].join('\n') + '\n');
    expect(await readSessionMeta(file, 3)).toBeNull();
    expect((await readSessionMeta(file))?.id).toBe('thread-1');
  });
});
