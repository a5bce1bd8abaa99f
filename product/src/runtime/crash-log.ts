// An error nobody handled (a bug in csm, not a problem with the user's input) ends csm with one line
// on the terminal; its stack goes to `$CODEX_HOME/log/csm.log` (upstream keeps its own log in the
// same folder, `log/codex-tui.log`), with known secrets redacted. Errors a person can act on (bad
// config, unknown session, a session open elsewhere) never come here: their front end prints them.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { resolveCodexHome } from '../core/config/codex-home.ts';
import { redactText } from '../core/rollout/secrets.ts';
import { VERSION } from '../version.ts';

export function crashLogPath(codexHome: string = resolveCodexHome()): string {
  return path.join(codexHome, 'log', 'csm.log');
}

function describe(error: unknown): { summary: string; detail: string } {
  if (error instanceof Error) {
    const summary = error.message.split('\n').find((l) => l.trim()) ?? error.name;
    return { summary, detail: error.stack ?? `${error.name}: ${error.message}` };
  }
  return { summary: String(error), detail: String(error) };
}

/**
 * Appends the error's stack to the log and writes one line for the person: the error's first line
 * and where the details are. Never throws: a log that cannot be written leaves only the line.
 */
export function reportUnexpected(error: unknown, write: (text: string) => void = (t) => process.stderr.write(t), codexHome?: string): void {
  const { summary, detail } = describe(error);
  let where = '';
  try {
    const file = crashLogPath(codexHome);
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    appendFileSync(file, redactText(`${new Date().toISOString()} csm ${VERSION} (pid ${process.pid}) unexpected error:\n${detail}\n\n`), { mode: 0o600 });
    where = ` (details in ${file})`;
  } catch {
    // The line still goes out.
  }
  write(`Error: ${redactText(summary)}${where}\n`);
}
