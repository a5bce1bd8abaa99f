// The live processes behind `exec_command` / `write_stdin`. A command runs until it exits or the
// caller's wait ends; if it is still running then, it becomes a session with a small numeric id
// that later calls write to and poll. Every call returns only the output produced since the
// previous call for that process, so the model never sees the same bytes twice.
import { stat } from 'node:fs/promises';

import { HeadTailBuffer, LineEndingNormalizer } from './buffer.ts';
import { spawnChild, type Child, type SpawnRequest } from './spawn.ts';

/** Per-process cap on buffered output, in characters (for new output and for the whole transcript each). */
export const DEFAULT_MAX_BUFFER_CHARS = 1024 * 1024;
/** Live sessions kept at most; starting one more kills the least recently used. */
export const DEFAULT_MAX_SESSIONS = 64;

export const EXEC_YIELD = { default: 10_000, min: 250, max: 30_000 } as const;
export const WRITE_YIELD = { default: 250, min: 250, max: 30_000 } as const;
/** An empty write is a poll; it waits longer by default because nothing new was asked of the process. */
export const POLL_YIELD = { default: 5_000, min: 5_000, max: 300_000 } as const;

/** Clamps a requested wait into `[min, max]`, using the default when none (or nonsense) was asked. */
export function clampYield(requested: number | undefined, range: { default: number; min: number; max: number }): number {
  const value = requested === undefined || !Number.isFinite(requested) ? range.default : requested;
  return Math.min(range.max, Math.max(range.min, Math.round(value)));
}

/** An error whose message is meant for the model (unknown session, closed stdin, bad workdir). */
export class ExecSessionError extends Error {
  override readonly name = 'ExecSessionError';
}

export interface StartRequest extends SpawnRequest {
  /** The command as the user should see it (before any sandbox wrapper); defaults to `argv`. */
  readonly command?: readonly string[];
  /** How long to wait for the process to exit before handing back a session id. */
  readonly yieldTimeMs: number;
  /**
   * `onEarly` is called once the process has run this long, or as soon as it exits if sooner (with
   * its exit code, output so far and OS process id); the wait for `yieldTimeMs` goes on afterwards.
   */
  readonly earlyExitMs?: number;
  readonly onEarly?: (early: { exitCode: number | null; output: string; pid: number }) => void;
  /** Called once when the process exits (also when that happens after this call has returned). */
  readonly onExit?: () => void;
  /** Called with the output as the process prints it, as decoded (also after this call has returned). */
  readonly onOutput?: (text: string) => void;
}

/** What one `exec` or `write` call observed. */
export interface Observation {
  /** The command this process runs, as given in `StartRequest.command`. */
  readonly command: readonly string[];
  /** The live session's id, or null once the process has exited. */
  readonly sessionId: number | null;
  /** The exit code, or null while the process is still running. */
  readonly exitCode: number | null;
  /** Output since the previous call, `\r\n` normalized, middle-cut past the buffer cap. */
  readonly output: string;
  /** Characters of output since the previous call, including any cut from the middle. */
  readonly outputChars: number;
  /** Everything the process has printed so far (same cap, head and tail kept). */
  readonly transcript: string;
  /** Time this call took, in milliseconds. */
  readonly wallTimeMs: number;
  /** The OS process id (of the sandbox wrapper when sandboxed). */
  readonly pid?: number;
}

export interface ProcessManagerOptions {
  readonly maxBufferChars?: number;
  readonly maxSessions?: number;
  /** Milliseconds clock; injectable for tests. */
  readonly now?: () => number;
}

class ManagedProcess {
  id: number | null = null;
  exitCode: number | null = null;
  lastUsed: number;
  private readonly fresh: HeadTailBuffer;
  private readonly all: HeadTailBuffer;
  private readonly lineEndings = new LineEndingNormalizer();
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly child: Child,
    readonly command: readonly string[],
    maxBufferChars: number,
    now: number,
  ) {
    this.lastUsed = now;
    this.fresh = new HeadTailBuffer(maxBufferChars);
    this.all = new HeadTailBuffer(maxBufferChars);
    child.onData((data) => this.record(this.lineEndings.push(data)));
    child.onExit((code) => {
      this.record(this.lineEndings.flush());
      this.exitCode = code;
      for (const wake of this.waiters) wake();
      this.waiters.clear();
    });
  }

  get exited(): boolean {
    return this.exitCode !== null;
  }

  private record(text: string): void {
    this.fresh.append(text);
    this.all.append(text);
  }

  /** Resolves when the process exits or after `ms`, whichever comes first. */
  wait(ms: number): Promise<void> {
    if (this.exited) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  /** Everything printed so far, without consuming it. */
  peekTranscript(): string {
    return this.all.snapshot().text;
  }

  takeOutput() {
    return { fresh: this.fresh.take(), transcript: this.all.snapshot().text };
  }
}

export class ProcessManager {
  private readonly maxBufferChars: number;
  private readonly maxSessions: number;
  private readonly now: () => number;
  private readonly sessions = new Map<number, ManagedProcess>();
  private readonly running = new Set<ManagedProcess>();
  private nextId = 1;

  constructor(options: ProcessManagerOptions = {}) {
    this.maxBufferChars = options.maxBufferChars ?? DEFAULT_MAX_BUFFER_CHARS;
    this.maxSessions = options.maxSessions ?? DEFAULT_MAX_SESSIONS;
    this.now = options.now ?? Date.now;
  }

  /** Starts a command and waits up to `yieldTimeMs` for it to exit. */
  async exec(request: StartRequest): Promise<Observation> {
    const started = this.now();
    await assertDirectory(request.cwd);
    let child: Child;
    try {
      child = spawnChild(request);
    } catch (error) {
      throw new ExecSessionError(`failed to start ${request.argv[0]}: ${(error as Error).message}`);
    }
    const proc = new ManagedProcess(child, request.command ?? request.argv, this.maxBufferChars, started);
    if (request.onOutput) child.onData(request.onOutput);
    this.running.add(proc);
    void new Promise<void>((resolve) => child.onExit(() => resolve())).then(() => {
      this.running.delete(proc);
      request.onExit?.();
    });

    if (request.onEarly) {
      await proc.wait(Math.min(request.earlyExitMs ?? 0, request.yieldTimeMs));
      request.onEarly({ exitCode: proc.exitCode, output: proc.peekTranscript(), pid: child.pid });
    }
    await proc.wait(Math.max(0, request.yieldTimeMs - (this.now() - started)));
    if (!proc.exited) this.register(proc);
    return this.observe(proc, started);
  }

  /**
   * Sends `chars` to a live session (nothing when empty), then waits up to `yieldTimeMs` for it to
   * exit, and returns what it printed since the last call.
   */
  async write(sessionId: number, chars: string, yieldTimeMs: number): Promise<Observation> {
    const started = this.now();
    const proc = this.sessions.get(sessionId);
    if (!proc) throw new ExecSessionError(`Unknown process id ${sessionId}`);
    proc.lastUsed = started;
    if (chars && !proc.exited && !proc.child.write(chars)) {
      throw new ExecSessionError('stdin is closed for this session; rerun exec_command with tty=true to keep stdin open');
    }
    await proc.wait(yieldTimeMs);
    return this.observe(proc, started);
  }

  /** Ids of the sessions still open (running, or exited with output not yet collected). */
  sessionIds(): number[] {
    return [...this.sessions.keys()];
  }

  /** The sessions whose process still runs, with their commands, oldest first. */
  runningCommands(): Array<{ id: number; command: readonly string[] }> {
    return [...this.sessions.entries()].filter(([, p]) => !p.exited).map(([id, p]) => ({ id, command: p.command }));
  }

  /** Kills one session's process group and forgets it. Returns false for an unknown id. */
  kill(sessionId: number): boolean {
    const proc = this.sessions.get(sessionId);
    if (!proc) return false;
    proc.child.kill();
    this.sessions.delete(sessionId);
    return true;
  }

  /** Kills every process this manager started and waits (up to `timeoutMs`) until they are gone. */
  async shutdown(timeoutMs = 2_000): Promise<void> {
    const alive = [...this.running];
    for (const proc of alive) proc.child.kill();
    this.sessions.clear();
    await Promise.all(alive.map((proc) => proc.wait(timeoutMs)));
  }

  private register(proc: ManagedProcess): void {
    if (this.sessions.size >= this.maxSessions) this.evictLeastRecentlyUsed();
    proc.id = this.nextId++;
    this.sessions.set(proc.id, proc);
  }

  private evictLeastRecentlyUsed(): void {
    let oldest: ManagedProcess | undefined;
    for (const proc of this.sessions.values()) {
      if (!oldest || proc.lastUsed < oldest.lastUsed) oldest = proc;
    }
    if (oldest?.id != null) this.kill(oldest.id);
  }

  private observe(proc: ManagedProcess, started: number): Observation {
    const { fresh, transcript } = proc.takeOutput();
    // Once the exit has been reported, the session is finished and its id is released.
    if (proc.exited && proc.id !== null) this.sessions.delete(proc.id);
    return {
      command: proc.command,
      sessionId: proc.exited ? null : proc.id,
      exitCode: proc.exitCode,
      output: fresh.text,
      outputChars: fresh.totalChars,
      transcript,
      wallTimeMs: this.now() - started,
      pid: proc.child.pid,
    };
  }
}

async function assertDirectory(cwd: string): Promise<void> {
  let isDirectory = false;
  try {
    isDirectory = (await stat(cwd)).isDirectory();
  } catch {
    throw new ExecSessionError(`working directory does not exist: ${cwd}`);
  }
  if (!isDirectory) throw new ExecSessionError(`working directory is not a directory: ${cwd}`);
}
