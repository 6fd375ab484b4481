import { describe, expect, it } from 'vitest';
import { internalTokenClaims, parseInternalTokenClaims } from './internal-token.ts';

const subject = { userId: 'usr_1', orgId: 'org_1', role: 'admin' as const };

describe('the internal token claims', () => {
  it('round-trip: what the gateway signs is what the Agent API reads', () => {
    const payload = { sub: subject.userId, ...internalTokenClaims(subject), iat: 1, exp: 61 };
    expect(parseInternalTokenClaims(payload)).toEqual(subject);
  });

  it.each([
    ['no user', { org: 'org_1', role: 'admin' }],
    ['an empty user', { sub: '', org: 'org_1', role: 'admin' }],
    ['no organization', { sub: 'usr_1', role: 'admin' }],
    ['an unknown role', { sub: 'usr_1', org: 'org_1', role: 'root' }],
    ['a role of the wrong type', { sub: 'usr_1', org: 'org_1', role: 3 }],
    ['no payload', undefined],
    ['a string payload', 'usr_1'],
  ])('refuse a payload with %s', (_case, payload) => {
    expect(parseInternalTokenClaims(payload)).toBeUndefined();
  });
});
