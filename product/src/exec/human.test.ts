import { describe, expect, it } from 'vitest';
import { thousands } from './human.ts';

describe('token counts', () => {
  it('are grouped by thousands as en-US does', () => {
    for (const n of [0, 7, 999, 1000, 12_345, 1_234_567, 200_048_186]) expect(thousands(n)).toBe(n.toLocaleString('en-US'));
  });
});
