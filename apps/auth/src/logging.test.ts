import { Writable } from 'node:stream';
import { createLogger } from '@lifeosai/logger';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestAuthService, type TestAuthService } from './testing/test-auth-service.ts';

describe('what reaches the log', () => {
  const lines: string[] = [];
  let auth: TestAuthService;
  beforeAll(async () => {
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    auth = await startTestAuthService('sqlite', {
      requireEmailVerification: true,
      logger: createLogger({ service: 'auth', level: 'debug', destination }),
    });
  });
  afterAll(() => auth?.stop());

  it('never contains a password, a session cookie, a one-time token or an API key', async () => {
    const password = 'canary-password-4f1c9e';
    const browser = auth.client();
    await browser.signUp({ name: 'Canary', email: 'canary@example.com', password });
    const verification = new URL(auth.lastMail('canary@example.com', 'email-verification')!.url);
    await browser.get(verification.pathname + verification.search);
    await browser.post('/api/auth/request-password-reset', {
      email: 'canary@example.com',
      redirectTo: '/reset',
    });
    const reset = new URL(auth.lastMail('canary@example.com', 'password-reset')!.url);
    await auth.client().get(reset.pathname + reset.search);
    const key = (await browser.post('/api/auth/api-key/create', { name: 'canary' })).json.key as string;
    expect((await auth.identity({ authorization: `Bearer ${key}` })).status).toBe(200);

    const log = lines.join('');
    expect(log).toContain('incoming request');
    const canaries = {
      password,
      sessionToken: browser.jar.get('lifeosai.session_token')!.split('.')[0]!,
      verificationToken: verification.searchParams.get('token')!,
      resetToken: reset.pathname.split('/').pop()!,
      apiKey: key,
    };
    for (const [name, value] of Object.entries(canaries)) {
      expect(value.length, name).toBeGreaterThan(10);
      expect(log.includes(value), `${name} appears in the log`).toBe(false);
    }
  });
});
