import { SERVICE_TOKEN_HEADER } from '@lifeosai/http-kit';
import { serviceToken } from '@lifeosai/secrets';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestAuthService,
  type TestAuthService,
  testServiceSecret,
} from '../testing/test-auth-service.ts';

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

  const identityFrom = (remoteAddress: string, token?: string) =>
    auth.service.app.inject({
      method: 'GET',
      url: '/internal/identity',
      remoteAddress,
      headers: { cookie, ...(token !== undefined && { [SERVICE_TOKEN_HEADER]: token }) },
    });

  it('refuses /internal/identity without the service token from every address, loopback included', async () => {
    for (const peer of ['127.0.0.1', '::1', '::ffff:127.0.0.1', '203.0.113.5']) {
      const refused = await identityFrom(peer);
      expect(refused.statusCode).toBe(401);
      expect(refused.json().error.code).toBe('SERVICE_CREDENTIAL_REQUIRED');
      expect(refused.json().error.message).toMatch(/service token in x-lifeosai-service-token/);
    }
    // A real socket from this machine, as an agent's shell would open one.
    const fromShell = await fetch(`${auth.baseUrl}/internal/identity`, { headers: { cookie } });
    expect(fromShell.status).toBe(401);
    expect(await fromShell.text()).not.toContain('inside@example.com');
  });

  it("refuses a wrong token: another receiver's, one from another secret, the raw secret", async () => {
    for (const token of [
      serviceToken(testServiceSecret, 'user-management'),
      serviceToken('another-service-secret-0123456789-abcdefghijkl', 'auth'),
      testServiceSecret,
      `${auth.serviceToken}x`,
    ]) {
      expect((await identityFrom('127.0.0.1', token)).statusCode).toBe(401);
    }
  });

  it('answers a caller with the token, from any address', async () => {
    for (const peer of ['127.0.0.1', '::1', '10.0.0.2']) {
      const answered = await identityFrom(peer, auth.serviceToken);
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
