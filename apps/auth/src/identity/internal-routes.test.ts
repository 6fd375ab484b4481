import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAuthService, type TestAuthService } from '../testing/test-auth-service.ts';

describe('internal routes', () => {
  let auth: TestAuthService;
  let cookie: string;
  beforeAll(async () => {
    auth = await startTestAuthService('sqlite', { version: '9.9.9' });
    const browser = auth.client();
    await browser.signUp({
      name: 'Inside',
      email: 'inside@example.com',
      password: 'correct horse battery staple',
    });
    cookie = browser.jar.header()!;
  });
  afterAll(() => auth?.stop());

  const identityFrom = (remoteAddress: string) =>
    auth.service.app.inject({ method: 'GET', url: '/internal/identity', remoteAddress, headers: { cookie } });

  it('refuses /internal/identity to a peer that is not loopback, even with a valid session', async () => {
    const refused = await identityFrom('203.0.113.5');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual({
      error: { code: 'FORBIDDEN', message: 'Internal routes answer only the gateway (loopback).' },
    });
    expect((await identityFrom('10.0.0.2')).statusCode).toBe(403);
  });

  it('answers loopback peers, IPv4, IPv6 and IPv4-mapped', async () => {
    for (const peer of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const answered = await identityFrom(peer);
      expect(answered.statusCode).toBe(200);
      expect(answered.json()).toMatchObject({ email: 'inside@example.com', via: 'session', role: 'owner' });
    }
  });

  it('answers 401 without credentials or with a session that is no more', async () => {
    const anonymous = await auth.identity({});
    expect(anonymous).toEqual({
      status: 401,
      json: {
        error: {
          code: 'UNAUTHENTICATED',
          message: 'No valid session cookie or API key: sign in, or send Authorization: Bearer <api key>.',
        },
      },
    });
    expect((await auth.identity({ cookie: 'lifeosai.session_token=forged.value' })).status).toBe(401);
  });

  it('serves /healthz', async () => {
    const response = await fetch(`${auth.baseUrl}/healthz`);
    expect(await response.json()).toEqual({ status: 'ok', service: 'auth', version: '9.9.9' });
  });

  it('answers unknown routes with the contract error body', async () => {
    const response = await fetch(`${auth.baseUrl}/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
