// Layering TOML tables: a higher layer's tables merge key by key into a lower layer's; anything
// else (strings, numbers, arrays, datetimes) replaces the lower value outright. Inputs are not mutated.

export type Table = Record<string, unknown>;

export function isTable(value: unknown): value is Table {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

export function mergeTables(lower: Table, higher: Table): Table {
  const out: Table = { ...lower };
  for (const [key, value] of Object.entries(higher)) {
    const below = out[key];
    out[key] = isTable(below) && isTable(value) ? mergeTables(below, value) : value;
  }
  return out;
}

/** Merge any number of layers, lowest first. */
export function mergeLayers(layers: readonly Table[]): Table {
  return layers.reduce<Table>((acc, layer) => mergeTables(acc, layer), {});
}

/** A table holding `value` at `path`, e.g. (['a','b'], 1) → { a: { b: 1 } }. */
export function tableAt(path: readonly string[], value: unknown): Table {
  if (path.length === 0) throw new Error('tableAt: empty path');
  let node: unknown = value;
  for (let i = path.length - 1; i >= 0; i--) node = { [path[i]]: node };
  return node as Table;
}
