import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testDialects } from '@lifeosai/testkit/databases';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openAuthDatabase } from '../database/auth-database.ts';
import { loadAuthSettings } from '../settings.ts';
import { startTestAuthService, type TestAuthService, testSecret } from '../testing/test-auth-service.ts';
import { rotateAuthSecretFile } from './rotate-auth-secret.ts';

const password = 'correct horse battery staple';
let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'lifeosai-auth-secret-'));
  writeFileSync(join(home, 'auth-secret'), `${testSecret}\n`, { mode: 0o600 });
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe.each(testDialects)('rotating the auth secret on %s', (dialect) => {
  let auth: TestAuthService | undefined;
  afterEach(() => auth?.stop());

  it('ends sessions and retires JWT keys and reset links; accounts, organizations and API keys stay', async () => {
    auth = await startTestAuthService(dialect);
    const owner = auth.client();
    await owner.signUp({ name: 'Ada', email: 'ada@example.com', password });
    const before = await owner.session();
    const apiKey = (await owner.post('/api/auth/api-key/create', { name: 'ci' })).json.key as string;
    expect((await owner.get('/api/auth/token')).status).toBe(200);
    const oldKeyIds = (await owner.get('/api/auth/jwks')).json.keys.map((key: { kid: string }) => key.kid);
    await auth
      .client()
      .post('/api/auth/request-password-reset', { email: 'ada@example.com', redirectTo: '/reset' });
    const resetToken = new URL(auth.lastMail('ada@example.com', 'password-reset')!.url!).pathname
      .split('/')
      .at(-1);
    const oldCookie = owner.jar.header()!;

    let report: Awaited<ReturnType<typeof rotateAuthSecretFile>> | undefined;
    auth = await auth.restart({
      async between(target) {
        const database = await openAuthDatabase(target);
        try {
          report = await rotateAuthSecretFile({ home, database });
        } finally {
          await database.close();
        }
      },
      overrides: () => ({ secret: readFileSync(join(home, 'auth-secret'), 'utf8').trim() }),
    });

    expect(report).toEqual({ sessions: 1, signingKeys: 1, verifications: 1, resumed: false });
    const newSecret = readFileSync(join(home, 'auth-secret'), 'utf8').trim();
    expect(newSecret).not.toBe(testSecret);
    expect(newSecret.length).toBeGreaterThanOrEqual(64);
    expect(statSync(join(home, 'auth-secret')).mode & 0o777).toBe(0o600);
    expect(existsSync(join(home, 'auth-secret.new'))).toBe(false);

    // The old session is gone, whatever cookie is shown.
    const stale = auth.client();
    expect(
      (await stale.request('/api/auth/get-session', { headers: { cookie: oldCookie } })).json,
    ).toBeNull();
    expect((await auth.identity({ cookie: oldCookie })).status).toBe(401);
    // The old reset link no longer works.
    const reset = await stale.post('/api/auth/reset-password', {
      token: resetToken,
      newPassword: 'another passphrase!',
    });
    expect(reset.status).toBe(400);
    // The API key still works: it is stored as a hash, independent of the secret.
    const byKey = await auth.identity({ authorization: `Bearer ${apiKey}` });
    expect(byKey.status).toBe(200);
    expect(byKey.json).toMatchObject({ userId: before.user.id, orgId: before.user.personalOrganizationId });
    // One sign-in, with the same password, brings back the same account and organization.
    const again = auth.client();
    expect((await again.signIn({ email: 'ada@example.com', password })).status).toBe(200);
    expect((await again.session()).user).toMatchObject({
      id: before.user.id,
      personalOrganizationId: before.user.personalOrganizationId,
      role: 'admin',
    });
    // JWTs are signed by a new key pair, encrypted under the new secret.
    expect((await again.get('/api/auth/token')).status).toBe(200);
    const newKeyIds = (await again.get('/api/auth/jwks')).json.keys.map((key: { kid: string }) => key.kid);
    expect(newKeyIds).toHaveLength(1);
    expect(oldKeyIds).not.toContain(newKeyIds[0]);
  });

  it('finishes an interrupted rotation with the secret it had set aside', async () => {
    auth = await startTestAuthService(dialect);
    const pending = 'a-pending-secret-from-an-earlier-run-0123456789abcdef';
    writeFileSync(join(home, 'auth-secret.new'), `${pending}\n`, { mode: 0o600 });
    auth = await auth.restart({
      async between(target) {
        const database = await openAuthDatabase(target);
        try {
          expect(await rotateAuthSecretFile({ home, database })).toMatchObject({ resumed: true });
        } finally {
          await database.close();
        }
      },
    });
    expect(readFileSync(join(home, 'auth-secret'), 'utf8').trim()).toBe(pending);
  });
});

it('will not start the auth service while a rotation is unfinished', () => {
  writeFileSync(join(home, 'auth-secret.new'), 'x'.repeat(64), { mode: 0o600 });
  expect(() => loadAuthSettings({ LIFEOSAI_HOME: home })).toThrow(/npm run rotate:auth-secret/);
});
