// A headless xterm that turns PTY bytes into comparable screen frames.
import xterm from '@xterm/headless';
import type { IBufferCell, Terminal as XTerminal } from '@xterm/headless';

// The package is CJS only; named ESM imports fail (STACK.md §2).
const { Terminal } = xterm;

export interface Cell {
  ch: string;
  /** 1 normal, 2 wide, 0 the trailing half of a wide char. */
  width: number;
  /** 'default', 'p<N>' (palette) or '#rrggbb'. */
  fg: string;
  bg: string;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
  inverse: boolean;
}

export interface Cursor {
  x: number;
  y: number;
  visible: boolean;
}

export interface Frame {
  name: string;
  tMs: number;
  cols: number;
  rows: number;
  altScreen: boolean;
  cursor: Cursor;
  cells: Cell[][];
  /** Set when the frame was taken because a wait failed (the screen at that moment), not by a snapshot step. */
  timedOut?: string;
}

type Mode = 'default' | 'palette' | 'rgb';

function colour(mode: Mode, value: number): string {
  if (mode === 'palette') return `p${value}`;
  if (mode === 'rgb') return `#${value.toString(16).padStart(6, '0')}`;
  return 'default';
}

function fgMode(c: IBufferCell): Mode {
  return c.isFgRGB() ? 'rgb' : c.isFgPalette() ? 'palette' : 'default';
}

function bgMode(c: IBufferCell): Mode {
  return c.isBgRGB() ? 'rgb' : c.isBgPalette() ? 'palette' : 'default';
}

function toCell(c: IBufferCell): Cell {
  const width = c.getWidth();
  return {
    // An empty cell reads '' like a trailing half; only the trailing half keeps ''.
    ch: width === 0 ? '' : c.getChars() || ' ',
    width,
    fg: colour(fgMode(c), c.getFgColor()),
    bg: colour(bgMode(c), c.getBgColor()),
    // The is*() getters return bitmasks, not booleans.
    bold: Boolean(c.isBold()),
    dim: Boolean(c.isDim()),
    italic: Boolean(c.isItalic()),
    underline: Boolean(c.isUnderline()),
    inverse: Boolean(c.isInverse()),
  };
}

const BLANK: Cell = { ch: ' ', width: 1, fg: 'default', bg: 'default', bold: false, dim: false, italic: false, underline: false, inverse: false };

export class Screen {
  private readonly term: XTerminal;
  private queue: Promise<void> = Promise.resolve();
  private windowTitle = '';

  constructor(cols: number, rows: number) {
    // `buffer` is a proposed API in 6.0.0; scrollback is irrelevant since frames read the viewport only.
    this.term = new Terminal({ cols, rows, scrollback: 100, allowProposedApi: true });
    this.term.onTitleChange((t) => {
      this.windowTitle = t;
      for (const l of this.titleListeners) l(t);
    });
  }

  private readonly titleListeners: ((title: string) => void)[] = [];

  /** Every title the program sets, as the bytes setting it are parsed (a spinner in the title never slips between two samples). */
  onTitle(listener: (title: string) => void): void {
    this.titleListeners.push(listener);
  }

  /** The window title the program last set (OSC 0/2): what a terminal shows in its tab. */
  get title(): string {
    return this.windowTitle;
  }

  get cols(): number {
    return this.term.cols;
  }

  get rows(): number {
    return this.term.rows;
  }

  /** Resolves once this and every earlier write has been parsed into the buffer. */
  write(data: string): Promise<void> {
    this.queue = this.queue.then(() => new Promise<void>((resolve) => this.term.write(data, resolve)));
    return this.queue;
  }

  resize(cols: number, rows: number): void {
    this.term.resize(cols, rows);
  }

  /**
   * Replies the terminal sends to the program (cursor position reports, device attributes, colour
   * queries). A real terminal answers these; a program that gets no answer may wait or fall back.
   */
  onReply(listener: (data: string) => void): void {
    this.term.onData(listener);
  }

  /** Visible rows, right-trimmed, joined by \n (for wait-for-text). */
  text(): string {
    const buf = this.term.buffer.active;
    const out: string[] = [];
    for (let y = 0; y < this.term.rows; y++) {
      out.push(buf.getLine(buf.viewportY + y)?.translateToString(true, 0, this.term.cols) ?? '');
    }
    return out.join('\n');
  }

  snapshot(name: string, tMs: number): Frame {
    const { cols, rows } = this.term;
    const buf = this.term.buffer.active;
    const reuse = buf.getNullCell();
    const cells: Cell[][] = [];
    for (let y = 0; y < rows; y++) {
      const line = buf.getLine(buf.viewportY + y);
      const row: Cell[] = [];
      // line.length can exceed cols after a shrinking resize: clamp.
      for (let x = 0; x < cols; x++) {
        const c = line && x < line.length ? line.getCell(x, reuse) : undefined;
        row.push(c ? toCell(c) : { ...BLANK });
      }
      cells.push(row);
    }
    return {
      name,
      tMs,
      cols,
      rows,
      altScreen: buf.type === 'alternate',
      cursor: { x: buf.cursorX, y: buf.cursorY + buf.baseY - buf.viewportY, visible: this.cursorVisible() },
      cells,
    };
  }

  // xterm headless 6.0.0's public `term.modes` (IModes) has no cursor-visibility flag. DECTCEM
  // (CSI ?25 l/h) is tracked only in the internal CoreService as `isCursorHidden`, reachable
  // through `term._core.coreService`. Verified against 6.0.0, which we pin exactly; if the internal
  // shape changes we report visible rather than crash.
  private cursorVisible(): boolean {
    const core = (this.term as unknown as { _core?: { coreService?: { isCursorHidden?: unknown } } })._core;
    return core?.coreService?.isCursorHidden !== true;
  }
}
