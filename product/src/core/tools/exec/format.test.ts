import { describe, expect, it } from 'vitest';

import { formatExecOutput, newChunkId, truncateMiddle } from './format.ts';

describe('formatExecOutput', () => {
  it('lays out a finished command like upstream', () => {
    const text = formatExecOutput({ chunkId: 'fa3081', wallTimeMs: 0, exitCode: 0, sessionId: null, output: 'hello-from-tool\n' });
    expect(text).toBe(
      'Chunk ID: fa3081\nWall time: 0.0000 seconds\nProcess exited with code 0\nOriginal token count: 4\nOutput:\nhello-from-tool\n',
    );
  });

  it('gives the session id of a command still running', () => {
    const text = formatExecOutput({ chunkId: 'f800eb', wallTimeMs: 1002.4, exitCode: null, sessionId: 3, output: 'ready\n' });
    expect(text).toBe(
      'Chunk ID: f800eb\nWall time: 1.0024 seconds\nProcess running with session ID 3\nOriginal token count: 2\nOutput:\nready\n',
    );
  });

  it('counts the tokens of the original output, not of what is shown', () => {
    const text = formatExecOutput({ wallTimeMs: 5, exitCode: 0, sessionId: null, output: 'x'.repeat(400), maxOutputTokens: 10 });
    expect(text).toContain('Original token count: 100\n');
    expect(text).toContain('…90 tokens truncated…');
  });

  it('uses the characters the process printed when the session buffer already cut some', () => {
    const text = formatExecOutput({ wallTimeMs: 5, exitCode: 0, sessionId: null, output: 'short', originalChars: 4_000 });
    expect(text).toContain('Original token count: 1000\n');
  });

  it('makes a fresh six-hex-digit chunk id each time', () => {
    expect(newChunkId()).toMatch(/^[0-9a-f]{6}$/);
    expect(new Set(Array.from({ length: 20 }, newChunkId)).size).toBeGreaterThan(1);
  });
});

describe('truncateMiddle', () => {
  it('leaves text within the budget alone', () => {
    expect(truncateMiddle('abcdefgh', 2)).toBe('abcdefgh');
  });

  it('keeps the head and the tail and says how many tokens were dropped', () => {
    const text = `HEAD${'.'.repeat(1000)}TAIL`;
    expect(truncateMiddle(text, 2)).toBe('HEAD…250 tokens truncated…TAIL');
  });

  it('drops everything for a budget of zero', () => {
    expect(truncateMiddle('abcdefgh', 0)).toBe('…2 tokens truncated…');
  });
});
