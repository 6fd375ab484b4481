import { describe, expect, it } from 'vitest';
import type { Credentials, IdentityLookup } from './auth-client.ts';
import type { Identity } from './identity.ts';
import { cacheIdentities } from './identity-cache.ts';
import type { RevocationTarget } from './revocation-feed.ts';

const person = (userId: string, via: Identity['via'], expiresAt?: number): IdentityLookup => ({
  status: 'ok',
  identity: {
    userId,
    email: `${userId}@example.test`,
    name: userId,
    orgId: 'org_1',
    role: 'member',
    isInstanceAdmin: false,
    via,
  },
  ...(expiresAt !== undefined && { expiresAt }),
});

function counting(answer: (credentials: Credentials) => IdentityLookup | Promise<IdentityLookup>) {
  const calls: Credentials[] = [];
  return {
    calls,
    resolver: async (credentials: Credentials) => {
      calls.push(credentials);
      return answer(credentials);
    },
  };
}

/** A feed the test drives: whether the cache may serve, and the target to revoke on. */
function manualFeed() {
  const feed = { ready: true, target: undefined as RevocationTarget | undefined };
  return {
    feed,
    factory: (target: RevocationTarget) => {
      feed.target = target;
      return { ready: () => feed.ready, close: async () => {} };
    },
  };
}

describe('the identity cache', () => {
  it('reuses an answer, for a cookie and for an API key alike, until its maximum age', async () => {
    let now = 0;
    const auth = counting((credentials) => person('usr_a', credentials.cookie ? 'session' : 'api-key'));
    const cache = cacheIdentities(auth.resolver, {
      maxAgeMs: 5_000,
      now: () => now,
      feed: manualFeed().factory,
    });
    for (let round = 0; round < 2; round++) {
      await cache.resolve({ cookie: 'session=a' });
      await cache.resolve({ authorization: 'Bearer lfo_1' });
    }
    expect(auth.calls).toHaveLength(2);
    now = 5_001;
    await cache.resolve({ cookie: 'session=a' });
    expect(auth.calls).toHaveLength(3);
  });

  it('keeps an answer no longer than the credential lives', async () => {
    let now = 0;
    const auth = counting(() => person('usr_a', 'api-key', 1_000));
    const cache = cacheIdentities(auth.resolver, {
      maxAgeMs: 60_000,
      now: () => now,
      feed: manualFeed().factory,
    });
    await cache.resolve({ authorization: 'Bearer lfo_1' });
    now = 999;
    await cache.resolve({ authorization: 'Bearer lfo_1' });
    now = 1_000;
    await cache.resolve({ authorization: 'Bearer lfo_1' });
    expect(auth.calls).toHaveLength(2);
  });

  it('never caches a refusal, and never serves one credential for another', async () => {
    const auth = counting((credentials) => {
      if (credentials.cookie === 'session=expired') return { status: 'anonymous' };
      return person(credentials.authorization ?? credentials.cookie ?? '', 'session');
    });
    const cache = cacheIdentities(auth.resolver, { maxAgeMs: 60_000, feed: manualFeed().factory });
    await cache.resolve({ cookie: 'session=expired' });
    expect(await cache.resolve({ cookie: 'session=expired' })).toEqual({ status: 'anonymous' });
    // The same text as a cookie and as an Authorization header, and the pair: three answers.
    const asCookie = await cache.resolve({ cookie: 'x' });
    const asHeader = await cache.resolve({ authorization: 'x' });
    const both = await cache.resolve({ cookie: 'x', authorization: 'y' });
    expect(
      [asCookie, asHeader, both].map((lookup) => lookup.status === 'ok' && lookup.identity.userId),
    ).toEqual(['x', 'x', 'y']);
    expect(auth.calls).toHaveLength(5);
  });

  it('serves nothing cached while its feed is not ready, and forgets what the feed revokes', async () => {
    const { feed, factory } = manualFeed();
    const auth = counting((credentials) => person(credentials.cookie!, 'session'));
    const cache = cacheIdentities(auth.resolver, { maxAgeMs: 60_000, feed: factory });
    await cache.resolve({ cookie: 'a' });
    await cache.resolve({ cookie: 'b' });
    feed.ready = false;
    await cache.resolve({ cookie: 'a' });
    feed.ready = true;
    feed.target!.forgetUser('a');
    await cache.resolve({ cookie: 'a' });
    await cache.resolve({ cookie: 'b' });
    expect(auth.calls.map((call) => call.cookie)).toEqual(['a', 'b', 'a', 'a']);
    // Without a feed, nothing is cached at all.
    const unfed = counting(() => person('a', 'session'));
    const uncached = cacheIdentities(unfed.resolver, { maxAgeMs: 60_000 });
    await uncached.resolve({ cookie: 'a' });
    await uncached.resolve({ cookie: 'a' });
    expect(unfed.calls).toHaveLength(2);
  });

  it('does not keep an answer that raced a revocation', async () => {
    const { feed, factory } = manualFeed();
    let answer: (lookup: IdentityLookup) => void = () => {};
    const auth = counting(() => new Promise<IdentityLookup>((resolve) => (answer = resolve)));
    const cache = cacheIdentities(auth.resolver, { maxAgeMs: 60_000, feed: factory });
    const first = cache.resolve({ cookie: 'a' });
    await new Promise((resolve) => setImmediate(resolve));
    feed.target!.forgetUser('a');
    answer(person('a', 'session'));
    await first;
    const second = cache.resolve({ cookie: 'a' });
    await new Promise((resolve) => setImmediate(resolve));
    answer(person('a', 'session'));
    await second;
    expect(auth.calls).toHaveLength(2);
  });

  it('stays bounded', async () => {
    const auth = counting((credentials) => person(credentials.cookie!, 'session'));
    const cache = cacheIdentities(auth.resolver, {
      maxAgeMs: 60_000,
      maxEntries: 2,
      feed: manualFeed().factory,
    });
    for (const cookie of ['a', 'b', 'c', 'a']) await cache.resolve({ cookie });
    // `a` was evicted by `c`, so it was asked for twice.
    expect(auth.calls.map((call) => call.cookie)).toEqual(['a', 'b', 'c', 'a']);
  });
});
