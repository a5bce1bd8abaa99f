import { describe, expect, it } from 'vitest';
import { currentEnvironment, environmentDifferences } from './environment.ts';

describe('the environment manifest', () => {
  const here = currentEnvironment({ cols: 80, rows: 24 }, 'C.UTF-8');

  it('describes the pinned upstream build and this machine', () => {
    expect(here.upstream.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(here.upstream.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(here.node).toBe(process.version);
    expect(here.terminal).toEqual({ cols: 80, rows: 24 });
  });

  it('names every field that differs from where a golden was recorded', () => {
    const recorded = { ...here, bubblewrap: 'not installed', upstream: { ...here.upstream, sha256: 'f'.repeat(64) } };
    expect(environmentDifferences(recorded, here)).toEqual([
      `upstream.sha256: recorded with "${'f'.repeat(64)}", here "${here.upstream.sha256}"`,
      `bubblewrap: recorded with "not installed", here ${JSON.stringify(here.bubblewrap)}`,
    ]);
    expect(environmentDifferences(here, here)).toEqual([]);
    expect(environmentDifferences(null, here)).toEqual([]);
  });
});
