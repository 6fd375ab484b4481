import { createHash } from 'node:crypto';
import type { Credentials, IdentityLookup, IdentityResolver } from './auth-client.ts';

export interface CachedIdentityResolver {
  resolve: IdentityResolver;
  /** Forgets every cached answer for this user (role change, removal, sign-out everywhere). */
  forgetUser(userId: string): void;
  /** Forgets every cached answer (after a change made through the auth service). */
  clear(): void;
}

/**
 * Caches session answers for `ttlMs`, keyed by a hash of the cookie (the cookie itself is
 * never kept). API-key callers are never cached: a revoked key must stop working on the
 * next request, whichever way it was revoked.
 */
export function cacheIdentities(
  resolver: IdentityResolver,
  options: { ttlMs: number; maxEntries?: number; now?: () => number },
): CachedIdentityResolver {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 10_000;
  const entries = new Map<string, { lookup: IdentityLookup; expiresAt: number; userId: string }>();
  const keysByUser = new Map<string, Set<string>>();

  const keyOf = (credentials: Credentials): string | undefined =>
    credentials.authorization || !credentials.cookie || options.ttlMs <= 0
      ? undefined
      : createHash('sha256').update(credentials.cookie).digest('base64url');

  const drop = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    const keys = keysByUser.get(entry.userId);
    keys?.delete(key);
    if (keys?.size === 0) keysByUser.delete(entry.userId);
  };

  return {
    async resolve(credentials, requestId) {
      const key = keyOf(credentials);
      if (key) {
        const hit = entries.get(key);
        if (hit && hit.expiresAt > now()) return hit.lookup;
        if (hit) drop(key);
      }
      const lookup = await resolver(credentials, requestId);
      if (key && lookup.status === 'ok' && lookup.identity.via === 'session') {
        if (entries.size >= maxEntries) drop(entries.keys().next().value!);
        const userId = lookup.identity.userId;
        entries.set(key, { lookup, expiresAt: now() + options.ttlMs, userId });
        const keys = keysByUser.get(userId) ?? new Set<string>();
        keys.add(key);
        keysByUser.set(userId, keys);
      }
      return lookup;
    },
    forgetUser(userId) {
      for (const key of [...(keysByUser.get(userId) ?? [])]) drop(key);
    },
    clear() {
      entries.clear();
      keysByUser.clear();
    },
  };
}
