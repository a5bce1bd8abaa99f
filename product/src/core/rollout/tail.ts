// What an appender needs to know about an existing rollout without reading all of it: the next
// ordinal (the newest complete line's ordinal + 1) and whether the file ends mid-line.
// Reads backwards in growing windows, so a resume costs about one tail read however long the file.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export interface RolloutTail {
  size: number;
  /** null: no line carries an ordinal (a legacy file, or an empty one) */
  nextOrdinal: number | null;
  /** false when the last line lacks its newline (a crash mid-write) */
  endsWithNewline: boolean;
}

const FIRST_WINDOW = 64 * 1024;

function ordinalOf(line: string): number | null {
  try {
    const v = JSON.parse(line) as { ordinal?: unknown };
    return typeof v.ordinal === 'number' && Number.isInteger(v.ordinal) && v.ordinal >= 0 ? v.ordinal : null;
  } catch {
    return null;
  }
}

export function scanRolloutTail(file: string): RolloutTail {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return { size, nextOrdinal: null, endsWithNewline: true };
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    const endsWithNewline = last[0] === 0x0a;

    for (let window = FIRST_WINDOW; ; window *= 4) {
      const start = Math.max(0, size - window);
      const buf = Buffer.alloc(size - start);
      readSync(fd, buf, 0, buf.length, start);
      const lines = buf.toString('utf8').split('\n');
      // The first piece may be cut by the window; it is only whole when the window hit byte 0.
      const whole = start === 0 ? lines : lines.slice(1);
      for (let i = whole.length - 1; i >= 0; i--) {
        const ordinal = ordinalOf(whole[i]);
        if (ordinal !== null) return { size, nextOrdinal: ordinal + 1, endsWithNewline };
      }
      if (start === 0) return { size, nextOrdinal: null, endsWithNewline };
    }
  } finally {
    closeSync(fd);
  }
}
