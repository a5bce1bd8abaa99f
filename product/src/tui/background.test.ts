import { describe, expect, it } from 'vitest';
import { backgroundLines } from './background.ts';

const text = (lines: ReturnType<typeof backgroundLines>) => lines.map((l) => l.map((s) => s.text).join(''));

describe('/ps', () => {
  it('says there is no background terminal, under its heading', () => {
    expect(text(backgroundLines([]))).toEqual(['/ps', '', 'Background terminals', '', '  • No background terminals running.']);
  });
  it('lists each running command as typed (the shell wrapper taken off)', () => {
    expect(text(backgroundLines([{ id: 1, command: ['/bin/bash', '-lc', 'npm run dev'] }, { id: 2, command: ['tail', '-f', 'log'] }])).slice(4)).toEqual(['  • npm run dev', '  • tail -f log']);
  });
});
