// Paths as upstream's TUI shows them: the home directory as ~.
import { homedir } from 'node:os';
import path from 'node:path';

export function tildePath(p: string, home: string = homedir()): string {
  if (!home || home === path.sep) return p;
  return p === home ? '~' : p.startsWith(home + path.sep) ? `~${p.slice(home.length)}` : p;
}
