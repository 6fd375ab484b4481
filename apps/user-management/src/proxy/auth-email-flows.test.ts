import { outboxSchema } from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import { testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../testing/test-client.ts';
import {
  startTestStack,
  type TestStack,
  type TestUser,
  webOrigin,
  webTierHeaders,
} from '../testing/test-stack.ts';

const password = 'correct horse battery';

/**
 * What the web app's sign-in, "forgot password" and "verify email" pages do, through the
 * gateway in local mode (no mail server: links wait in the outbox, which only the instance
 * admin reads). The auth service's public URL is the web app's origin, so every link points
 * there; the web app forwards `/api/*` to the gateway, which this test does by requesting the
 * link's path at the gateway.
 */
describe.each(testDialects)('email flows through the gateway on %s', (dialect) => {
  let stack: TestStack;
  /** The first account: the instance admin, who reads the outbox. */
  let operator: TestUser;

  beforeAll(async () => {
    stack = await startTestStack(dialect, { mail: 'outbox' });
    operator = await stack.signUp('Operator');
  }, 60_000);

  afterAll(async () => stack?.close());

  /** The newest outbox message of `kind` to `to`, as the instance admin sees it. */
  async function newestMail(to: string, kind: string): Promise<{ url: string } | undefined> {
    const outbox = await operator.client.get('/api/admin/outbox');
    expect(outbox.status, outbox.text).toBe(200);
    expect(outbox.headers.get('cache-control')).toBe('no-store');
    expectContract(outboxSchema, outbox.json);
    return outbox.json.items.find(
      (mail: { to: string; kind: string }) => mail.to === to && mail.kind === kind,
    );
  }

  async function lastLink(to: string, kind: string): Promise<URL> {
    const mail = await newestMail(to, kind);
    expect(mail, `no ${kind} mail to ${to}`).toBeDefined();
    return new URL(mail!.url);
  }

  /** Follows a mailed link the way the web app's proxy would: same path and query, at the gateway. */
  const follow = (client: TestClient, link: URL) => client.get(link.pathname + link.search);

  /**
   * A POST from a browser at `address`, as the web server vouches for it: better-auth allows three
   * reset or verification mails per minute per address, so each test asks from its own.
   */
  const postFrom = (address: string, path: string, body: unknown) =>
    stack.client().request('POST', path, { body, headers: webTierHeaders(address) });

  it('tells the sign-in page which methods exist, without a session', async () => {
    const response = await stack.client().get('/api/auth/methods');
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      emailAndPassword: true,
      requireEmailVerification: false,
      passwordReset: true,
      social: [],
      mailOutbox: true,
    });
  });

  it("never answers a visitor with a link: the outbox is the instance admin's alone", async () => {
    const user = await stack.signUp('Visitor');
    const request = await postFrom('203.0.113.5', '/api/auth/request-password-reset', {
      email: user.email,
      redirectTo: '/reset-password',
    });
    expect(request.status).toBe(200);
    const link = await lastLink(user.email, 'password-reset');
    expect(request.text).not.toContain(link.pathname);

    expect((await stack.client().get('/api/admin/outbox')).status).toBe(401);
    const asUser = await user.client.get('/api/admin/outbox');
    expect(asUser.status).toBe(403);
    expect(asUser.text).not.toContain(link.pathname);
    const old = await stack.client().get(`/api/auth/dev/last-email?to=${encodeURIComponent(user.email)}`);
    expect(old.status).toBe(404);
    expect(old.text).not.toContain(link.pathname);
  });

  it('resets a forgotten password: request → mailed link → redirect with a token → new password works', async () => {
    const user = await stack.signUp('Forgetful');
    const request = await postFrom('203.0.113.1', '/api/auth/request-password-reset', {
      email: user.email,
      redirectTo: `${webOrigin}/reset-password`,
    });
    expect(request.status, request.text).toBe(200);

    const link = await lastLink(user.email, 'password-reset');
    expect(link.origin).toBe(webOrigin);
    expect(link.pathname).toMatch(/^\/api\/auth\/reset-password\/[\w-]+$/);
    expect(link.searchParams.get('callbackURL')).toBe(`${webOrigin}/reset-password`);

    const landing = await follow(stack.client(), link);
    expect(landing.status).toBe(302);
    const page = new URL(landing.headers.get('location')!);
    expect(page.origin + page.pathname).toBe(`${webOrigin}/reset-password`);
    const token = page.searchParams.get('token');
    expect(token).toBe(link.pathname.split('/').at(-1));

    const reset = await stack
      .client()
      .post('/api/auth/reset-password', { newPassword: 'a brand new passphrase', token });
    expect(reset.status, reset.text).toBe(200);
    // Every session of the old password ends at once, despite the gateway's identity cache.
    expect((await user.client.get('/api/me')).status).toBe(401);

    const browser = stack.client();
    const old = await browser.post('/api/auth/sign-in/email', { email: user.email, password });
    expect(old.status).toBe(401);
    const signedIn = await browser.post('/api/auth/sign-in/email', {
      email: user.email,
      password: 'a brand new passphrase',
    });
    expect(signedIn.status).toBe(200);
    expect((await browser.get('/api/me')).json.userId).toBe(user.userId);

    const again = await stack
      .client()
      .post('/api/auth/reset-password', { newPassword: 'yet another one!', token });
    expect(again.status).toBe(400);
    expect(again.json.error.code).toBe('INVALID_TOKEN');
  });

  it('turns a relative redirectTo into the public URL', async () => {
    const user = await stack.signUp('Relative');
    await postFrom('203.0.113.2', '/api/auth/request-password-reset', {
      email: user.email,
      redirectTo: '/reset-password',
    });
    const link = await lastLink(user.email, 'password-reset');
    expect(link.searchParams.get('callbackURL')).toBe('/reset-password');
    const landing = await follow(stack.client(), link);
    expect(landing.status).toBe(302);
    expect(landing.headers.get('location')).toMatch(
      new RegExp(`^${webOrigin}/reset-password\\?token=[\\w-]+$`),
    );
  });

  it('refuses a foreign redirectTo, sends a forged link back with an error, and limits requests', async () => {
    const user = await stack.signUp('Careful');
    const foreign = await postFrom('203.0.113.3', '/api/auth/request-password-reset', {
      email: user.email,
      redirectTo: 'https://attacker.example/steal',
    });
    expect(foreign.status).toBe(403);
    expect(foreign.json.error.code).toMatch(/^[A-Z_]+$/);
    expect(await newestMail(user.email, 'password-reset')).toBeUndefined();

    const forged = await stack
      .client()
      .get(`/api/auth/reset-password/not-a-real-token?callbackURL=${encodeURIComponent('/reset-password')}`);
    expect(forged.status).toBe(302);
    expect(forged.headers.get('location')).toBe(`${webOrigin}/reset-password?error=INVALID_TOKEN`);

    // An unknown address gets the same answer (no account enumeration), and no mail.
    const unknown = await postFrom('203.0.113.3', '/api/auth/request-password-reset', {
      email: 'nobody-here@example.test',
      redirectTo: '/reset-password',
    });
    expect(unknown.status).toBe(200);
    expect(await newestMail('nobody-here@example.test', 'password-reset')).toBeUndefined();

    // Three requests per minute per client address; the fourth waits.
    await postFrom('203.0.113.3', '/api/auth/request-password-reset', {
      email: user.email,
      redirectTo: '/x',
    });
    const limited = await postFrom('203.0.113.3', '/api/auth/request-password-reset', {
      email: user.email,
      redirectTo: '/reset-password',
    });
    expect(limited.status).toBe(429);
    expect(limited.json.error.code).toBe('RATE_LIMITED');
    expect(limited.json.error.message).toMatch(/try again in \d+ seconds/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('verifies an address: send → mailed link → redirect to the page, signed in and verified', async () => {
    const user = await stack.signUp('Verifier');
    expect((await user.client.get('/api/auth/get-session')).json.user.emailVerified).toBe(false);
    const sent = await postFrom('203.0.113.4', '/api/auth/send-verification-email', {
      email: user.email,
      callbackURL: '/verify-email',
    });
    expect(sent.status, sent.text).toBe(200);

    const link = await lastLink(user.email, 'email-verification');
    expect(link.origin).toBe(webOrigin);
    expect(link.pathname).toBe('/api/auth/verify-email');
    expect(link.searchParams.get('token')).toBeTruthy();
    expect(link.searchParams.get('callbackURL')).toBe('/verify-email');

    const browser = stack.client();
    const landing = await follow(browser, link);
    expect(landing.status).toBe(302);
    expect(landing.headers.get('location')).toBe('/verify-email');
    // Verifying signs the browser that followed the link in.
    const session = await browser.get('/api/auth/get-session');
    expect(session.json.user).toMatchObject({ email: user.email, emailVerified: true });

    const forged = await stack
      .client()
      .get('/api/auth/verify-email?token=forged&callbackURL=%2Fverify-email');
    expect(forged.status).toBe(302);
    expect(forged.headers.get('location')).toBe('/verify-email?error=INVALID_TOKEN');
  });
});
