import { describe, expect, it } from 'vitest';
import { internalTokenClaims, parseInternalTokenClaims } from './internal-token.ts';

const subject = { userId: 'usr_1', orgId: 'org_1', role: 'admin' as const };

describe('the internal token claims', () => {
  it('round-trip: what the gateway signs is what the Agent API reads', () => {
    const payload = { sub: subject.userId, ...internalTokenClaims(subject), iat: 1, exp: 61 };
    expect(parseInternalTokenClaims(payload)).toEqual(subject);
  });

  it('carry how the caller proved it and their name, the name cut to keep the token small', () => {
    const person = { ...subject, via: 'session' as const, name: `Ada ${'x'.repeat(200)}` };
    const payload = { sub: person.userId, ...internalTokenClaims(person) };
    expect(parseInternalTokenClaims(payload)).toEqual({ ...person, name: person.name.slice(0, 100) });
    const blank = { ...subject, via: 'api-key' as const, name: '  ' };
    expect(parseInternalTokenClaims({ sub: 'usr_1', ...internalTokenClaims(blank) })).toEqual({
      ...subject,
      via: 'api-key',
    });
  });

  it.each([
    ['no user', { org: 'org_1', role: 'admin' }],
    ['an empty user', { sub: '', org: 'org_1', role: 'admin' }],
    ['no organization', { sub: 'usr_1', role: 'admin' }],
    ['an unknown role', { sub: 'usr_1', org: 'org_1', role: 'root' }],
    ['a role of the wrong type', { sub: 'usr_1', org: 'org_1', role: 3 }],
    ['an unknown proof', { sub: 'usr_1', org: 'org_1', role: 'admin', via: 'cookie' }],
    ['a name too long', { sub: 'usr_1', org: 'org_1', role: 'admin', name: 'x'.repeat(101) }],
    ['an empty name', { sub: 'usr_1', org: 'org_1', role: 'admin', name: '' }],
    ['no payload', undefined],
    ['a string payload', 'usr_1'],
  ])('refuse a payload with %s', (_case, payload) => {
    expect(parseInternalTokenClaims(payload)).toBeUndefined();
  });
});
