import { testDialects } from '@lifeosai/testkit/databases';
import { Events, OAuth2Server } from 'oauth2-mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthClient } from '../testing/auth-client.ts';
import { startTestAuthService, type TestAuthService } from '../testing/test-auth-service.ts';

/** A real OpenID Connect provider on 127.0.0.1 that signs in whoever `person` names. */
async function startProvider() {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  const provider = {
    server,
    issuer: server.issuer.url!,
    discoveryUrl: `${server.issuer.url}/.well-known/openid-configuration`,
    person: { sub: 'nobody', email: 'nobody@example.com', name: 'Nobody' } as Record<string, unknown>,
    /** Client ids seen at the token endpoint. */
    tokenRequests: [] as string[],
  };
  server.service.on(Events.BeforeTokenSigning, (token, request) => {
    Object.assign(token.payload, { ...provider.person, email_verified: true });
    provider.tokenRequests.push(String(request.body.client_id ?? ''));
  });
  return provider;
}

/**
 * The browser's part of the authorization-code flow, each redirect followed by hand:
 * our sign-in → the provider's authorize endpoint → our callback with the code → the app.
 */
async function signInWith(browser: AuthClient, provider: 'google' | 'microsoft') {
  const start = await browser.post('/api/auth/sign-in/social', { provider, callbackURL: '/app' });
  expect(start.status).toBe(200);
  const authorizeUrl = new URL(start.json.url);

  const authorize = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(authorize.status).toBe(302);
  const callback = new URL(authorize.headers.get('location')!);
  expect(callback.searchParams.get('code')).toBeTruthy();

  const landing = await browser.get(callback.pathname + callback.search);
  return { authorizeUrl, callback, landing };
}

describe.each(testDialects)('Google and Microsoft sign-in against a local OIDC provider (%s)', (dialect) => {
  let google: Awaited<ReturnType<typeof startProvider>>;
  let microsoft: Awaited<ReturnType<typeof startProvider>>;
  let auth: TestAuthService;
  beforeAll(async () => {
    [google, microsoft] = await Promise.all([startProvider(), startProvider()]);
    auth = await startTestAuthService(dialect, {
      socialProviders: {
        google: {
          clientId: 'google-client',
          clientSecret: 'google-secret',
          discoveryUrl: google.discoveryUrl,
        },
        microsoft: {
          clientId: 'microsoft-client',
          clientSecret: 'microsoft-secret',
          discoveryUrl: microsoft.discoveryUrl,
        },
      },
    });
  });
  afterAll(async () => {
    await auth?.stop();
    await google?.server.stop();
    await microsoft?.server.stop();
  });

  it('signs a new user in with Google: account created, session cookie set, personal workspace', async () => {
    google.person = { sub: 'google-123', email: 'gina@example.com', name: 'Gina Google' };
    const browser = auth.client();
    const { authorizeUrl, callback, landing } = await signInWith(browser, 'google');

    expect(authorizeUrl.origin).toBe(google.issuer);
    expect(authorizeUrl.searchParams.get('client_id')).toBe('google-client');
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorizeUrl.searchParams.get('nonce')).toBeTruthy();
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(`${auth.baseUrl}/api/auth/callback/google`);
    expect(callback.origin + callback.pathname).toBe(`${auth.baseUrl}/api/auth/callback/google`);
    expect(google.tokenRequests).toContain('google-client');

    expect(landing.status).toBe(302);
    expect(landing.headers.get('location')).toBe('/app');
    // Each cookie arrives as its own Set-Cookie line: the spent OAuth state cleared, then the session.
    expect(landing.headers.getSetCookie().map((line) => line.split('=')[0])).toEqual([
      'lifeosai.state',
      'lifeosai.session_token',
    ]);
    expect(browser.jar.names()).toContain('lifeosai.session_token');
    const session = await browser.session();
    expect(session.user).toMatchObject({
      email: 'gina@example.com',
      name: 'Gina Google',
      emailVerified: true,
    });
    expect(session.session.activeOrganizationId).toBe(session.user.personalOrganizationId);

    const accounts = await browser.get('/api/auth/list-accounts');
    expect(accounts.json).toEqual([
      expect.objectContaining({ providerId: 'google', accountId: 'google-123' }),
    ]);
    const identity = await auth.identity({ cookie: browser.jar.header()! });
    expect(identity.json).toMatchObject({ email: 'gina@example.com', role: 'owner', via: 'session' });
  });

  it('signs the same Google user in again into the same account', async () => {
    google.person = { sub: 'google-123', email: 'gina@example.com', name: 'Gina Google' };
    const first = await auth.client().get('/api/auth/get-session');
    expect(first.json).toBeNull();
    const browser = auth.client();
    await signInWith(browser, 'google');
    const session = await browser.session();
    expect(session.user.email).toBe('gina@example.com');
    const again = auth.client();
    await signInWith(again, 'google');
    expect((await again.session()).user.id).toBe(session.user.id);
  });

  it('signs a new user in with Microsoft', async () => {
    microsoft.person = { sub: 'ms-456', email: 'mo@example.com', name: 'Mo Microsoft' };
    const browser = auth.client();
    const { authorizeUrl, landing } = await signInWith(browser, 'microsoft');
    expect(authorizeUrl.origin).toBe(microsoft.issuer);
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(`${auth.baseUrl}/api/auth/callback/microsoft`);
    expect(landing.status).toBe(302);
    const session = await browser.session();
    expect(session.user).toMatchObject({ email: 'mo@example.com', name: 'Mo Microsoft' });
    const accounts = await browser.get('/api/auth/list-accounts');
    expect(accounts.json).toEqual([
      expect.objectContaining({ providerId: 'microsoft', accountId: 'ms-456' }),
    ]);
  });

  it('refuses an ID token issued to another client (the token is verified, not just decoded)', async () => {
    google.person = { sub: 'google-777', email: 'eve@example.com', name: 'Eve', aud: 'another-client' };
    const browser = auth.client();
    const { landing } = await signInWith(browser, 'google');
    expect(landing.status).toBe(302);
    expect(landing.headers.get('location')).toContain('error=');
    expect(await browser.session()).toBeNull();
  });

  it('refuses a callback whose state was not issued to this browser', async () => {
    google.person = { sub: 'google-999', email: 'mallory@example.com', name: 'Mallory' };
    const victim = auth.client();
    const start = await auth
      .client()
      .post('/api/auth/sign-in/social', { provider: 'google', callbackURL: '/app' });
    const authorize = await fetch(start.json.url, { redirect: 'manual' });
    const callback = new URL(authorize.headers.get('location')!);
    const landing = await victim.get(callback.pathname + callback.search);
    expect(landing.status).toBe(302);
    expect(landing.headers.get('location')).toContain('error=');
    expect(await victim.session()).toBeNull();
  });
});
