// Exponential backoff with jitter, as measured on upstream: ~0.2 s, 0.4 s, 0.8 s, 1.6 s, 3.2 s.
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = 200 * 2 ** Math.max(0, attempt - 1);
  return Math.round(base * (0.9 + 0.2 * random()));
}

/** Waits `ms`, or less when `signal` aborts; the abort listener goes when the wait ends either way. */
export const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
