// `[tui] theme`: the syntax theme read at start and what `/theme` saves. An unknown name is reported
// as upstream reports it and upstream's default is used instead.
import path from 'node:path';
import { editConfigFile } from '../core/config/edit.ts';
import { isThemeName } from './syntax/catalogue.ts';

/** The configured theme, or undefined (upstream's default) with a warning when the name is unknown. */
export function configuredTheme(tui: Record<string, unknown> | undefined): { theme?: string; warning?: string } {
  const name = tui?.theme;
  if (typeof name !== 'string' || !name) return {};
  if (isThemeName(name)) return { theme: name };
  return { warning: `Unknown syntax theme "${name}", falling back to auto-detection. Use a bundled name or place a .tmTheme file at ~/.codex/themes/${name}.tmTheme` };
}

/** `/theme`'s choice kept in `$CODEX_HOME/config.toml` (the rest of the file as it was). */
export function saveTheme(codexHome: string, name: string): void {
  editConfigFile(path.join(codexHome, 'config.toml'), ['tui', 'theme'], name);
}
