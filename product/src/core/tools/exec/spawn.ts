// Starting a child process behind one small interface, either in a pseudo-terminal (node-pty) or
// with plain pipes (stdout and stderr merged, no stdin), which is what `tty` chooses between.
import { spawn as spawnPiped } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { StringDecoder } from 'node:string_decoder';

import { createRequire } from 'node:module';

// node-pty's native addon loads on the first command, not with every csm start.
type Pty = typeof import('@lydell/node-pty');
let ptyModule: Pty | null = null;
const pty = (): Pty => (ptyModule ??= createRequire(import.meta.url)('@lydell/node-pty') as Pty);

export interface SpawnRequest {
  /** Program and arguments; `argv[0]` is looked up on PATH when it has no slash. */
  readonly argv: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** true: a PTY of `cols`×`rows`; false: pipes, stdin closed. */
  readonly tty: boolean;
  readonly cols?: number;
  readonly rows?: number;
}

/** A running child. `onData` gets decoded text; `onExit` fires once, after the last data. */
export interface Child {
  readonly pid: number;
  readonly tty: boolean;
  /** Sends text to stdin. Returns false when the child has no stdin (pipe mode). */
  write(data: string): boolean;
  /** SIGKILLs the child's whole process group. */
  kill(): void;
  onData(listener: (text: string) => void): void;
  onExit(listener: (exitCode: number) => void): void;
}

export const DEFAULT_COLS = 80;
export const DEFAULT_ROWS = 24;
/** How long a pipe child's output may keep flowing after it exits (a background job can hold the pipe). */
const PIPE_DRAIN_GRACE_MS = 250;

/** Shell convention for a death by signal: 128 + the signal number. */
function signalExitCode(signal: number | NodeJS.Signals): number {
  const number = typeof signal === 'number' ? signal : (osConstants.signals[signal] ?? 0);
  return 128 + number;
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

export function spawnChild(request: SpawnRequest): Child {
  const [file, ...args] = request.argv;
  if (!file) throw new Error('missing command line');
  return request.tty ? spawnInPty(file, args, request) : spawnWithPipes(file, args, request);
}

function spawnInPty(file: string, args: string[], request: SpawnRequest): Child {
  const term = pty().spawn(file, args, {
    name: request.env.TERM ?? 'xterm-256color',
    cols: request.cols ?? DEFAULT_COLS,
    rows: request.rows ?? DEFAULT_ROWS,
    cwd: request.cwd,
    env: { ...request.env },
  });
  // node-pty can report the exit before the last output has been read from the terminal: the exit
  // is passed on once output has been quiet for PTY_DRAIN_MS (at most PTY_DRAIN_MAX_MS).
  let lastData = Date.now();
  term.onData(() => (lastData = Date.now()));
  const drained = (then: () => void) => {
    const exitedAt = Date.now();
    const check = () => {
      const now = Date.now();
      if (now - lastData >= PTY_DRAIN_MS || now - exitedAt >= PTY_DRAIN_MAX_MS) then();
      else setTimeout(check, PTY_DRAIN_MS);
    };
    setTimeout(check, PTY_DRAIN_MS);
  };
  // node-pty makes the child a session (and process group) leader, so -pid reaches its jobs too.
  return {
    pid: term.pid,
    tty: true,
    write(data) {
      term.write(data);
      return true;
    },
    kill: () => killGroup(term.pid),
    onData: (listener) => void term.onData(listener),
    onExit: (listener) =>
      void term.onExit(({ exitCode, signal }) => drained(() => listener(signal ? signalExitCode(signal) : exitCode))),
  };
}

const PTY_DRAIN_MS = 20;
const PTY_DRAIN_MAX_MS = 500;

function spawnWithPipes(file: string, args: string[], request: SpawnRequest): Child {
  const child = spawnPiped(file, args, {
    cwd: request.cwd,
    env: { ...request.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so kill() reaches background jobs
  });
  const dataListeners: ((text: string) => void)[] = [];
  const exitListeners: ((code: number) => void)[] = [];
  let exitCode: number | null = null;
  let finished = false;

  const emit = (text: string) => {
    if (text && !finished) for (const listener of dataListeners) listener(text);
  };
  for (const stream of [child.stdout, child.stderr]) {
    const decoder = new StringDecoder('utf8');
    stream.on('data', (bytes: Buffer) => emit(decoder.write(bytes)));
    stream.on('end', () => emit(decoder.end()));
  }

  const finish = () => {
    if (finished || exitCode === null) return;
    finished = true;
    child.stdout.destroy();
    child.stderr.destroy();
    for (const listener of exitListeners) listener(exitCode);
  };
  child.on('exit', (code, signal) => {
    exitCode = code ?? (signal ? signalExitCode(signal) : 1);
    setTimeout(finish, PIPE_DRAIN_GRACE_MS).unref();
  });
  child.on('close', finish);
  child.on('error', (error) => {
    // Spawn failures (ENOENT, EACCES) arrive here instead of as an exit.
    emit(`${error.message}\n`);
    exitCode ??= 127;
    finish();
  });

  return {
    pid: child.pid ?? -1,
    tty: false,
    write: () => false,
    kill: () => {
      if (child.pid !== undefined) killGroup(child.pid);
    },
    onData: (listener) => void dataListeners.push(listener),
    onExit: (listener) => void exitListeners.push(listener),
  };
}
