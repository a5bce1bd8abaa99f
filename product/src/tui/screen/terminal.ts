// The one owner of the terminal for every full-screen view (the chat, the session picker): it puts
// the terminal in the alternate screen, raw mode, bracketed paste and focus reporting; turns input
// bytes into keys (one UTF-8 decoder, one stateful key parser with its escape timeout); sends frames
// as diffs; suspends on Ctrl-Z and comes back on SIGCONT; and restores the terminal on every way
// out: close(), an error that reaches process exit, SIGTERM/SIGHUP/SIGQUIT.
import { StringDecoder } from 'node:string_decoder';
import { CLEAR_SCREEN, diffFrames, ENTER_ALT_SCREEN, LEAVE_ALT_SCREEN, setWindowTitle } from './ansi.ts';
import type { Canvas } from './canvas.ts';
import { ESCAPE_TIMEOUT_MS, KeyParser, type Key } from './keys.ts';

/** What a view receives: keys, and a resize (or a return from suspension) after which it draws again. */
export type TerminalEvent = Key | { kind: 'resize' };
export type EventHandler = (e: TerminalEvent) => void;

export interface TerminalStreams {
  input: NodeJS.ReadStream;
  output: NodeJS.WriteStream;
}

export interface TerminalOptions {
  /** stops the process after the terminal is restored (default: SIGTSTP to itself) */
  suspend?: () => void;
  /** listen for SIGCONT/SIGTERM/SIGHUP/SIGQUIT and process exit (default true; off in tests without a TTY) */
  signals?: boolean;
  escapeTimeoutMs?: number;
}

export const ENABLE_BRACKETED_PASTE = '\x1b[?2004h';
export const DISABLE_BRACKETED_PASTE = '\x1b[?2004l';
const ENABLE_FOCUS = '\x1b[?1004h';
const DISABLE_FOCUS = '\x1b[?1004l';

const ENTER_MODES = ENTER_ALT_SCREEN + ENABLE_BRACKETED_PASTE + ENABLE_FOCUS;
const QUERY_BACKGROUND = '\x1b]11;?\x1b\\';
const LEAVE_MODES = DISABLE_FOCUS + DISABLE_BRACKETED_PASTE + LEAVE_ALT_SCREEN;
const FATAL_SIGNALS = ['SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;
const SIGNAL_NUMBERS: Record<(typeof FATAL_SIGNALS)[number], number> = { SIGHUP: 1, SIGQUIT: 3, SIGTERM: 15 };

export class Terminal {
  private readonly decoder = new StringDecoder('utf8');
  private readonly parser = new KeyParser();
  private escapeTimer: NodeJS.Timeout | null = null;
  private handlers: EventHandler[] = [];
  private shown: Canvas | null = null;
  private shownTitle: string | null = null;
  private active = false;
  private closed = false;
  private readonly cleanups: Array<() => void> = [];

  private constructor(
    private readonly io: TerminalStreams,
    private readonly opts: TerminalOptions,
  ) {}

  /** Takes over the terminal: alternate screen, raw mode, paste and focus reporting. */
  static open(io: TerminalStreams, opts: TerminalOptions = {}): Terminal {
    const t = new Terminal(io, opts);
    t.start();
    return t;
  }

  size(): { cols: number; rows: number } {
    return { cols: this.io.output.columns || 80, rows: this.io.output.rows || 24 };
  }

  /**
   * Makes `handler` the one that receives events until the returned function is called (then the
   * one before it gets them again). A view opened over another (the picker over the chat) pushes.
   */
  handle(handler: EventHandler): () => void {
    this.handlers.push(handler);
    return () => {
      this.handlers = this.handlers.filter((h) => h !== handler);
    };
  }

  /** Shows `frame`, sending only what changed since the last one; sets the window title when given and changed. */
  draw(frame: Canvas, title?: string): void {
    if (this.closed || !this.active) return;
    let out = diffFrames(this.shown, frame);
    if (title !== undefined && title !== this.shownTitle) out += setWindowTitle(title);
    if (out) this.io.output.write(out);
    this.shown = frame;
    if (title !== undefined) this.shownTitle = title;
  }

  /** The next draw repaints everything (another view drew over this one). */
  invalidate(): void {
    if (!this.active) return;
    this.shown = null;
    this.io.output.write(CLEAR_SCREEN);
  }

  /** Restores the terminal as it was; safe to call more than once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.leave();
    if (this.escapeTimer) clearTimeout(this.escapeTimer);
    for (const undo of this.cleanups.splice(0)) undo();
    this.io.input.pause();
  }

  /** Ctrl-Z: the terminal as it was, the process stopped; SIGCONT (`fg`) calls resume(). */
  suspend(): void {
    this.leave();
    (this.opts.suspend ?? (() => process.kill(process.pid, 'SIGTSTP')))();
  }

  /** Back from suspension: modes on again and a full redraw. */
  resume(): void {
    if (this.closed || this.active) return;
    this.enter();
    this.emit({ kind: 'resize' });
  }

  private start(): void {
    const { input, output } = this.io;
    const onData = (d: Buffer | string) => this.onInput(typeof d === 'string' ? d : this.decoder.write(d));
    const onResize = () => {
      this.invalidate();
      this.emit({ kind: 'resize' });
    };
    input.on('data', onData);
    output.on('resize', onResize);
    this.cleanups.push(() => input.off('data', onData), () => output.off('resize', onResize));
    if (this.opts.signals ?? true) this.listenForSignals();
    this.enter();
    input.resume();
  }

  private enter(): void {
    // The default background is asked for too (OSC 11): on a light one code takes a light theme, as upstream's.
    this.io.output.write(ENTER_MODES + QUERY_BACKGROUND);
    this.io.input.setRawMode?.(true);
    this.active = true;
    this.shown = null;
    this.shownTitle = null;
  }

  private leave(): void {
    if (!this.active) return;
    this.active = false;
    this.io.input.setRawMode?.(false);
    this.io.output.write(LEAVE_MODES + (this.shownTitle ? setWindowTitle('') : ''));
  }

  private listenForSignals(): void {
    const onCont = () => this.resume();
    const onExit = () => this.leave();
    const onFatal = (sig: (typeof FATAL_SIGNALS)[number]) => {
      this.close();
      process.exit(128 + SIGNAL_NUMBERS[sig]);
    };
    process.on('SIGCONT', onCont);
    process.on('exit', onExit);
    for (const sig of FATAL_SIGNALS) process.on(sig, onFatal);
    this.cleanups.push(() => {
      process.off('SIGCONT', onCont);
      process.off('exit', onExit);
      for (const sig of FATAL_SIGNALS) process.off(sig, onFatal);
    });
  }

  private onInput(text: string): void {
    if (this.escapeTimer) clearTimeout(this.escapeTimer);
    this.escapeTimer = null;
    this.deliver(this.parser.feed(text));
    if (this.parser.waiting) {
      this.escapeTimer = setTimeout(() => {
        this.escapeTimer = null;
        this.deliver(this.parser.timeout());
      }, this.opts.escapeTimeoutMs ?? ESCAPE_TIMEOUT_MS);
    }
  }

  private deliver(keys: Key[]): void {
    for (const k of keys) {
      if (this.closed) return;
      if (k.kind === 'ctrl-z') this.suspend();
      else this.emit(k);
    }
  }

  private emit(e: TerminalEvent): void {
    this.handlers.at(-1)?.(e);
  }
}
