// What `/keymap` does when an action's keys are chosen: config.toml gets the binding (or loses it),
// the running TUI's keymap follows at once, and the transcript says what changed.
import path from 'node:path';
import { readKeymapConfig, resolveKeymap, type KeymapConfig, type ResolvedKeymap } from '../core/config/keymap.ts';
import { saveKeymapBinding } from '../core/config/keymap-edit.ts';
import type { HistoryCell } from './state.ts';

/** The keymap a TUI starts with: `[tui.keymap]` of the resolved config (validated when it was loaded). */
export function keymapConfigOf(tui: Record<string, unknown> | undefined): KeymapConfig {
  return readKeymapConfig(tui?.keymap).config;
}

/** Saves one change and returns the keymap after it, with the line the transcript shows. */
export function saveKeymapChange(codexHome: string, config: KeymapConfig, change: { context: string; action: string; specs: string[] | null }): { config: KeymapConfig; keymap: ResolvedKeymap; notice: HistoryCell } {
  const { context, action, specs } = change;
  saveKeymapBinding(path.join(codexHome, 'config.toml'), context, action, specs);
  const table = { ...config[context] };
  if (specs === null) delete table[action];
  else table[action] = specs;
  const next = { ...config, [context]: table };
  const id = `\`${context}.${action}\``;
  const text = specs === null ? `Removed custom shortcut for ${id}.` : specs.length ? `Remapped ${id} to ${specs.map((s) => `\`${s}\``).join(', ')}.` : `Unbound ${id}.`;
  return { config: next, keymap: resolveKeymap(next), notice: { kind: 'notice', text } };
}
