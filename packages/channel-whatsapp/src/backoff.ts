/** How long to wait between reconnections (and journaling retries). */
export interface BackoffOptions {
  /** The first wait, in ms (1 s by default). */
  initialDelayMs?: number;
  /** The longest wait, in ms (2 min by default). */
  maxDelayMs?: number;
  /** A number in [0, 1) for the jitter (tests make it fixed). */
  random?: () => number;
}

/**
 * Capped exponential backoff with jitter: attempt n waits initial × 2ⁿ, at most max, then
 * somewhere between half of that and all of it, so many connections that dropped together do
 * not come back together. Never below `initialDelayMs / 2`: a socket that closes at once can
 * never turn this into a tight loop.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const initial = options.initialDelayMs ?? 1000;
  const max = Math.max(initial, options.maxDelayMs ?? 120_000);
  const random = options.random ?? Math.random;
  const capped = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  return Math.round(capped / 2 + (capped / 2) * random());
}
