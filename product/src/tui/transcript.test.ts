import { describe, expect, it } from 'vitest';
import { turnCells } from './transcript.ts';

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
});
