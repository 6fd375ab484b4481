import { testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAuthService, type TestAuthService } from '../testing/test-auth-service.ts';

const password = 'correct horse battery staple';

describe.each(testDialects)('email verification and password reset (%s)', (dialect) => {
  let auth: TestAuthService;
  beforeAll(async () => {
    auth = await startTestAuthService(dialect, { requireEmailVerification: true });
  });
  afterAll(() => auth?.stop());

  it('requires a verified address before sign-in, and the mailed link verifies it and signs in', async () => {
    const browser = auth.client();
    const signUp = await browser.signUp({ name: 'Verifier', email: 'verify@example.com', password });
    expect(signUp.status).toBe(200);
    expect(browser.jar.header()).toBeUndefined();

    const refused = await browser.signIn({ email: 'verify@example.com', password });
    expect(refused.status).toBe(403);
    expect(refused.json.code).toBe('EMAIL_NOT_VERIFIED');

    const mail = auth.lastMail('verify@example.com', 'email-verification');
    expect(mail?.url).toMatch(new RegExp(`^${auth.baseUrl}/api/auth/verify-email\\?token=`));
    expect(mail?.text).toContain(mail?.url);

    const verified = await browser.get(new URL(mail!.url).pathname + new URL(mail!.url).search);
    expect(verified.status).toBe(302);
    const session = await browser.session();
    expect(session.user).toMatchObject({ email: 'verify@example.com', emailVerified: true });

    const again = auth.client();
    expect((await again.signIn({ email: 'verify@example.com', password })).status).toBe(200);
  });

  it('resets a password through the mailed link; the old password stops working', async () => {
    const owner = auth.client();
    await owner.signUp({ name: 'Forgetful', email: 'forgetful@example.com', password });
    const verification = auth.lastMail('forgetful@example.com', 'email-verification')!;
    await owner.get(new URL(verification.url).pathname + new URL(verification.url).search);

    const request = await auth.client().post('/api/auth/request-password-reset', {
      email: 'forgetful@example.com',
      redirectTo: '/reset-password',
    });
    expect(request.status).toBe(200);
    const mail = auth.lastMail('forgetful@example.com', 'password-reset');
    expect(mail?.url).toMatch(new RegExp(`^${auth.baseUrl}/api/auth/reset-password/`));

    const landing = await auth.client().get(new URL(mail!.url).pathname + new URL(mail!.url).search);
    expect(landing.status).toBe(302);
    const page = new URL(landing.headers.get('location')!, auth.baseUrl);
    expect(page.pathname).toBe('/reset-password');
    const token = page.searchParams.get('token');
    expect(token).toBeTruthy();

    const reset = await auth
      .client()
      .post('/api/auth/reset-password', { token, newPassword: 'a brand new passphrase' });
    expect(reset.status).toBe(200);
    // Sessions opened with the old password are revoked.
    expect(await owner.session()).toBeNull();

    const browser = auth.client();
    expect((await browser.signIn({ email: 'forgetful@example.com', password })).status).toBe(401);
    expect(
      (await browser.signIn({ email: 'forgetful@example.com', password: 'a brand new passphrase' })).status,
    ).toBe(200);
    // The link works once.
    const reuse = await auth
      .client()
      .post('/api/auth/reset-password', { token, newPassword: 'yet another one!!' });
    expect(reuse.status).toBe(400);
  });
});

describe('the local-mode mailbox', () => {
  let local: TestAuthService;
  let cloud: TestAuthService;
  beforeAll(async () => {
    [local, cloud] = await Promise.all([
      startTestAuthService('sqlite', { mode: 'local', mailer: undefined }),
      startTestAuthService('sqlite', { mode: 'cloud', mailer: undefined }),
    ]);
  });
  afterAll(async () => {
    await local?.stop();
    await cloud?.stop();
  });

  it('shows the last link sent to an address, without requiring verification to sign in', async () => {
    const browser = local.client();
    await browser.signUp({ name: 'Local', email: 'local@example.com', password });
    expect((await browser.session()).user.emailVerified).toBe(false);

    const mailbox = await local.client().get('/api/auth/dev/last-email?to=local@example.com');
    expect(mailbox.status).toBe(200);
    expect(mailbox.json).toMatchObject({ kind: 'email-verification', to: 'local@example.com' });
    expect(mailbox.json.url).toContain('/api/auth/verify-email?token=');

    const none = await local.client().get('/api/auth/dev/last-email?to=nobody@example.com');
    expect(none.status).toBe(404);
    expect(none.json.error.code).toBe('NOT_FOUND');
    const invalid = await local.client().get('/api/auth/dev/last-email?to=not-an-address');
    expect(invalid.status).toBe(400);
  });

  it('gives the links only to a client on this machine', async () => {
    const fromLan = await local.service.app.inject({
      method: 'GET',
      url: '/api/auth/dev/last-email?to=local@example.com',
      remoteAddress: '192.168.1.20',
    });
    expect(fromLan.statusCode).toBe(403);
  });

  it('does not exist in cloud mode', async () => {
    const response = await cloud.client().get('/api/auth/dev/last-email?to=local@example.com');
    expect(response.status).toBe(404);
  });
});
