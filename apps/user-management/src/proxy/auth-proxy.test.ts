import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack, type TestUser } from '../testing/test-stack.ts';

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

  it('ignores a client-sent x-forwarded-for: rotating it does not escape the sign-in limit', async () => {
    const stack = await startTestStack('sqlite', { signInRateLimit: signInLimit });
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 6; attempt++) {
        const response = await stack.client().request('POST', '/api/auth/sign-in/email', {
          body: { email: 'victim@example.test', password: `guess-${attempt}` },
          headers: { 'x-forwarded-for': `198.51.100.${attempt}` },
        });
        statuses.push(response.status);
      }
      expect(statuses.slice(-2)).toEqual([429, 429]);
    } finally {
      await stack.close();
    }
  });

  it('behind a trusted web tier, throttles the attacking client while others sign in', async () => {
    const stack = await startTestStack('sqlite', { signInRateLimit: signInLimit, trustProxy: ['127.0.0.1'] });
    try {
      const victim = await stack.signUp('Victim');
      const attempt = (address: string, password: string) =>
        stack.client().request('POST', '/api/auth/sign-in/email', {
          body: { email: victim.email, password },
          headers: { 'x-forwarded-for': address },
        });
      const attacker = [];
      for (let index = 0; index < 5; index++)
        attacker.push((await attempt('203.0.113.9', `guess-${index}`)).status);
      expect(attacker.at(-1)).toBe(429);
      const innocent = await attempt('198.51.100.20', 'correct horse battery');
      expect(innocent.status).toBe(200);
    } finally {
      await stack.close();
    }
  });
});
