import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { labelsPath, readLabels, updateLabels } from './labels.ts';

describe('session labels', () => {
  it('pin and tag a session, newest entry winning, tags deduplicated and sorted', () => {
    const home = mkdtempSync(path.join(tmpdir(), 'labels-'));
    updateLabels(home, 'a', (l) => ({ ...l, pinned: true }));
    updateLabels(home, 'a', (l) => ({ ...l, tags: [...l.tags, 'work', 'bug', 'work'] }));
    updateLabels(home, 'b', (l) => ({ ...l, tags: ['x'] }));
    expect(readLabels(home).get('a')).toEqual({ pinned: true, tags: ['bug', 'work'] });
    expect(readLabels(home).get('b')).toEqual({ pinned: false, tags: ['x'] });
  });

  it('skip a torn line instead of failing', () => {
    const home = mkdtempSync(path.join(tmpdir(), 'labels-'));
    updateLabels(home, 'a', (l) => ({ ...l, pinned: true }));
    appendFileSync(labelsPath(home), '{"id":"a","pinn');
    expect(readLabels(home).get('a')?.pinned).toBe(true);
  });
});
