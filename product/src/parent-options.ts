// Subcommands that inherit their parent's options (`csm exec -c k=v resume …`).
/**
 * `csm exec -c k=v resume …`: options given before the subcommand apply to it too, as with codex.
 * Repeatable options add up; a single-valued one set on the subcommand wins.
 */
export function mergeParentOptions<T extends Record<string, unknown>>(parent: Record<string, unknown>, own: T, ownSources: (key: string) => string | undefined): T {
  const merged: Record<string, unknown> = { ...own };
  for (const [k, v] of Object.entries(parent)) {
    if (Array.isArray(v)) merged[k] = [...v, ...((own[k] as unknown[] | undefined) ?? [])];
    else if (v !== undefined && ownSources(k) !== 'cli') merged[k] = v;
  }
  return merged as T;
}
