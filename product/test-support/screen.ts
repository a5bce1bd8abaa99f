// A headless terminal for csm's TUI tests (`#test-support/screen`): the code under test writes to a
// fake TTY stream, a headless xterm parses those bytes as a real terminal would, and the test reads
// the screen a user would see as text (or cell by cell through `term`).
import { PassThrough } from 'node:stream';
import xterm from '@xterm/headless';

// The package is CJS only: its classes hang off the default export.
const { Terminal } = xterm;

export type TtyOutput = PassThrough & { isTTY: true; columns: number; rows: number };

export interface HeadlessScreen {
  /** Hand this to the code under test as its output stream. */
  output: TtyOutput;
  term: InstanceType<typeof Terminal>;
  /** The visible rows as text, each right-trimmed, once every byte written so far is parsed. */
  text(): Promise<string>;
  /** Polls the screen until it contains `want` (or satisfies it); on timeout the error shows the last screen. */
  waitFor(want: string | RegExp | ((screen: string) => boolean), what?: string): Promise<string>;
  /** Resizes the terminal and tells the code under test, as a window resize would. */
  resize(cols: number, rows: number): void;
}

export interface ScreenOptions {
  cols: number;
  rows: number;
  /** Turn \n into \r\n, as a PTY's line discipline does once raw mode is off. */
  convertEol?: boolean;
  /** More to show when waitFor times out (e.g. what the code under test wrote to stderr). */
  context?: () => string;
  timeoutMs?: number;
}

export function headlessScreen(o: ScreenOptions): HeadlessScreen {
  const term = new Terminal({ cols: o.cols, rows: o.rows, allowProposedApi: true, convertEol: o.convertEol ?? false });
  const output: TtyOutput = Object.assign(new PassThrough(), { isTTY: true as const, columns: o.cols, rows: o.rows });
  // Bytes, not strings: a UTF-8 character split across two writes must still decode as one.
  let parsed = Promise.resolve();
  output.on('data', (d: Buffer) => (parsed = parsed.then(() => new Promise<void>((r) => term.write(d, r)))));

  const text = async () => {
    await parsed;
    const b = term.buffer.active;
    return Array.from({ length: term.rows }, (_, y) => b.getLine(b.viewportY + y)?.translateToString(true).trimEnd() ?? '').join('\n');
  };
  const matches = (want: string | RegExp | ((screen: string) => boolean), screen: string) =>
    typeof want === 'string' ? screen.includes(want) : want instanceof RegExp ? want.test(screen) : want(screen);

  return {
    output,
    term,
    text,
    async waitFor(want, what = String(want)) {
      const deadline = Date.now() + (o.timeoutMs ?? 10_000);
      let last = '';
      while (Date.now() < deadline) {
        last = await text();
        if (matches(want, last)) return last;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`timed out waiting for ${what}; the screen:\n${last}\n${o.context?.() ?? ''}`);
    },
    resize(cols, rows) {
      term.resize(cols, rows);
      Object.assign(output, { columns: cols, rows });
      output.emit('resize');
    },
  };
}
