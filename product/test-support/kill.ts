// What the kill tests share (`#test-support/kill`): the built csm spawned in a process group of its
// own so a SIGKILL takes it and its children at once, the one rollout a run wrote, and the texts a
// request sent back to the model.
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CSM = fileURLToPath(new URL('../../dist/csm.mjs', import.meta.url));

export interface Killable {
  child: ChildProcess;
  /** how the process ended: the signal's name, or `exit N` */
  closed: Promise<string>;
  /** SIGKILL the whole process group (nothing if it is already gone) */
  kill(): void;
}

/** `csm ARGV` with stdin closed, in a process group of its own. */
export function spawnCsmKillable(argv: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; stdout?: 'pipe' | 'ignore'; stderr?: 'pipe' | 'ignore' }): Killable {
  const child = spawn(process.execPath, [CSM, ...argv], { cwd: opts.cwd, env: opts.env, stdio: ['pipe', opts.stdout ?? 'pipe', opts.stderr ?? 'pipe'], detached: true });
  child.stdin!.end();
  const closed = new Promise<string>((resolve) => child.on('close', (code, signal) => resolve(signal ?? `exit ${code}`)));
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone (it finished, or something else killed it)
    }
  };
  return { child, closed, kill };
}

/** Every `.jsonl` under CODEX_HOME/sessions. */
export function rolloutFiles(codexHome: string): string[] {
  const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
  return walk(path.join(codexHome, 'sessions')).filter((f) => f.endsWith('.jsonl'));
}

/** The session id a rollout file is named for. */
export const sessionIdOf = (file: string): string => /([0-9a-f-]{36})\.jsonl$/.exec(file)![1];

/** The texts of the message items of a request body's input, in order. */
export function messageTexts(body: unknown): string[] {
  const input = (body as { input: Array<{ type: string; content?: Array<{ text?: string }> }> }).input;
  return input.filter((i) => i.type === 'message').map((i) => (i.content ?? []).map((c) => c.text ?? '').join(''));
}

/** The lines of a JSONL text that do not parse (empty lines are none). */
export function unparsableLines(text: string): string[] {
  return text.split('\n').filter((l) => {
    if (!l) return false;
    try {
      JSON.parse(l);
      return false;
    } catch {
      return true;
    }
  });
}
