import { describe, expect, it } from 'vitest';
import { commandResult, turnCells } from './transcript.ts';

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

  it("show a command's own output and exit code, exec_command's header taken off as upstream's resume does", () => {
    expect(commandResult('Chunk ID: db065d\nWall time: 0.0000 seconds\nProcess exited with code 0\nOriginal token count: 4\nOutput:\nhello-from-tool\n')).toEqual({ output: 'hello-from-tool\n', exitCode: 0 });
    expect(commandResult('Chunk ID: 1\nWall time: 2.0 seconds\nProcess exited with code 2\nOutput:\n')).toEqual({ output: '', exitCode: 2 });
    expect(commandResult('Chunk ID: 1\nWall time: 2.0 seconds\nProcess running with session ID 7\nOutput:\nstill going')).toEqual({ output: 'still going', exitCode: null });
    // Anything else (a legacy shell call's output) is shown as it is.
    expect(commandResult('1 failed')).toEqual({ output: '1 failed', exitCode: null });
  });
});
