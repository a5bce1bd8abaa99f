// Process warnings (Node's MaxListenersExceededWarning, deprecations…) while the TUI owns the
// terminal: Node would print them over the screen; they go to csm's log instead, redacted, and are
// kept for the session. Node's own printer is put back when the TUI ends.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { redactText } from '../core/rollout/secrets.ts';
import { crashLogPath } from '../runtime/crash-log.ts';

export interface WarningSink {
  /** the warnings seen so far, oldest first */
  readonly seen: readonly string[];
  /** gives the warnings back to Node's printer */
  restore(): void;
}

export function captureWarnings(codexHome: string, proc: NodeJS.Process = process): WarningSink {
  const printers = proc.listeners('warning');
  proc.removeAllListeners('warning');
  const seen: string[] = [];
  const onWarning = (w: Error) => {
    const line = `${w.name}: ${w.message}`;
    seen.push(line);
    try {
      const file = crashLogPath(codexHome);
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      appendFileSync(file, redactText(`${new Date().toISOString()} warning (pid ${proc.pid}): ${w.stack ?? line}\n`), { mode: 0o600 });
    } catch {
      // A log that cannot be written loses the warning, never the screen.
    }
  };
  proc.on('warning', onWarning);
  return {
    seen,
    restore() {
      proc.off('warning', onWarning);
      for (const p of printers) proc.on('warning', p as (w: Error) => void);
    },
  };
}
