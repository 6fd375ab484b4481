import { instanceUserSchema, memberListSchema, memberSchema } from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import { testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack, type TestUser } from '../testing/test-stack.ts';

describe.each(testDialects)('the instance admin changing accounts and roles on %s', (dialect) => {
  let stack: TestStack;
  /** The first account: the instance admin. */
  let admin: TestUser;
  let owner: TestUser;
  let member: TestUser;
  let memberId: string;

  beforeAll(async () => {
    // A long identity cache: a disabled account must be refused at once anyway.
    stack = await startTestStack(dialect, { identityCacheMs: 60_000 });
    admin = await stack.signUp('Admin');
    owner = await stack.signUp('Owner');
    member = await stack.signUp('Member');
    ({ memberId } = await stack.join(owner, member, 'member'));
  }, 120_000);

  afterAll(async () => stack?.close());

  const auditOf = (action: string, targetId: string) =>
    stack.database.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', action)
      .where('targetId', '=', targetId)
      .execute();

  it('disables an account: its sessions, API keys and sign-ins stop at once; enabling restores sign-in', async () => {
    const key = await member.client.post('/api/keys', { name: 'ci' });
    const bearer = { authorization: `Bearer ${key.json.key}` };
    expect((await stack.client().get('/api/me', bearer)).status).toBe(200);
    expect((await member.client.get('/api/me')).status).toBe(200);

    const disabled = await admin.client.patch(`/api/admin/users/${member.userId}`, { disabled: true });
    expect(disabled.status, disabled.text).toBe(200);
    expectContract(instanceUserSchema, disabled.json);
    expect(disabled.json).toMatchObject({ id: member.userId, disabled: true });

    expect((await member.client.get('/api/me')).status).toBe(401);
    expect((await stack.client().get('/api/me', bearer)).status).toBe(401);
    const signIn = await stack.client().post('/api/auth/sign-in/email', {
      email: member.email,
      password: 'correct horse battery',
    });
    expect(signIn.status).toBe(403);
    expect(signIn.json.error.code).toBe('BANNED_USER');
    expect(signIn.json.error.message).toMatch(/disabled/);
    const listed = (await admin.client.get('/api/admin/users')).json.items;
    expect(listed.find((user: { id: string }) => user.id === member.userId).disabled).toBe(true);

    const enabled = await admin.client.patch(`/api/admin/users/${member.userId}`, { disabled: false });
    expect(enabled.json.disabled).toBe(false);
    const again = stack.client();
    const back = await again.post('/api/auth/sign-in/email', {
      email: member.email,
      password: 'correct horse battery',
    });
    expect(back.status).toBe(200);
    member.client = again;

    const entries = [
      ...(await auditOf('user.disabled', member.userId)),
      ...(await auditOf('user.enabled', member.userId)),
    ];
    expect(entries.map((entry) => [entry.action, entry.orgId, entry.actorId])).toEqual([
      ['user.disabled', null, admin.userId],
      ['user.enabled', null, admin.userId],
    ]);
  });

  it('refuses to let the admin disable themselves', async () => {
    const refused = await admin.client.patch(`/api/admin/users/${admin.userId}`, { disabled: true });
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('CANNOT_DISABLE_SELF');
    expect((await admin.client.get('/api/me')).status).toBe(200);
  });

  it("changes a member's role in any organization, audited, and never removes the last owner", async () => {
    const members = await admin.client.get(`/api/admin/orgs/${owner.personalOrgId}/members`);
    expect(members.status).toBe(200);
    expectContract(memberListSchema, members.json);
    const ownerMembership = members.json.items.find(
      (item: { userId: string }) => item.userId === owner.userId,
    );

    const promoted = await admin.client.patch(`/api/admin/orgs/${owner.personalOrgId}/members/${memberId}`, {
      role: 'admin',
    });
    expect(promoted.status, promoted.text).toBe(200);
    expectContract(memberSchema, promoted.json);
    expect(promoted.json.role).toBe('admin');
    const seenByOwner = (await owner.client.get('/api/orgs/current/members')).json.items;
    expect(seenByOwner.find((item: { id: string }) => item.id === memberId).role).toBe('admin');
    const [entry] = await auditOf('member.role_changed', memberId);
    expect(entry).toMatchObject({ orgId: owner.personalOrgId, actorId: admin.userId });
    expect(entry!.data).toMatchObject({ from: 'member', to: 'admin', by: 'instance-admin' });

    const lastOwner = await admin.client.patch(
      `/api/admin/orgs/${owner.personalOrgId}/members/${ownerMembership.id}`,
      { role: 'admin' },
    );
    expect(lastOwner.status).toBe(409);
    expect(lastOwner.json.error.code).toBe('LAST_OWNER');

    const elsewhere = await admin.client.patch(`/api/admin/orgs/${admin.personalOrgId}/members/${memberId}`, {
      role: 'owner',
    });
    expect(elsewhere.status).toBe(404);
  });
});
