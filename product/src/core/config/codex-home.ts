// Where Codex keeps its config, sessions and logs: `$CODEX_HOME`, else `~/.codex`.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function resolveCodexHome(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const fromEnv = env.CODEX_HOME?.trim();
  if (fromEnv) return resolve(fromEnv);
  return join(home, '.codex');
}
