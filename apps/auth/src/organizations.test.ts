import { testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthClient } from './testing/auth-client.ts';
import { startTestAuthService, type TestAuthService } from './testing/test-auth-service.ts';

const password = 'correct horse battery staple';

describe.each(testDialects)('organization invitations (%s)', (dialect) => {
  let auth: TestAuthService;
  let owner: AuthClient;
  let invitee: AuthClient;
  let ownerOrgId: string;
  beforeAll(async () => {
    auth = await startTestAuthService(dialect);
    owner = auth.client();
    invitee = auth.client();
    await owner.signUp({ name: 'Owner', email: 'owner@example.com', password });
    await invitee.signUp({ name: 'Invitee', email: 'invitee@example.com', password });
    ownerOrgId = (await owner.session()).session.activeOrganizationId;
  });
  afterAll(() => auth?.stop());

  it('invites by email; accepting makes the invitee a member and moves their session there', async () => {
    const invite = await owner.post('/api/auth/organization/invite-member', {
      email: 'invitee@example.com',
      role: 'member',
    });
    expect(invite.status).toBe(200);
    const mail = auth.lastMail('invitee@example.com', 'organization-invitation');
    expect(mail?.subject).toBe("Owner invited you to Owner's workspace on LIFEOSAI");
    const invitationId = new URL(mail!.url).searchParams.get('id');
    expect(invitationId).toBe(invite.json.id);
    expect(mail!.url).toBe(`${auth.baseUrl}/accept-invitation?id=${invitationId}`);

    const accepted = await invitee.post('/api/auth/organization/accept-invitation', { invitationId });
    expect(accepted.status).toBe(200);

    const identity = await auth.identity({ cookie: invitee.jar.header()! });
    expect(identity.json).toMatchObject({ orgId: ownerOrgId, role: 'member', email: 'invitee@example.com' });
    const members = await owner.get('/api/auth/organization/list-members');
    expect(members.json.members).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          role: 'owner',
          user: expect.objectContaining({ email: 'owner@example.com' }),
        }),
        expect.objectContaining({
          role: 'member',
          user: expect.objectContaining({ email: 'invitee@example.com' }),
        }),
      ]),
    );
  });

  it('reports the role of the active organization: owner in their own, admin once promoted', async () => {
    const inviteeSession = await invitee.session();
    await invitee.post('/api/auth/organization/set-active', {
      organizationId: inviteeSession.user.personalOrganizationId,
    });
    expect((await auth.identity({ cookie: invitee.jar.header()! })).json.role).toBe('owner');

    const members = await owner.get('/api/auth/organization/list-members');
    const membership = members.json.members.find(
      (member: { user: { email: string } }) => member.user.email === 'invitee@example.com',
    );
    const promoted = await owner.post('/api/auth/organization/update-member-role', {
      memberId: membership.id,
      role: 'admin',
    });
    expect(promoted.status).toBe(200);
    await invitee.post('/api/auth/organization/set-active', { organizationId: ownerOrgId });
    expect((await auth.identity({ cookie: invitee.jar.header()! })).json).toMatchObject({
      orgId: ownerOrgId,
      role: 'admin',
    });
  });

  it('keeps personal workspaces, while other organizations can be deleted by their owner', async () => {
    const personal = await owner.post('/api/auth/organization/delete', { organizationId: ownerOrgId });
    expect(personal.status).toBe(403);
    expect(personal.json.code).toBe('PERSONAL_ORGANIZATION');

    const team = await owner.post('/api/auth/organization/create', { name: 'Team', slug: 'team-to-delete' });
    expect(team.status).toBe(200);
    const deleted = await owner.post('/api/auth/organization/delete', { organizationId: team.json.id });
    expect(deleted.status).toBe(200);
  });

  it('lets only members invite (better-auth answers a non-member 400 MEMBER_NOT_FOUND)', async () => {
    const stranger = auth.client();
    await stranger.signUp({ name: 'Stranger', email: 'stranger@example.com', password });
    const invite = await stranger.post('/api/auth/organization/invite-member', {
      email: 'someone@example.com',
      role: 'member',
      organizationId: ownerOrgId,
    });
    expect(invite.status).toBe(400);
    expect(invite.json.code).toBe('MEMBER_NOT_FOUND');
  });
});
