// Reconnect delays: exponential growth with "equal jitter" (half fixed, half random), so a
// server restart does not see every client come back in the same millisecond, yet no client
// retries sooner than half the nominal delay.

export const DEFAULT_BACKOFF = Object.freeze({ baseMs: 500, factor: 2, maxMs: 15000 });

/**
 * @param {number} attempt 0 for the first retry after a drop
 * @param {() => number} random in [0, 1)
 */
export function backoffDelay(attempt, random = Math.random, { baseMs, factor, maxMs } = DEFAULT_BACKOFF) {
  const nominal = Math.min(maxMs, baseMs * factor ** Math.max(0, attempt));
  return Math.round(nominal / 2 + random() * (nominal / 2));
}
