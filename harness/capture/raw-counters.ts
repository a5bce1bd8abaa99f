// Counters over the raw PTY byte stream: how often a target clears or repaints, as a flicker metric.
export interface RawCounters {
  bytes: number;
  fullClears: number;
  eraseLines: number;
  cursorUps: number;
  altScreenEnters: number;
  syncUpdates: number;
}

const count = (s: string, re: RegExp) => (s.match(re) ?? []).length;

export function rawCounters(raw: string): RawCounters {
  return {
    bytes: Buffer.byteLength(raw),
    fullClears: count(raw, /\x1b\[2J/g),
    eraseLines: count(raw, /\x1b\[[012]?K/g),
    cursorUps: count(raw, /\x1b\[\d*A/g),
    altScreenEnters: count(raw, /\x1b\[\?1049h/g),
    syncUpdates: count(raw, /\x1b\[\?2026h/g),
  };
}
