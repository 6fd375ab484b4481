import {
  acceptedInvitationSchema,
  createdInvitationSchema,
  organizationSchema,
} from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import { testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack, type TestUser } from '../testing/test-stack.ts';

/**
 * What the web app's `/accept-invitation?id=` page relies on, through the gateway: the invited
 * person reads the invitation (better-auth's `get-invitation`), accepts it (`/api/orgs`) and
 * switches to the organization (better-auth's `set-active`); nobody else learns or takes it.
 */
describe.each(testDialects)('following an invitation link on %s', (dialect) => {
  let stack: TestStack;
  let owner: TestUser;
  let invitee: TestUser;
  let stranger: TestUser;

  beforeAll(async () => {
    // A long identity cache: the switch must show at once anyway.
    stack = await startTestStack(dialect, { identityCacheMs: 60_000 });
    [owner, invitee, stranger] = [
      await stack.signUp('Owner'),
      await stack.signUp('Invitee'),
      await stack.signUp('Stranger'),
    ];
  }, 120_000);

  afterAll(async () => stack?.close());

  const invite = async (email: string, role: 'admin' | 'member') => {
    const created = await owner.client.post('/api/orgs/current/invitations', { email, role });
    expect(created.status).toBe(201);
    expectContract(createdInvitationSchema, created.json);
    // Mailed: the answer carries no link.
    expect(created.json.url).toBeNull();
    return created.json.id as string;
  };
  const details = (user: TestUser | null, id: string) =>
    (user?.client ?? stack.client()).get(
      `/api/auth/organization/get-invitation?id=${encodeURIComponent(id)}`,
    );

  it('shows the invited person the organization and role, then accepting and switching moves them there', async () => {
    const id = await invite(invitee.email, 'admin');
    const organization = (await owner.client.get('/api/orgs/current')).json;
    expectContract(organizationSchema, organization);

    const shown = await details(invitee, id);
    expect(shown.status).toBe(200);
    expect(shown.json).toMatchObject({
      id,
      email: invitee.email,
      role: 'admin',
      status: 'pending',
      organizationId: owner.personalOrgId,
      organizationName: organization.name,
      inviterEmail: owner.email,
      expiresAt: expect.any(String),
    });

    const accepted = await invitee.client.post(`/api/orgs/invitations/${id}/accept`);
    expect(accepted.status).toBe(200);
    expectContract(acceptedInvitationSchema, accepted.json);
    expect(accepted.json).toEqual({
      organizationId: owner.personalOrgId,
      memberId: expect.any(String),
      role: 'admin',
    });
    const switched = await invitee.client.post('/api/auth/organization/set-active', {
      organizationId: accepted.json.organizationId,
    });
    expect(switched.status).toBe(200);
    const me = await invitee.client.get('/api/me');
    expect(me.json).toMatchObject({ orgId: owner.personalOrgId, role: 'admin' });

    // Used: the link no longer shows it, and a second accept is refused.
    const again = await details(invitee, id);
    expect(again.status).toBe(400);
    expect(again.json.error.code).toMatch(/^[A-Z_]+$/);
    const twice = await invitee.client.post(`/api/orgs/invitations/${id}/accept`);
    expect(twice.status).toBe(400);
    expect(twice.json.error.code).toBe('INVITATION_NOT_FOUND');
  }, 60_000);

  it('tells nobody else what the invitation is, and lets nobody else take it', async () => {
    const id = await invite('someone.else@example.test', 'member');

    const other = await details(stranger, id);
    expect(other.status).toBe(403);
    expect(other.json.error.code).toBe('YOU_ARE_NOT_THE_RECIPIENT_OF_THE_INVITATION');
    expect(other.text).not.toContain('someone.else@example.test');
    const signedOut = await details(null, id);
    expect(signedOut.status).toBe(401);
    expect(signedOut.text).not.toContain('someone.else@example.test');
    expect((await details(stranger, 'inv_unknown')).status).toBe(400);

    const taken = await stranger.client.post(`/api/orgs/invitations/${id}/accept`);
    expect(taken.status).toBe(404);
    expect(taken.json.error.code).toBe('NOT_FOUND');
    expect((await stranger.client.get('/api/me')).json.orgId).toBe(stranger.personalOrgId);
    // Switching to an organization one is not in is refused as well.
    const intrude = await stranger.client.post('/api/auth/organization/set-active', {
      organizationId: owner.personalOrgId,
    });
    expect(intrude.status).toBe(403);
    expect((await stranger.client.get('/api/me')).json.orgId).toBe(stranger.personalOrgId);
  }, 60_000);
});
