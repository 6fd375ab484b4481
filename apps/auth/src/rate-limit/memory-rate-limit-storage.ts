import type { BetterAuthRateLimitStorage } from '@better-auth/core';

/**
 * In-memory rate-limit counters owned by one auth instance. better-auth's built-in memory
 * store is a module-level map shared by every instance in the process (tests, or a gateway
 * test that starts several auth services) — counters would leak between them.
 *
 * Fixed windows per key (`<client ip>|<path>`): the first request opens a window of
 * `rule.window` seconds and at most `rule.max` requests pass in it. Check and increment are
 * one synchronous step, so concurrent requests cannot all pass a stale read.
 */
export function createMemoryRateLimitStorage(maxKeys = 100_000): BetterAuthRateLimitStorage {
  const windows = new Map<string, { startedAt: number; count: number }>();
  return {
    async consume(key, rule) {
      const now = Date.now();
      const windowMs = rule.window * 1000;
      let current = windows.get(key);
      if (!current || now - current.startedAt >= windowMs) {
        if (windows.size >= maxKeys) prune(now, windowMs);
        current = { startedAt: now, count: 0 };
        windows.set(key, current);
      }
      if (current.count >= rule.max) {
        return { allowed: false, retryAfter: Math.ceil((current.startedAt + windowMs - now) / 1000) };
      }
      current.count += 1;
      return { allowed: true, retryAfter: null };
    },
  };

  function prune(now: number, windowMs: number) {
    for (const [key, entry] of windows) if (now - entry.startedAt >= windowMs) windows.delete(key);
    if (windows.size >= maxKeys) windows.clear();
  }
}
