// `--trust`: marks a project trusted in $CODEX_HOME/config.toml (as codex does), layout kept.
import path from 'node:path';
import { ConfigError, resolveCodexHome } from '../core/config/index.ts';
import { editConfigFile } from '../core/config/edit.ts';

/** Writes `[projects."<cwd>"] trust_level = "trusted"`; false (with the error printed) when it cannot. */
export function trustProject(cwd: string, codexHome: string = resolveCodexHome()): boolean {
  try {
    editConfigFile(path.join(codexHome, 'config.toml'), ['projects', cwd, 'trust_level'], 'trusted');
    return true;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    process.stderr.write(`Error: ${e.message}\n`);
    return false;
  }
}
