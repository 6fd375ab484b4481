import { organizationSchema } from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import { testDialects } from '@lifeosai/testkit/databases';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRun } from '../testing/seed-runs.ts';
import { startTestStack, type TestStack, type TestUser } from '../testing/test-stack.ts';

describe.each(testDialects)('renaming and deleting an organization on %s', (dialect) => {
  let stack: TestStack;
  let founder: TestUser;
  let colleague: TestUser;

  beforeAll(async () => {
    stack = await startTestStack(dialect);
    founder = await stack.signUp('Founder');
    colleague = await stack.signUp('Colleague');
  }, 120_000);

  afterAll(async () => stack?.close());

  /** A second organization of the founder's (not personal), made active, with the colleague in it. */
  async function teamOrganization(name: string) {
    const created = await founder.client.post('/api/auth/organization/create', {
      name,
      slug: name.toLowerCase().replaceAll(' ', '-'),
    });
    expect(created.status, created.text).toBe(200);
    const orgId = created.json.id as string;
    await founder.client.post('/api/auth/organization/set-active', { organizationId: orgId });
    const invited = await founder.client.post('/api/orgs/current/invitations', {
      email: colleague.email,
      role: 'admin',
    });
    await colleague.client.post(`/api/orgs/invitations/${invited.json.id}/accept`);
    await colleague.client.post('/api/auth/organization/set-active', { organizationId: orgId });
    return orgId;
  }

  it('renames it (admin or owner), keeps the rest, and audits the change', async () => {
    const orgId = await teamOrganization('Acme Team');
    const renamed = await colleague.client.patch('/api/orgs/current', { name: '  Acme Labs ' });
    expect(renamed.status, renamed.text).toBe(200);
    expectContract(organizationSchema, renamed.json);
    expect(renamed.json).toMatchObject({ id: orgId, name: 'Acme Labs', role: 'admin', personal: false });
    expect((await founder.client.get('/api/orgs/current')).json.name).toBe('Acme Labs');
    const entry = await stack.database.db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'organization.renamed')
      .where('targetId', '=', orgId)
      .executeTakeFirstOrThrow();
    expect(entry.data).toMatchObject({ from: 'Acme Team', to: 'Acme Labs', userId: colleague.userId });
    // Not sent: unchanged. A personal organization can be renamed too.
    expect((await founder.client.patch('/api/orgs/current', {})).json.name).toBe('Acme Labs');
  });

  it('deletes it only for an owner who types its name, never while runs are going, and erases its data', async () => {
    const orgId = await teamOrganization('Doomed Inc');
    const agent = await founder.client.post('/api/agent/agents', { name: 'doomed agent', adapterType: 'pi' });
    await founder.client.post('/api/secrets', { name: 'DOOMED_TOKEN', value: 'doomed-secret-value' });
    await founder.client.put('/api/models/openai', {
      baseUrl: stack.fake.openAiBaseUrl,
      apiKey: 'sk-doomed',
    });
    const file = await founder.client.upload('/api/files?name=doomed.txt', 'doomed.txt', 'bytes to lose');
    expect(file.status).toBe(201);
    const busy = await seedRun(stack.database.db, { orgId, agentId: agent.json.id, costUsd: 0.01 });
    await stack.database.db.updateTable('runs').set({ status: 'running' }).where('id', '=', busy).execute();

    const byAdmin = await colleague.client.delete('/api/orgs/current', { confirm: 'Doomed Inc' });
    expect(byAdmin.status).toBe(403);
    const mistyped = await founder.client.delete('/api/orgs/current', { confirm: 'doomed inc' });
    expect(mistyped.status).toBe(400);
    expect(mistyped.json.error.code).toBe('CONFIRMATION_MISMATCH');
    const whileBusy = await founder.client.delete('/api/orgs/current', { confirm: 'Doomed Inc' });
    expect(whileBusy.status).toBe(409);
    expect(whileBusy.json.error.code).toBe('ORGANIZATION_BUSY');

    await stack.database.db.updateTable('runs').set({ status: 'succeeded' }).where('id', '=', busy).execute();
    const deleted = await founder.client.delete('/api/orgs/current', { confirm: 'Doomed Inc' });
    expect(deleted.status, deleted.text).toBe(204);

    // Both fall back to their personal organizations at once; the old one is gone from lists.
    for (const user of [founder, colleague]) {
      const me = await user.client.get('/api/me');
      expect(me.json.orgId).toBe(user.personalOrgId);
      expect((await user.client.get('/api/orgs')).text).not.toContain(orgId);
    }
    const db = stack.database.db;
    expect(await db.selectFrom('secrets').selectAll().where('orgId', '=', orgId).execute()).toEqual([]);
    expect(await db.selectFrom('providerSettings').selectAll().where('orgId', '=', orgId).execute()).toEqual(
      [],
    );
    expect(await db.selectFrom('files').selectAll().where('orgId', '=', orgId).execute()).toEqual([]);
    const agents = await db.selectFrom('agents').selectAll().where('orgId', '=', orgId).execute();
    expect(agents.every((row) => row.deletedAt !== null && row.instructions === '')).toBe(true);
    const runs = await db.selectFrom('runs').selectAll().where('orgId', '=', orgId).execute();
    expect(runs.map((run) => run.prompt)).toEqual(['']);
    const entry = await db
      .selectFrom('auditLog')
      .selectAll()
      .where('action', '=', 'organization.deleted')
      .where('targetId', '=', orgId)
      .executeTakeFirstOrThrow();
    expect(entry.data).toMatchObject({ name: 'Doomed Inc', agents: 1, runs: 1, files: 1, secrets: 2 });
    expect(JSON.stringify(entry.data)).not.toContain('doomed-secret-value');
  });

  it('refuses to delete a personal organization', async () => {
    await founder.client.post('/api/auth/organization/set-active', { organizationId: founder.personalOrgId });
    const me = (await founder.client.get('/api/orgs/current')).json;
    expect(me.personal).toBe(true);
    const refused = await founder.client.delete('/api/orgs/current', { confirm: me.name });
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('PERSONAL_ORGANIZATION');
  });
});
