import { testDialects } from '@lifeosai/testkit/databases';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestAuthService, type TestAuthService } from './testing/test-auth-service.ts';

const password = 'correct horse battery staple';

describe.each(testDialects)('accounts (%s)', (dialect) => {
  let auth: TestAuthService;
  beforeAll(async () => {
    auth = await startTestAuthService(dialect);
  });
  afterAll(() => auth?.stop());

  it('signs up, sets the session cookie, and get-session returns the user', async () => {
    const browser = auth.client();
    const signUp = await browser.signUp({ name: 'Ada Lovelace', email: 'ada@example.com', password });
    expect(signUp.status).toBe(200);
    expect(browser.jar.names()).toContain('lifeosai.session_token');
    const session = await browser.session();
    expect(session.user).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace' });

    const signOut = await browser.post('/api/auth/sign-out');
    expect(signOut.status).toBe(200);
    expect(await browser.session()).toBeNull();
  });

  it('signs in with the right password and refuses a wrong one with 401', async () => {
    await auth.client().signUp({ name: 'Grace', email: 'grace@example.com', password });
    const browser = auth.client();
    const wrong = await browser.signIn({ email: 'grace@example.com', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(browser.jar.header()).toBeUndefined();
    const unknown = await browser.signIn({ email: 'nobody@example.com', password });
    expect(unknown.status).toBe(401);

    const right = await browser.signIn({ email: 'grace@example.com', password });
    expect(right.status).toBe(200);
    expect((await browser.session()).user.email).toBe('grace@example.com');
  });

  it('makes the first account the instance admin, and gives every account its own workspace as owner', async () => {
    const first = auth.client();
    await first.signIn({ email: 'ada@example.com', password });
    const second = auth.client();
    await second.signUp({ name: 'Linus', email: 'linus@example.com', password });

    const firstSession = await first.session();
    const secondSession = await second.session();
    expect(firstSession.user.role).toBe('admin');
    expect(secondSession.user.role).toBe('user');

    for (const [browser, session, name] of [
      [first, firstSession, 'Ada Lovelace'],
      [second, secondSession, 'Linus'],
    ] as const) {
      const orgId = session.session.activeOrganizationId;
      expect(orgId).toBe(session.user.personalOrganizationId);
      const organization = await browser.get('/api/auth/organization/get-full-organization');
      expect(organization.json).toMatchObject({ id: orgId, name: `${name}'s workspace` });
      expect(organization.json.members).toEqual([
        expect.objectContaining({ userId: session.user.id, role: 'owner' }),
      ]);
    }
    expect(firstSession.session.activeOrganizationId).not.toBe(secondSession.session.activeOrganizationId);

    const identity = await auth.identity({ cookie: second.jar.header()! });
    expect(identity).toEqual({
      status: 200,
      json: {
        userId: secondSession.user.id,
        email: 'linus@example.com',
        name: 'Linus',
        orgId: secondSession.session.activeOrganizationId,
        role: 'owner',
        isInstanceAdmin: false,
        via: 'session',
        expiresAt: new Date(secondSession.session.expiresAt).toISOString(),
      },
    });
    expect((await auth.identity({ cookie: first.jar.header()! })).json.isInstanceAdmin).toBe(true);
  });

  it('lets only the instance admin use the admin API', async () => {
    const admin = auth.client();
    await admin.signIn({ email: 'ada@example.com', password });
    const users = await admin.get('/api/auth/admin/list-users');
    expect(users.status).toBe(200);
    expect(users.json.users.map((user: { email: string }) => user.email)).toEqual(
      expect.arrayContaining(['ada@example.com', 'linus@example.com']),
    );
    const member = auth.client();
    await member.signIn({ email: 'linus@example.com', password });
    expect((await member.get('/api/auth/admin/list-users')).status).toBe(403);
  });

  it('issues a JWT for the session that other services verify with the JWKS', async () => {
    const browser = auth.client();
    await browser.signIn({ email: 'linus@example.com', password });
    const token = await browser.get('/api/auth/token');
    expect(token.status).toBe(200);
    const jwks = createRemoteJWKSet(new URL(`${auth.baseUrl}/api/auth/jwks`));
    const { payload, protectedHeader } = await jwtVerify(token.json.token, jwks, {
      issuer: auth.baseUrl,
      audience: auth.baseUrl,
    });
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(payload).toMatchObject({ email: 'linus@example.com' });
    expect(payload.sub).toBe((await browser.session()).user.id);
  });

  it('gives a new session of an existing account its personal workspace as the active organization', async () => {
    const browser = auth.client();
    await browser.signIn({ email: 'linus@example.com', password });
    const session = await browser.session();
    expect(session.session.activeOrganizationId).toBe(session.user.personalOrganizationId);
  });
});

describe.each(testDialects)('the first admin on a fresh install (%s)', (dialect) => {
  let auth: TestAuthService | undefined;
  afterEach(() => auth?.stop());

  it('makes exactly one of several simultaneous first sign-ups the admin', async () => {
    auth = await startTestAuthService(dialect);
    const browsers = Array.from({ length: 5 }, () => auth!.client());
    const results = await Promise.all(
      browsers.map((browser, index) =>
        browser.signUp({ name: `Racer ${index}`, email: `racer${index}@example.com`, password }),
      ),
    );
    expect(results.map((result) => result.status)).toEqual([200, 200, 200, 200, 200]);
    const sessions = await Promise.all(browsers.map((browser) => browser.session()));
    expect(sessions.filter((session) => session.user.role === 'admin')).toHaveLength(1);
    const workspaces = new Set(sessions.map((session) => session.session.activeOrganizationId));
    expect(workspaces.size).toBe(5);
  });
});
