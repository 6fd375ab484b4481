import { testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthClient } from '../testing/auth-client.ts';
import { startTestAuthService, type TestAuthService } from '../testing/test-auth-service.ts';

const password = 'correct horse battery staple';

describe.each(testDialects)("the auth service's input rules and error shape (%s)", (dialect) => {
  let auth: TestAuthService;
  let owner: AuthClient;
  beforeAll(async () => {
    auth = await startTestAuthService(dialect);
    owner = auth.client();
    expect((await owner.signUp({ name: 'Owner', email: 'owner@example.com', password })).status).toBe(200);
  });
  afterAll(() => auth?.stop());

  function expectRefused(
    response: { status: number; json: { error?: { code: string; message: string } } },
    field: string,
  ) {
    expect(response.status).toBe(400);
    expect(response.json.error?.code).toBe('INVALID_REQUEST');
    expect(response.json.error?.message).toMatch(new RegExp(`^${field.replace('.', '\\.')}: `));
  }

  it.each([
    ['a right-to-left override', 'Mallory\u202egnp.exe'],
    ['a NUL', 'Null\u0000Byte'],
    ['a newline', 'Two\nLines'],
    ['a first-strong isolate', 'Iso\u2068late'],
  ])('refuses a sign-up whose name holds %s, and stores nothing', async (_case, name) => {
    const email = `hidden-${Math.abs(name.codePointAt(name.length - 5)!)}@example.com`;
    expectRefused(await auth.client().signUp({ name, email, password }), 'name');
    const signIn = await auth.client().signIn({ email, password });
    expect(signIn.status).toBe(401);
  });

  it('refuses hidden characters in organization, API key and profile names', async () => {
    expectRefused(
      await owner.post('/api/auth/organization/create', { name: 'Acme\u202e', slug: 'acme-hidden' }),
      'name',
    );
    expectRefused(
      await owner.post('/api/auth/organization/create', { name: 'Acme', slug: 'ac\u200bme' }),
      'slug',
    );
    expectRefused(await owner.post('/api/auth/update-user', { name: 'New\u2066name' }), 'name');
    expectRefused(await owner.post('/api/auth/api-key/create', { name: 'key\u0085' }), 'name');
    const orgId = (await owner.session()).session.activeOrganizationId;
    expectRefused(
      await owner.post('/api/auth/organization/update', {
        organizationId: orgId,
        data: { name: 'x\u202dy' },
      }),
      'data.name',
    );
  });

  it('refuses a NUL in any field or query parameter, naming it', async () => {
    expectRefused(
      await owner.post('/api/auth/sign-in/email', { email: 'owner@example.com', password: 'a\u0000b' }),
      'password',
    );
    expectRefused(await owner.get('/api/auth/organization/get-invitation?id=a%00b'), 'id');
  });

  it("answers better-auth's own errors in the contract shape, its fields kept", async () => {
    const wrong = await auth.client().signIn({ email: 'owner@example.com', password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({
      code: 'INVALID_EMAIL_OR_PASSWORD',
      error: { code: 'INVALID_EMAIL_OR_PASSWORD', message: wrong.json.message },
    });
    const unknown = await owner.get('/api/auth/no-such-endpoint');
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });
});
