import { describe, expect, it } from 'vitest';
import { commandResult, dayLabel, earlierCells, turnCells } from './transcript.ts';

describe('earlier turns on screen', () => {
  it('show what was said and done: prompts, answers, commands with output, edited files', () => {
    const cells = turnCells([
      {
        user: 'fix the test',
        byteOffset: 0,
        file: 'f',
        items: [
          { kind: 'reasoning', text: 'thinking' },
          { kind: 'command', text: 'npm test', output: '1 failed', callId: 'c1' },
          { kind: 'patch', text: '*** Begin Patch\n*** Update File: src/a.ts\n@@\n-x\n+y\n*** End Patch' },
          { kind: 'agent', text: 'Fixed.' },
        ],
      },
    ]);
    expect(cells).toEqual([
      { kind: 'user', text: 'fix the test' },
      { kind: 'command', id: 'c1', command: 'npm test', output: '1 failed', exitCode: null, running: false },
      { kind: 'info', text: 'Edited src/a.ts' },
      { kind: 'agent', text: 'Fixed.' },
    ]);
  });

  it("end each turn whose end is known with its Worked-for row, naming the day when it was not today", () => {
    const now = new Date(2026, 11, 2, 11, 0);
    const turn = (completedAtMs: number) => ({ user: 'go', byteOffset: 0, file: 'f', items: [{ kind: 'agent' as const, text: 'done' }], worked: { ms: 36338, completedAtMs } });
    const earlier = new Date(2026, 10, 17, 23, 23);
    expect(turnCells([turn(earlier.getTime()), { user: 'no end known', byteOffset: 0, file: 'f', items: [] }], now)).toEqual([
      { kind: 'user', text: 'go' },
      { kind: 'agent', text: 'done' },
      { kind: 'worked', ms: 36338, at: earlier, day: 'Nov 17' },
      { kind: 'user', text: 'no end known' },
    ]);
    expect(turnCells([turn(new Date(2026, 11, 2, 9, 8).getTime())], now).at(-1)).toEqual({ kind: 'worked', ms: 36338, at: new Date(2026, 11, 2, 9, 8) });
  });

  it('name a day as upstream does: none today, month and day this year, with the year before it', () => {
    const now = new Date(2026, 11, 2, 11, 0);
    expect(dayLabel(new Date(2026, 11, 2, 0, 5), now)).toBeUndefined();
    expect(dayLabel(new Date(2026, 11, 1, 23, 59), now)).toBe('Dec 1');
    expect(dayLabel(new Date(2026, 10, 2, 11, 9), now)).toBe('Nov 2');
    expect(dayLabel(new Date(2025, 9, 28, 11, 9), now)).toBe('Oct 28, 2025');
  });

  it("take a command's exit code and a patch's files as given when an app-server's items name them", () => {
    const cells = turnCells([
      {
        user: 'go',
        byteOffset: 0,
        file: '',
        items: [
          { kind: 'command', text: 'cat pkg/quiet.md', output: '\n', exitCode: 0, callId: 'c1' },
          { kind: 'patch', text: '', files: ['a.ts', 'b.ts'] },
        ],
      },
    ]);
    expect(cells).toEqual([
      { kind: 'user', text: 'go' },
      { kind: 'command', id: 'c1', command: 'cat pkg/quiet.md', output: '\n', exitCode: 0, running: false },
      { kind: 'info', text: 'Edited a.ts, b.ts' },
    ]);
  });

  it('come from the turns a session was opened with when it has them (a thread on an app-server), else from its rollout or history', async () => {
    const turns = [{ user: 'remote prompt', byteOffset: 0, file: '', items: [{ kind: 'agent' as const, text: 'remote answer' }] }];
    expect(await earlierCells({ transcriptFile: null, history: [], turns }, '/nowhere')).toEqual([
      { kind: 'user', text: 'remote prompt' },
      { kind: 'agent', text: 'remote answer' },
    ]);
    expect(await earlierCells({ transcriptFile: null, history: [] }, '/nowhere')).toEqual([]);
  });

  it("show a command's own output and exit code, exec_command's header taken off as upstream's resume does", () => {
    expect(commandResult('Chunk ID: db065d\nWall time: 0.0000 seconds\nProcess exited with code 0\nOriginal token count: 4\nOutput:\nhello-from-tool\n')).toEqual({ output: 'hello-from-tool\n', exitCode: 0 });
    expect(commandResult('Chunk ID: 1\nWall time: 2.0 seconds\nProcess exited with code 2\nOutput:\n')).toEqual({ output: '', exitCode: 2 });
    expect(commandResult('Chunk ID: 1\nWall time: 2.0 seconds\nProcess running with session ID 7\nOutput:\nstill going')).toEqual({ output: 'still going', exitCode: null });
    // Anything else (a legacy shell call's output) is shown as it is.
    expect(commandResult('1 failed')).toEqual({ output: '1 failed', exitCode: null });
  });
});
