/**
 * A small time-bounded cache for what the proxy resolves per run and provider (the agent row
 * and the credential): a run's many model calls look them up once every `ttlMs`, so a
 * changed setting applies to running runs within that time. Past `max` entries the oldest
 * goes. Single process, no locking needed.
 */
export interface TtlCache<Value> {
  get(key: string, now?: number): Value | undefined;
  set(key: string, value: Value, now?: number): void;
}

export function createTtlCache<Value>(ttlMs: number, max: number): TtlCache<Value> {
  const entries = new Map<string, { value: Value; expiresAt: number }>();
  return {
    get(key, now = Date.now()) {
      const entry = entries.get(key);
      if (entry && entry.expiresAt > now) return entry.value;
      if (entry) entries.delete(key);
      return undefined;
    },
    set(key, value, now = Date.now()) {
      entries.delete(key);
      if (entries.size >= max) entries.delete(entries.keys().next().value as string);
      entries.set(key, { value, expiresAt: now + ttlMs });
    },
  };
}
