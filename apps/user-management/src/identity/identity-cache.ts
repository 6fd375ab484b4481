import { createHmac, createSecretKey, randomBytes } from 'node:crypto';
import type { Credentials, IdentityLookup, IdentityResolver } from './auth-client.ts';
import type { RevocationFeed, RevocationTarget } from './revocation-feed.ts';

export interface CachedIdentityResolver {
  resolve: IdentityResolver;
  /** Forgets every cached answer for this user (role change, removal, sign-out everywhere). */
  forgetUser(userId: string): void;
  /** Forgets every cached answer (after a change made through the auth service). */
  clear(): void;
  /** Stops the revocation feed (its connection, its timers). Idempotent. */
  close(): Promise<void>;
}

export interface IdentityCacheOptions {
  /** Longest an answer is reused (ms): a backstop behind the pushed revocations; 0 disables the cache. */
  maxAgeMs: number;
  /** Bound on cached credentials (default 10,000); the oldest go first. */
  maxEntries?: number;
  now?: () => number;
  /**
   * Pushed revocations (decision 0022). Answers are served from the cache only while
   * `ready()` resolves true; without a feed nothing is cached.
   */
  feed?: (target: RevocationTarget) => RevocationFeed;
}

interface Entry {
  lookup: IdentityLookup;
  expiresAt: number;
  userId: string;
}

/**
 * Caches who a credential is — a session cookie or an API key alike — keyed by an HMAC of the
 * credential under a key made per process (never the credential itself, nor a hash the
 * database also holds). Only answers that identify someone are kept: a refusal, an anonymous
 * caller or an auth service that did not answer is asked again next time.
 *
 * An answer lives until the first of: a revocation of its user arrives through the feed (every
 * gateway instance gets it: a revoked key, an ended session, a banned user, a removed member or
 * a changed role stop at once), the credential's own expiry, or `maxAgeMs`. A lookup that raced
 * a revocation (the revocation arrived while auth was answering) is used once and not kept.
 */
export function cacheIdentities(
  resolver: IdentityResolver,
  options: IdentityCacheOptions,
): CachedIdentityResolver {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  // A key object made once: a raw Buffer would be converted on every request.
  const secret = createSecretKey(randomBytes(32));
  const entries = new Map<string, Entry>();
  const keysByUser = new Map<string, Set<string>>();
  // Bumped by every forget: a lookup started before one is not stored after it.
  let generation = 0;
  const keyOf = (credentials: Credentials): string | undefined => {
    if (options.maxAgeMs <= 0 || (!credentials.cookie && !credentials.authorization)) return undefined;
    // Both headers, each tagged: a cookie never matches an Authorization value, nor one pair another.
    return createHmac('sha256', secret)
      .update(`cookie:${credentials.cookie ?? ''}\nauthorization:${credentials.authorization ?? ''}`)
      .digest('base64url');
  };
  const drop = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    const keys = keysByUser.get(entry.userId);
    keys?.delete(key);
    if (keys?.size === 0) keysByUser.delete(entry.userId);
  };
  const store = (key: string, lookup: IdentityLookup & { status: 'ok' }) => {
    const expiresAt = Math.min(now() + options.maxAgeMs, lookup.expiresAt ?? Number.POSITIVE_INFINITY);
    if (expiresAt <= now()) return;
    drop(key);
    if (entries.size >= maxEntries) drop(entries.keys().next().value!);
    const userId = lookup.identity.userId;
    entries.set(key, { lookup, expiresAt, userId });
    const keys = keysByUser.get(userId) ?? new Set<string>();
    keys.add(key);
    keysByUser.set(userId, keys);
  };
  const cache: CachedIdentityResolver = {
    async resolve(credentials, requestId) {
      const key = keyOf(credentials);
      // The feed first: it applies what was revoked since, and says whether the cache may serve.
      const usable = key !== undefined && feed !== undefined && (await feed.ready());
      if (key && usable) {
        const hit = entries.get(key);
        if (hit && hit.expiresAt > now()) return hit.lookup;
        if (hit) drop(key);
      }
      const startedAt = generation;
      const lookup = await resolver(credentials, requestId);
      if (key && usable && lookup.status === 'ok' && generation === startedAt) store(key, lookup);
      return lookup;
    },
    forgetUser(userId) {
      generation++;
      for (const key of [...(keysByUser.get(userId) ?? [])]) drop(key);
    },
    clear() {
      generation++;
      entries.clear();
      keysByUser.clear();
    },
    async close() {
      await feed?.close();
    },
  };
  const feed = options.maxAgeMs > 0 ? options.feed?.(cache) : undefined;
  return cache;
}
