// Saving one `[tui.keymap.<context>]` binding to config.toml as `/keymap` does: the person's file
// kept as written (comments, order), the binding under its own `[tui.keymap.<context>]` table
// (added at the end when the file has none), and removed again by "Remove custom binding".
import { editConfigText, setTomlValue } from './edit.ts';
import { parseToml } from './toml-file.ts';

const isTable = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);

/** `text` with `tui.keymap.<context>.<action>` set to `specs` (one spec as a string), or removed when `specs` is null. */
export function setKeymapBindingText(text: string, context: string, action: string, specs: readonly string[] | null, file = 'config.toml'): string {
  const doc = parseToml(text, file) as Record<string, unknown>;
  const tui = doc.tui;
  const keymap = isTable(tui) ? tui.keymap : undefined;
  const table = isTable(keymap) ? keymap[context] : undefined;
  if (specs === null && !isTable(table)) return text;
  // A table header of its own, as upstream writes it, rather than an inline table under [tui].
  const base = specs !== null && !isTable(table) ? `${text}${text && !text.endsWith('\n') ? '\n' : ''}${text.trim() ? '\n' : ''}[tui.keymap.${context}]\n` : text;
  return setTomlValue(base, ['tui', 'keymap', context, action], specs === null ? undefined : specs.length === 1 ? specs[0] : [...specs], file);
}

export function saveKeymapBinding(file: string, context: string, action: string, specs: readonly string[] | null): void {
  editConfigText(file, (before) => setKeymapBindingText(before, context, action, specs, file));
}
