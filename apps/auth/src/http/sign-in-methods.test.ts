import { OAuth2Server } from 'oauth2-mock-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAuthService, type TestAuthService } from '../testing/test-auth-service.ts';

/** A real OpenID Connect provider on 127.0.0.1 (its discovery document is what start-up reads). */
async function startProvider() {
  const server = new OAuth2Server();
  await server.issuer.keys.generate('RS256');
  await server.start(0, '127.0.0.1');
  return { server, discoveryUrl: `${server.issuer.url}/.well-known/openid-configuration` };
}

async function methodsOf(auth: TestAuthService) {
  const response = await auth.client().get('/api/auth/methods');
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('application/json');
  return response;
}

describe('GET /api/auth/methods', () => {
  const started: TestAuthService[] = [];
  let google: Awaited<ReturnType<typeof startProvider>>;
  let microsoft: Awaited<ReturnType<typeof startProvider>>;
  const start = async (...args: Parameters<typeof startTestAuthService>) => {
    const auth = await startTestAuthService(...args);
    started.push(auth);
    return auth;
  };

  beforeAll(async () => {
    [google, microsoft] = await Promise.all([startProvider(), startProvider()]);
  });
  afterAll(async () => {
    await Promise.all(started.map((auth) => auth.stop()));
    await google?.server.stop();
    await microsoft?.server.stop();
  });

  it('in local mode without providers: email and password, reset through the outbox, no buttons', async () => {
    const auth = await start('sqlite', { mode: 'local', mailer: undefined });
    const response = await methodsOf(auth);
    expect(response.json).toEqual({
      emailAndPassword: true,
      requireEmailVerification: false,
      passwordReset: true,
      social: [],
      mailOutbox: true,
    });
    // Public: no session, nothing set.
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('in cloud mode: verification required, no outbox, and no reset when mail goes only to the log', async () => {
    const logOnly = await start('sqlite', { mode: 'cloud', mailer: undefined });
    expect((await methodsOf(logOnly)).json).toEqual({
      emailAndPassword: true,
      requireEmailVerification: true,
      passwordReset: false,
      social: [],
      mailOutbox: false,
    });
    const withMail = await start('sqlite', { mode: 'cloud' });
    expect((await methodsOf(withMail)).json).toMatchObject({ passwordReset: true, mailOutbox: false });
  });

  it('lists the configured providers, Google first, and never their client ids or secrets', async () => {
    const auth = await start('sqlite', {
      socialProviders: {
        microsoft: {
          clientId: 'microsoft-client-id-0001',
          clientSecret: 'microsoft-secret-value-0001',
          discoveryUrl: microsoft.discoveryUrl,
        },
        google: {
          clientId: 'google-client-id-0001',
          clientSecret: 'google-secret-value-0001',
          discoveryUrl: google.discoveryUrl,
        },
      },
    });
    const response = await methodsOf(auth);
    expect(response.json.social).toEqual([
      { id: 'google', name: 'Google' },
      { id: 'microsoft', name: 'Microsoft' },
    ]);
    for (const secret of ['client-id', 'secret-value', google.discoveryUrl, microsoft.discoveryUrl]) {
      expect(response.text).not.toContain(secret);
    }
    // What the page will do with a listed id works.
    const signIn = await auth
      .client()
      .post('/api/auth/sign-in/social', { provider: 'google', callbackURL: '/' });
    expect(signIn.status).toBe(200);
  });

  it("lists Microsoft's multi-tenant provider, and leaves out one whose discovery failed at start", async () => {
    const auth = await start('sqlite', {
      socialProviders: {
        // Nothing listens on port 9: discovery fails, so the button would lead nowhere.
        google: { clientId: 'g', clientSecret: 'g-secret', discoveryUrl: 'http://127.0.0.1:9/.well-known/x' },
        microsoft: { clientId: 'm', clientSecret: 'm-secret' },
      },
    });
    expect((await methodsOf(auth)).json.social).toEqual([{ id: 'microsoft', name: 'Microsoft' }]);
  });
});
