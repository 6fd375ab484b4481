import { testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAuthService, type TestAuthService } from '../testing/test-auth-service.ts';

const password = 'correct horse battery staple';
const victim = { email: 'victim@example.com', password };
const guess = { email: 'victim@example.com', password: 'guess' };

describe.each(testDialects)('sign-in rate limit (%s)', (dialect) => {
  let trusting: TestAuthService;
  let ignoring: TestAuthService;
  beforeAll(async () => {
    const rateLimit = { window: 60, max: 3 };
    [trusting, ignoring] = await Promise.all([
      startTestAuthService(dialect, { rateLimit, trustedProxyHeaders: ['x-forwarded-for'] }),
      startTestAuthService(dialect, { rateLimit }),
    ]);
    await trusting.client({ forwardedFor: '192.0.2.1' }).signUp({ name: 'Victim', ...victim });
    await ignoring.client({ forwardedFor: '192.0.2.1' }).signUp({ name: 'Victim', ...victim });
  });
  afterAll(async () => {
    await trusting?.stop();
    await ignoring?.stop();
  });

  it('answers 429 to a brute force from one client address while another address signs in', async () => {
    const attacker = trusting.client({ forwardedFor: '203.0.113.10' });
    const statuses = [];
    for (let attempt = 0; attempt < 4; attempt++) statuses.push((await attacker.signIn(guess)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Even the right password is refused to that address until the window ends.
    const blocked = await attacker.signIn(victim);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('x-retry-after'))).toBeGreaterThan(0);

    const owner = trusting.client({ forwardedFor: '203.0.113.11' });
    expect((await owner.signIn(victim)).status).toBe(200);
  });

  it('reads the client address right to left through trusted hops', async () => {
    // A client-supplied leftmost entry does not change the key: the proxy-appended address does.
    const statuses = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const spoofer = trusting.client({ forwardedFor: `10.9.9.${attempt}, 203.0.113.20` });
      statuses.push((await spoofer.signIn(guess)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('ignores X-Forwarded-For when it is not a trusted header: rotating it does not dodge the limit', async () => {
    const statuses = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const spoofer = ignoring.client({ forwardedFor: `198.51.100.${attempt + 1}` });
      statuses.push((await spoofer.signIn(guess)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('ignores a trusted header sent by a peer that is not the gateway', async () => {
    const attempt = (peer: string, forwardedFor: string) =>
      trusting.service.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        remoteAddress: peer,
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        payload: JSON.stringify(guess),
      });
    const statuses = [];
    for (let index = 0; index < 4; index++) {
      statuses.push((await attempt('198.51.100.7', `203.0.113.${100 + index}`)).statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    // Keyed by the peer itself: another direct client is unaffected.
    expect((await attempt('198.51.100.8', '203.0.113.100')).statusCode).toBe(401);
  });
});
