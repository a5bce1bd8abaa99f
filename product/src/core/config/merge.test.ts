import { describe, expect, it } from 'vitest';
import { mergeLayers, mergeTables, tableAt } from './merge.ts';

describe('mergeTables', () => {
  it('merges tables key by key and lets the higher layer replace scalars and arrays', () => {
    const lower = { model: 'a', tui: { animations: true, theme: 'x' }, args: [1, 2] };
    const higher = { model: 'b', tui: { theme: 'y' }, args: [3] };
    expect(mergeTables(lower, higher)).toEqual({ model: 'b', tui: { animations: true, theme: 'y' }, args: [3] });
  });

  it('does not mutate its inputs', () => {
    const lower = { tui: { a: 1 } };
    mergeTables(lower, { tui: { b: 2 } });
    expect(lower).toEqual({ tui: { a: 1 } });
  });

  it('lets a table replace a scalar and a scalar replace a table', () => {
    expect(mergeTables({ a: 1 }, { a: { b: 2 } })).toEqual({ a: { b: 2 } });
    expect(mergeTables({ a: { b: 2 } }, { a: 1 })).toEqual({ a: 1 });
  });

  it('treats datetimes as values, not tables', () => {
    const when = new Date('2026-01-01T00:00:00Z');
    expect(mergeTables({ a: { b: 1 } }, { a: when })).toEqual({ a: when });
  });
});

describe('mergeLayers', () => {
  it('applies layers lowest first', () => {
    expect(mergeLayers([{ m: 1, n: 1 }, { m: 2 }, { m: 3 }])).toEqual({ m: 3, n: 1 });
  });
});

describe('tableAt', () => {
  it('nests a value under a path', () => {
    expect(tableAt(['a', 'b', 'c'], 1)).toEqual({ a: { b: { c: 1 } } });
  });
});
