import { testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthClient } from '../testing/auth-client.ts';
import { startTestAuthService, type TestAuthService } from '../testing/test-auth-service.ts';

const password = 'correct horse battery staple';

describe.each(testDialects)('API keys (%s)', (dialect) => {
  let auth: TestAuthService;
  let owner: AuthClient;
  let ownerSession: { user: { id: string; personalOrganizationId: string } };
  beforeAll(async () => {
    auth = await startTestAuthService(dialect);
    owner = auth.client();
    await owner.signUp({ name: 'Key Owner', email: 'keys@example.com', password });
    ownerSession = await owner.session();
  });
  afterAll(() => auth?.stop());

  it('creates a key shown once, resolves the identity with it, and stops it the moment it is deleted', async () => {
    const created = await owner.post('/api/auth/api-key/create', { name: 'ci' });
    expect(created.status).toBe(200);
    expect(created.json.key).toMatch(/^lfo_/);
    expect(created.json.metadata).toEqual({ organizationId: ownerSession.user.personalOrganizationId });

    const bearer = { authorization: `Bearer ${created.json.key}` };
    expect(await auth.identity(bearer)).toEqual({
      status: 200,
      json: {
        userId: ownerSession.user.id,
        email: 'keys@example.com',
        name: 'Key Owner',
        orgId: ownerSession.user.personalOrganizationId,
        role: 'owner',
        isInstanceAdmin: true,
        via: 'api_key',
        keyId: created.json.id,
        // A key made without an expiry never expires.
        expiresAt: null,
      },
    });
    const listed = await owner.get('/api/auth/api-key/list');
    expect(JSON.stringify(listed.json)).not.toContain(created.json.key);

    const deleted = await owner.post('/api/auth/api-key/delete', { keyId: created.json.id });
    expect(deleted.status).toBe(200);
    const after = await auth.identity(bearer);
    expect(after.status).toBe(401);
    expect(after.json.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses unknown, malformed and disabled keys', async () => {
    expect((await auth.identity({ authorization: 'Bearer lfo_not-a-real-key' })).status).toBe(401);
    expect((await auth.identity({ authorization: 'Basic abc' })).status).toBe(401);
    // A bearer header decides alone: a valid cookie next to a bad key does not rescue it.
    expect((await auth.identity({ authorization: 'Bearer nope', cookie: owner.jar.header()! })).status).toBe(
      401,
    );

    const created = await owner.post('/api/auth/api-key/create', { name: 'paused' });
    const disabled = await owner.post('/api/auth/api-key/update', { keyId: created.json.id, enabled: false });
    expect(disabled.status).toBe(200);
    expect((await auth.identity({ authorization: `Bearer ${created.json.key}` })).status).toBe(401);
  });

  it('binds a key to an organization its creator belongs to, and only such a one', async () => {
    const other = auth.client();
    await other.signUp({ name: 'Other', email: 'other@example.com', password });
    const otherOrgId = (await other.session()).user.personalOrganizationId;

    const foreign = await owner.post('/api/auth/api-key/create', {
      name: 'foreign',
      metadata: { organizationId: otherOrgId },
    });
    expect(foreign.status).toBe(403);

    await other.post('/api/auth/organization/invite-member', { email: 'keys@example.com', role: 'member' });
    const invitation = auth.lastMail('keys@example.com', 'organization-invitation')!;
    await owner.post('/api/auth/organization/accept-invitation', {
      invitationId: new URL(invitation.url).searchParams.get('id'),
    });
    const bound = await owner.post('/api/auth/api-key/create', {
      name: 'team',
      metadata: { organizationId: otherOrgId },
    });
    expect(bound.status).toBe(200);
    const bearer = { authorization: `Bearer ${bound.json.key}` };
    expect((await auth.identity(bearer)).json).toMatchObject({ orgId: otherOrgId, role: 'member' });

    // Leaving the organization takes the key's access there with it.
    const left = await owner.post('/api/auth/organization/leave', { organizationId: otherOrgId });
    expect(left.status).toBe(200);
    expect((await auth.identity(bearer)).status).toBe(401);
  });
});
