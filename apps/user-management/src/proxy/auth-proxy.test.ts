import { CLIENT_IP_HEADER, SERVICE_TOKEN_HEADER } from '@lifeosai/http-kit';
import { serviceToken } from '@lifeosai/secrets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestStack,
  type TestStack,
  type TestUser,
  testServiceSecret,
  webTierHeaders,
} from '../testing/test-stack.ts';

describe('the auth proxy', () => {
  let stack: TestStack;
  let owner: TestUser;

  beforeAll(async () => {
    // A long identity cache: what these tests check must not depend on it expiring.
    stack = await startTestStack('sqlite', { identityCacheMs: 60_000 });
    owner = await stack.signUp('Owner');
  }, 60_000);

  afterAll(async () => stack?.close());

  it('passes the session cookie through on sign-in', async () => {
    const browser = stack.client();
    const signedIn = await browser.post('/api/auth/sign-in/email', {
      email: owner.email,
      password: 'correct horse battery',
    });
    expect(signedIn.status).toBe(200);
    const cookie = signedIn.headers.getSetCookie().find((line) => line.startsWith('lifeosai.session_token='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect((await browser.get('/api/me')).json.userId).toBe(owner.userId);
  });

  it("answers auth errors in the contract's shape, keeping better-auth's fields", async () => {
    const wrong = await stack
      .client()
      .post('/api/auth/sign-in/email', { email: owner.email, password: 'nope nope' });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error).toEqual({ code: wrong.json.code, message: wrong.json.message });
    expect(wrong.json.error.code).toMatch(/^[A-Z_]+$/);
  });

  it('a signed-out session stops working at once, despite the identity cache', async () => {
    const browser = stack.client();
    await browser.post('/api/auth/sign-in/email', { email: owner.email, password: 'correct horse battery' });
    const oldCookie = browser.cookieHeader()!;
    expect((await browser.get('/api/me')).status).toBe(200);
    expect((await browser.post('/api/auth/sign-out')).status).toBe(200);
    const replay = await fetch(`${stack.gatewayUrl}/api/me`, { headers: { cookie: oldCookie } });
    expect(replay.status).toBe(401);
  });

  it('a role change takes effect on the next request, despite the identity cache', async () => {
    const helper = await stack.signUp('Helper');
    const { memberId } = await stack.join(owner, helper, 'admin');
    expect((await helper.client.get('/api/orgs/current/invitations')).status).toBe(200);
    expect(
      (await owner.client.patch(`/api/orgs/current/members/${memberId}`, { role: 'member' })).status,
    ).toBe(200);
    expect((await helper.client.get('/api/orgs/current/invitations')).status).toBe(403);
    // The same through better-auth's own endpoint, reached through the proxy.
    const promoted = await owner.client.post('/api/auth/organization/update-member-role', {
      memberId,
      role: 'admin',
      organizationId: owner.personalOrgId,
    });
    expect(promoted.status).toBe(200);
    expect((await helper.client.get('/api/orgs/current/invitations')).status).toBe(200);
  });

  it('only an owner grants the owner role', async () => {
    const deputy = await stack.signUp('Deputy');
    const target = await stack.signUp('Target');
    await stack.join(owner, deputy, 'admin');
    const { memberId } = await stack.join(owner, target, 'member');
    const grab = await deputy.client.patch(`/api/orgs/current/members/${memberId}`, { role: 'owner' });
    expect(grab.status).toBe(403);
    const invite = await deputy.client.post('/api/orgs/current/invitations', {
      email: 'boss@example.test',
      role: 'owner',
    });
    expect(invite.status).toBe(403);
  });
});

describe('client addresses for rate limits', () => {
  const signInLimit = { window: 60, max: 3 };
  let stack: TestStack;
  let behindBalancer: TestStack;
  beforeAll(async () => {
    [stack, behindBalancer] = await Promise.all([
      startTestStack('sqlite', { signInRateLimit: signInLimit }),
      startTestStack('sqlite', { signInRateLimit: signInLimit, trustProxy: ['127.0.0.1'] }),
    ]);
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
    await behindBalancer?.close();
  });

  const signIn = (
    on: TestStack,
    body: { email: string; password: string },
    headers: Record<string, string>,
  ) => on.client().request('POST', '/api/auth/sign-in/email', { body, headers });

  async function statuses(times: number, attempt: (index: number) => Promise<{ status: number }>) {
    const seen: number[] = [];
    for (let index = 0; index < times; index++) seen.push((await attempt(index)).status);
    return seen;
  }

  it('behind the web server, one address failing sign-ins does not lock out another', async () => {
    const victim = await stack.signUp('Victim');
    const bystander = await stack.signUp('Bystander');
    const attacker = await statuses(5, (index) =>
      signIn(stack, { email: victim.email, password: `guess-${index}` }, webTierHeaders('203.0.113.9')),
    );
    expect(attacker).toEqual([401, 401, 401, 429, 429]);
    // Everyone else behind the same web server keeps signing in, the victim included.
    for (const [user, address] of [
      [bystander, '198.51.100.20'],
      [victim, '198.51.100.21'],
    ] as const) {
      const response = await signIn(
        stack,
        { email: user.email, password: 'correct horse battery' },
        webTierHeaders(address),
      );
      expect(response.status, response.text).toBe(200);
    }
  });

  it('ignores a client-sent x-forwarded-for: rotating it does not escape the sign-in limit', async () => {
    const seen = await statuses(4, (index) =>
      signIn(
        stack,
        { email: 'nobody-1@example.test', password: 'x' },
        { 'x-forwarded-for': `198.51.100.${index}` },
      ),
    );
    expect(seen).toEqual([401, 401, 401, 429]);
  });

  it("ignores a client address sent without the web server's token, or with the wrong one", async () => {
    // Same caller (this loopback client) as above: still limited, whatever it claims.
    const forged = await statuses(3, (index) =>
      signIn(
        stack,
        { email: 'nobody-2@example.test', password: 'x' },
        index === 0
          ? { [CLIENT_IP_HEADER]: '203.0.113.50' }
          : index === 1
            ? webTierHeaders('203.0.113.51', 'another-service-secret-0123456789-abcdefg')
            : {
                [CLIENT_IP_HEADER]: '203.0.113.52',
                [SERVICE_TOKEN_HEADER]: serviceToken(testServiceSecret, 'auth'),
              },
      ),
    );
    expect(forged).toEqual([429, 429, 429]);
  });

  it("never passes the web server's token or claim on to the Agent API", async () => {
    const user = await stack.signUp('Quiet');
    const before = stack.upstreamRequests.length;
    const listed = await user.client.request('GET', '/api/agent/agents', {
      headers: webTierHeaders('203.0.113.77'),
    });
    expect(listed.status).toBe(200);
    const [upstream] = stack.upstreamRequests.slice(before);
    expect(upstream?.headers[SERVICE_TOKEN_HEADER]).toBeUndefined();
    expect(upstream?.headers[CLIENT_IP_HEADER]).toBeUndefined();
    expect(upstream?.headers['x-forwarded-for']).toBe('203.0.113.77');
  });

  it('behind a load balancer listed in LIFEOSAI_TRUST_PROXY, believes its x-forwarded-for', async () => {
    const victim = await behindBalancer.signUp('Victim');
    const attacker = await statuses(4, (index) =>
      signIn(
        behindBalancer,
        { email: victim.email, password: `guess-${index}` },
        { 'x-forwarded-for': '203.0.113.9' },
      ),
    );
    expect(attacker.at(-1)).toBe(429);
    const innocent = await signIn(
      behindBalancer,
      { email: victim.email, password: 'correct horse battery' },
      { 'x-forwarded-for': '198.51.100.20' },
    );
    expect(innocent.status).toBe(200);
  });
});
