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

describe.each(testDialects)('the local-mode outbox (%s)', (dialect) => {
  let local: TestAuthService;
  let cloud: TestAuthService;
  beforeAll(async () => {
    [local, cloud] = await Promise.all([
      startTestAuthService(dialect, { mode: 'local', mailer: undefined }),
      startTestAuthService(dialect, { mode: 'cloud', mailer: undefined }),
    ]);
  });
  afterAll(async () => {
    await local?.stop();
    await cloud?.stop();
  });

  it('keeps the links in the database for the instance admin, never in an answer', async () => {
    const browser = local.client();
    const signUp = await browser.signUp({ name: 'Local', email: 'local@example.com', password });
    expect((await browser.session()).user.emailVerified).toBe(false);
    const reset = await local.client().post('/api/auth/request-password-reset', {
      email: 'local@example.com',
      redirectTo: '/reset-password',
    });
    expect(reset.status).toBe(200);

    const kept = await local.outbox();
    expect(kept.map((mail) => [mail.kind, mail.to])).toEqual([
      ['password-reset', 'local@example.com'],
      ['email-verification', 'local@example.com'],
    ]);
    expect(kept[1]!.url).toContain('/api/auth/verify-email?token=');
    for (const mail of kept) {
      expect(signUp.text).not.toContain(mail.url);
      expect(reset.text).not.toContain(mail.url);
    }
    // The old dev mailbox is gone, from every address.
    const old = await local.client().get('/api/auth/dev/last-email?to=local@example.com');
    expect(old.status).toBe(404);
    expect(old.text).not.toContain('token');
  });

  it('keeps nothing in cloud mode: the log is the only place links go without a mail server', async () => {
    await cloud.client().signUp({ name: 'Cloud', email: 'cloud@example.com', password });
    expect(await cloud.outbox()).toEqual([]);
  });
});
