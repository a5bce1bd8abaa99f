// Counters over the raw PTY byte stream: how often a target clears or repaints, as a flicker metric.
export interface RawCounters {
  bytes: number;
  fullClears: number;
  eraseLines: number;
  cursorUps: number;
  altScreenEnters: number;
  syncUpdates: number;
  /** Non-blank lines written again, with the same text, at a row that already showed it (repaints of unchanged lines). */
  linesWrittenTwice?: number;
}

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

// CSI with parameters and a final byte, OSC up to BEL/ST, other two-byte escapes.
const TOKEN = /\x1b\[([0-9;?]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[^[\]]|\r\n|\n|\r|[^\x1b\r\n]+/g;

/**
 * Counts text written to a screen row that already holds exactly that text from an earlier write.
 * The row is followed through cursor moves (CUP, VPA, CUU/CUD, newlines) without emulating
 * scrolling, so the count is an approximation meant for comparing two programs on one scenario.
 * Rows in `ignoreRows` (0-based) are not counted: an animated status row is rewritten by design.
 */
export function linesWrittenTwice(raw: string, ignoreRows: ReadonlySet<number> = new Set()): number {
  let row = 0;
  let current = '';
  const shown = new Map<number, string>();
  let twice = 0;
  const flush = () => {
    const text = current.trim();
    if (text && !ignoreRows.has(row)) {
      if (shown.get(row) === text) twice++;
      shown.set(row, text);
    }
    current = '';
  };
  for (const m of raw.matchAll(TOKEN)) {
    const tok = m[0];
    if (m[2] !== undefined) {
      const params = m[1].split(';').map((p) => Number(p.replace('?', '')) || 0);
      switch (m[2]) {
        case 'H':
        case 'f':
          flush();
          row = Math.max(0, (params[0] || 1) - 1);
          break;
        case 'd':
          flush();
          row = Math.max(0, (params[0] || 1) - 1);
          break;
        case 'A':
          flush();
          row = Math.max(0, row - (params[0] || 1));
          break;
        case 'B':
          flush();
          row += params[0] || 1;
          break;
        case 'J':
          flush();
          if (params[0] === 2 || params[0] === 3) shown.clear();
          break;
        case 'm':
        case 'K':
        case 'X':
          break; // style and erasing within the line being written
        default:
          break;
      }
    } else if (tok === '\n' || tok === '\r\n') {
      flush();
      row++;
    } else if (tok === '\r') {
      flush();
    } else if (tok[0] !== '\x1b') {
      current += tok;
    }
  }
  flush();
  return twice;
}

export function rawCounters(raw: string): RawCounters {
  return {
    bytes: Buffer.byteLength(raw),
    fullClears: count(raw, /\x1b\[2J/g),
    eraseLines: count(raw, /\x1b\[[012]?K/g),
    cursorUps: count(raw, /\x1b\[\d*A/g),
    altScreenEnters: count(raw, /\x1b\[\?1049h/g),
    syncUpdates: count(raw, /\x1b\[\?2026h/g),
    linesWrittenTwice: linesWrittenTwice(raw),
  };
}
