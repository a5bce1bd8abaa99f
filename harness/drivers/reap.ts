// Every process a run started dies with the run: anything whose environment carries the run's
// CODEX_HOME is killed, including daemons that re-parented themselves to init.
import { readFileSync, readdirSync } from 'node:fs';

export function processesWithEnv(needle: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || +entry === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
      if (environ.split('\0').includes(needle)) pids.push(+entry);
    } catch {
      // exited or not ours to read
    }
  }
  return pids;
}

export function reapRun(codexHome: string): number {
  const pids = processesWithEnv(`CODEX_HOME=${codexHome}`);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return pids.length;
}
