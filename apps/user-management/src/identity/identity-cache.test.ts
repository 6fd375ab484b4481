import { describe, expect, it } from 'vitest';
import type { Credentials, IdentityLookup } from './auth-client.ts';
import type { Identity } from './identity.ts';
import { cacheIdentities } from './identity-cache.ts';

const person = (userId: string, via: Identity['via']): IdentityLookup => ({
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
});

function counting(answer: (credentials: Credentials) => IdentityLookup) {
  const calls: Credentials[] = [];
  return {
    calls,
    resolver: async (credentials: Credentials) => {
      calls.push(credentials);
      return answer(credentials);
    },
  };
}

describe('the identity cache', () => {
  it('reuses a session answer for its lifetime, then asks again', async () => {
    let now = 0;
    const auth = counting(() => person('usr_a', 'session'));
    const cache = cacheIdentities(auth.resolver, { ttlMs: 5_000, now: () => now });
    await cache.resolve({ cookie: 'session=a' });
    await cache.resolve({ cookie: 'session=a' });
    expect(auth.calls).toHaveLength(1);
    now = 5_001;
    await cache.resolve({ cookie: 'session=a' });
    expect(auth.calls).toHaveLength(2);
  });

  it('never caches an API key, nor a refusal', async () => {
    const auth = counting((credentials) =>
      credentials.authorization ? person('usr_a', 'api-key') : { status: 'anonymous' },
    );
    const cache = cacheIdentities(auth.resolver, { ttlMs: 60_000 });
    await cache.resolve({ authorization: 'Bearer lfo_1' });
    await cache.resolve({ authorization: 'Bearer lfo_1' });
    await cache.resolve({ cookie: 'session=expired' });
    await cache.resolve({ cookie: 'session=expired' });
    expect(auth.calls).toHaveLength(4);
  });

  it('forgets one user, or everyone, on demand', async () => {
    const auth = counting((credentials) =>
      person(credentials.cookie === 'session=a' ? 'usr_a' : 'usr_b', 'session'),
    );
    const cache = cacheIdentities(auth.resolver, { ttlMs: 60_000 });
    await cache.resolve({ cookie: 'session=a' });
    await cache.resolve({ cookie: 'session=b' });
    cache.forgetUser('usr_a');
    await cache.resolve({ cookie: 'session=a' });
    await cache.resolve({ cookie: 'session=b' });
    expect(auth.calls.map((call) => call.cookie)).toEqual(['session=a', 'session=b', 'session=a']);
    cache.clear();
    await cache.resolve({ cookie: 'session=b' });
    expect(auth.calls).toHaveLength(4);
  });

  it('stays bounded', async () => {
    const auth = counting((credentials) => person(credentials.cookie!, 'session'));
    const cache = cacheIdentities(auth.resolver, { ttlMs: 60_000, maxEntries: 2 });
    for (const cookie of ['a', 'b', 'c', 'a']) await cache.resolve({ cookie });
    // `a` was evicted by `c`, so it was asked for twice.
    expect(auth.calls.map((call) => call.cookie)).toEqual(['a', 'b', 'c', 'a']);
  });
});
