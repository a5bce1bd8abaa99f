// Deterministic randomness for the history generator: a 32-bit mulberry-style PRNG, seed mixing so
// each session gets its own independent stream, and the ids upstream writes (UUIDv7, msg_/rs_/call_).
// Nothing here may read the clock or Math.random: the same seed must give the same bytes.

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The whole generator state, to replay a stretch of draws exactly (see restore). */
  snapshot(): number {
    return this.state;
  }

  restore(state: number): void {
    this.state = state >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }

  /** Skewed towards the start of the list (roughly Zipf-like), so common words are common. */
  pickSkewed<T>(xs: readonly T[]): T {
    const r = this.next();
    return xs[Math.floor(r * r * r * xs.length)];
  }

  /** `n` lowercase hex digits. */
  hex(n: number): string {
    let s = '';
    while (s.length < n) s += ((this.next() * 0x10000) >>> 0).toString(16).padStart(4, '0');
    return s.slice(0, n);
  }

  /** `n` characters of [A-Za-z0-9]. */
  alnum(n: number): string {
    const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let s = '';
    for (let i = 0; i < n; i++) s += chars[this.int(chars.length)];
    return s;
  }
}

/** A well-mixed 32-bit seed for stream `index` of master seed `seed` (splitmix-style finalizer). */
export function deriveSeed(seed: number, index: number): number {
  let h = (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** A UUIDv7 for the given epoch milliseconds: 48-bit time, version 7, RFC 4122 variant, random rest. */
export function uuidv7(ms: number, rng: Rng): string {
  const time = Math.floor(ms).toString(16).padStart(12, '0');
  const rand = rng.hex(19);
  const variant = (8 + rng.int(4)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${rand.slice(0, 3)}-${variant}${rand.slice(3, 6)}-${rand.slice(6, 18)}`;
}
