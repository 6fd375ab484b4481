import { CLIENT_IP_HEADER, SERVICE_TOKEN_HEADER } from '@lifeosai/http-kit';
import { testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAuthService, type TestAuthService } from '../testing/test-auth-service.ts';

const password = 'correct horse battery staple';
const victim = { email: 'victim@example.com', password };
const guess = { email: 'victim@example.com', password: 'guess' };

describe.each(testDialects)('sign-in rate limits (%s)', (dialect) => {
  let auth: TestAuthService;
  let behindProxy: TestAuthService;
  beforeAll(async () => {
    const rateLimit = { window: 60, max: 3 };
    [auth, behindProxy] = await Promise.all([
      startTestAuthService(dialect, { rateLimit, accountRateLimit: { signIn: { window: 60, max: 6 } } }),
      startTestAuthService(dialect, {
        rateLimit,
        trustedNetworks: ['127.0.0.1'],
        trustedProxyHeaders: ['x-forwarded-for'],
      }),
    ]);
    await fromGateway(auth, '192.0.2.1').signUp({ name: 'Victim', ...victim });
    await fromGateway(auth, '192.0.2.2').signUp({ name: 'Other', email: 'other@example.com', password });
    await behindProxy.client({ forwardedFor: '192.0.2.1' }).signUp({ name: 'Victim', ...victim });
  });
  afterAll(async () => {
    await auth?.stop();
    await behindProxy?.stop();
  });

  /** A browser at `address`, as the gateway vouches for it (service token + client address). */
  const fromGateway = (service: TestAuthService, address: string, token = service.serviceToken) =>
    service.client({ headers: { [SERVICE_TOKEN_HEADER]: token, [CLIENT_IP_HEADER]: address } });

  async function statuses(times: number, attempt: (index: number) => Promise<{ status: number }>) {
    const seen: number[] = [];
    for (let index = 0; index < times; index++) seen.push((await attempt(index)).status);
    return seen;
  }

  it('one address failing sign-ins does not lock out another address', async () => {
    const attacker = fromGateway(auth, '203.0.113.10');
    expect(await statuses(4, () => attacker.signIn({ email: 'other@example.com', password: 'x' }))).toEqual([
      401, 401, 401, 429,
    ]);
    // Even the right password is refused to that address until the window ends, and says when to retry.
    const blocked = await attacker.signIn({ email: 'other@example.com', password });
    expect(blocked.status).toBe(429);
    expect(blocked.json.error).toEqual({
      code: 'RATE_LIMITED',
      message: expect.stringMatching(/^Too many attempts from this address; try again in \d+ seconds\.$/),
    });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(blocked.headers.get('x-retry-after'))).toBeGreaterThan(0);

    expect(
      (await fromGateway(auth, '203.0.113.11').signIn({ email: 'other@example.com', password })).status,
    ).toBe(200);
  });

  it('limits guesses at one account from rotating addresses, and no other account', async () => {
    const seen = await statuses(8, (index) => fromGateway(auth, `198.51.100.${index + 1}`).signIn(guess));
    expect(seen).toEqual([401, 401, 401, 401, 401, 401, 429, 429]);
    const limited = await fromGateway(auth, '198.51.100.50').signIn(victim);
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('RATE_LIMITED');
    expect(limited.json.error.message).toMatch(
      /^Too many attempts for this account; try again in \d+ seconds\.$/,
    );
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The address is the account's, in any spelling.
    expect(
      (await fromGateway(auth, '198.51.100.51').signIn({ ...guess, email: 'Victim@Example.com ' })).status,
    ).toBe(429);
    // Someone else's account, from an address the attacker used, is untouched.
    expect(
      (await fromGateway(auth, '198.51.100.1').signIn({ email: 'other@example.com', password })).status,
    ).toBe(200);
  });

  it('ignores X-Forwarded-For from loopback without a configured proxy: rotating it changes nothing', async () => {
    const seen = await statuses(4, (index) =>
      auth
        .client({ forwardedFor: `203.0.113.${60 + index}` })
        .signIn({ email: 'nobody-a@example.com', password }),
    );
    expect(seen).toEqual([401, 401, 401, 429]);
  });

  it('ignores a client address without the service token, or with a wrong one', async () => {
    const forged = (index: number) =>
      auth.client({ headers: { [CLIENT_IP_HEADER]: `203.0.113.${70 + index}` } });
    const wrongToken = (index: number) => fromGateway(auth, `203.0.113.${80 + index}`, 'not-the-token');
    // Both count against this loopback caller's own address, already spent above.
    expect((await forged(0).signIn({ email: 'nobody-b@example.com', password })).status).toBe(429);
    expect((await wrongToken(0).signIn({ email: 'nobody-b@example.com', password })).status).toBe(429);
  });

  it('behind a configured proxy, reads its X-Forwarded-For right to left', async () => {
    // A client-supplied leftmost entry does not change the key: the proxy-appended address does.
    const seen = await statuses(4, (index) =>
      behindProxy.client({ forwardedFor: `10.9.9.${index}, 203.0.113.20` }).signIn(guess),
    );
    expect(seen).toEqual([401, 401, 401, 429]);
    expect((await behindProxy.client({ forwardedFor: '203.0.113.21' }).signIn(victim)).status).toBe(200);
  });

  it('ignores X-Forwarded-For from a peer that is not the configured proxy', async () => {
    const attempt = (peer: string, forwardedFor: string) =>
      behindProxy.service.app.inject({
        method: 'POST',
        url: '/api/auth/sign-in/email',
        remoteAddress: peer,
        headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
        payload: JSON.stringify({ email: 'nobody-c@example.com', password }),
      });
    const seen = await statuses(4, async (index) => ({
      status: (await attempt('198.51.100.7', `203.0.113.${100 + index}`)).statusCode,
    }));
    expect(seen).toEqual([401, 401, 401, 429]);
    // Keyed by the peer itself: another direct client is unaffected.
    expect((await attempt('198.51.100.8', '203.0.113.100')).statusCode).toBe(401);
  });
});
