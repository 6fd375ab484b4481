import {
  instanceOrganizationPageSchema,
  instanceUsageSchema,
  instanceUserPageSchema,
} from '@lifeosai/api-contract';
import { expectContract } from '@lifeosai/api-contract/expect-contract';
import { newId } from '@lifeosai/db';
import { testDialects } from '@lifeosai/testkit/databases';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRun } from '../testing/seed-runs.ts';
import type { TestClient } from '../testing/test-client.ts';
import { startTestStack, type TestStack, type TestUser } from '../testing/test-stack.ts';

/** Every page of a list, following `nextCursor` until it is null. */
async function walk(client: TestClient, path: string, limit: number) {
  const items: { id: string }[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const response = await client.get(`${path}?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(response.status, response.text).toBe(200);
    expect(response.json.items.length).toBeLessThanOrEqual(limit);
    items.push(...response.json.items);
    cursor = response.json.nextCursor;
    if (cursor === null) return items;
  }
  throw new Error(`${path} never ended`);
}

describe.each(testDialects)('the instance admin API on %s', (dialect) => {
  let stack: TestStack;
  /** The first account: the instance admin. */
  let admin: TestUser;
  let owner: TestUser;
  let member: TestUser;
  let agentIds: string[];

  beforeAll(async () => {
    stack = await startTestStack(dialect);
    admin = await stack.signUp('Admin');
    owner = await stack.signUp('Owner');
    member = await stack.signUp('Member');
    await stack.join(owner, member, 'member');
    agentIds = [];
    for (const name of ['first', 'second', 'doomed']) {
      const created = await owner.client.post('/api/agent/agents', { name, adapterType: 'pi' });
      expect(created.status, created.text).toBe(201);
      agentIds.push(created.json.id);
    }
    expect((await owner.client.delete(`/api/agent/agents/${agentIds[2]}`)).status).toBe(204);
    for (const costUsd of [0.1, 0.2, 1.25]) {
      await seedRun(stack.database.db, { orgId: owner.personalOrgId, agentId: agentIds[0]!, costUsd });
    }
  }, 120_000);

  afterAll(async () => stack?.close());

  it('lists every account newest first, with its organizations and whether it is the instance admin', async () => {
    const response = await admin.client.get('/api/admin/users');
    expect(response.status).toBe(200);
    expectContract(instanceUserPageSchema, response.json);
    expect(response.json.nextCursor).toBeNull();
    const { items } = response.json;
    expect(items.map((user: { email: string }) => user.email)).toEqual([
      member.email,
      owner.email,
      admin.email,
    ]);
    expect(items[0]).toEqual({
      id: member.userId,
      email: member.email,
      name: 'Member',
      emailVerified: false,
      isInstanceAdmin: false,
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      organizations: 2,
      disabled: false,
    });
    expect(items[2]).toMatchObject({ id: admin.userId, isInstanceAdmin: true, organizations: 1 });
    expect(items[1]).toMatchObject({ id: owner.userId, isInstanceAdmin: false, organizations: 1 });
    // What /api/me says about the same people.
    expect((await admin.client.get('/api/me')).json.isInstanceAdmin).toBe(true);
    expect((await owner.client.get('/api/me')).json.isInstanceAdmin).toBe(false);
  });

  it('lists every organization with its members, agents, runs and spend', async () => {
    const response = await admin.client.get('/api/admin/orgs');
    expect(response.status).toBe(200);
    expectContract(instanceOrganizationPageSchema, response.json);
    const { items } = response.json;
    expect(items.map((org: { id: string }) => org.id)).toEqual([
      member.personalOrgId,
      owner.personalOrgId,
      admin.personalOrgId,
    ]);
    expect(items[1]).toEqual({
      id: owner.personalOrgId,
      name: "Owner's workspace",
      slug: expect.stringMatching(/^owner-/),
      createdAt: expect.any(String),
      members: 2,
      agents: 2,
      runs: 3,
      costUsd: 1.55,
    });
    expect(items[2]).toMatchObject({ id: admin.personalOrgId, members: 1, agents: 0, runs: 0, costUsd: 0 });
  });

  it('pages through both lists without skipping or repeating, even when creation times tie', async () => {
    const extra = await Promise.all(['TieA', 'TieB', 'TieC'].map((name) => stack.signUp(name)));
    // Three accounts and workspaces created in the same millisecond: the id breaks the tie.
    const sameTime = '2030-01-01T00:00:00.000Z';
    const ids = (values: string[]) => sql.join(values);
    await sql`update "user" set "createdAt" = ${sameTime} where id in (${ids(extra.map((user) => user.userId))})`.execute(
      stack.database.db,
    );
    await sql`update organization set "createdAt" = ${sameTime} where id in (${ids(extra.map((user) => user.personalOrgId))})`.execute(
      stack.database.db,
    );

    const all = (await admin.client.get('/api/admin/users?limit=200')).json.items;
    expect(
      all
        .slice(0, 3)
        .map((user: { id: string }) => user.id)
        .sort(),
    ).toEqual(extra.map((user) => user.userId).sort());
    for (const limit of [1, 2, 4]) {
      const users = await walk(admin.client, '/api/admin/users', limit);
      expect(users.map((user) => user.id)).toEqual(all.map((user: { id: string }) => user.id));
      const orgs = await walk(admin.client, '/api/admin/orgs', limit);
      expect(new Set(orgs.map((org) => org.id)).size).toBe(orgs.length);
      expect(orgs).toHaveLength(6);
    }
  });

  it('refuses everyone but the instance admin, and the admin’s API keys', async () => {
    for (const path of ['/api/admin/users', '/api/admin/orgs', '/api/admin/outbox']) {
      const outsider = await owner.client.get(path);
      expect(outsider.status).toBe(403);
      expect(outsider.json.error.code).toBe('FORBIDDEN');
      expect(outsider.json.error.message).toContain('instance admin');
      expect((await member.client.get(path)).status).toBe(403);
      expect((await stack.client().get(path)).json.error.code).toBe('UNAUTHENTICATED');
    }
    const key = await admin.client.post('/api/keys', { name: 'automation' });
    expect(key.status).toBe(201);
    const viaKey = stack.client();
    viaKey.apiKey = key.json.key;
    expect((await viaKey.get('/api/me')).json.isInstanceAdmin).toBe(true);
    for (const path of ['/api/admin/users', '/api/admin/outbox']) {
      const refused = await viaKey.get(path);
      expect(refused.status).toBe(403);
      expect(refused.json.error.code).toBe('SESSION_REQUIRED');
    }
  });

  it('adds up usage per UTC day across the instance, with the organizations behind it', async () => {
    const spender = await stack.signUp('Spender');
    const agent = await spender.client.post('/api/agent/agents', {
      name: 'spender agent',
      adapterType: 'pi',
    });
    const db = stack.database.db;
    const ownerAgent = { orgId: owner.personalOrgId, agentId: agentIds[0]! };
    await seedRun(db, {
      ...ownerAgent,
      costUsd: 0.5,
      at: '2026-03-01T10:00:00.000Z',
      inputTokens: 1000,
      outputTokens: 50,
    });
    await seedRun(db, {
      ...ownerAgent,
      costUsd: 0.25,
      at: '2026-03-02T23:59:59.999Z',
      inputTokens: 10,
      outputTokens: 5,
    });
    await seedRun(db, {
      orgId: spender.personalOrgId,
      agentId: agent.json.id,
      costUsd: 2,
      at: '2026-03-02T00:00:00.000Z',
    });
    // Just outside the range on either side.
    await seedRun(db, { ...ownerAgent, costUsd: 100, at: '2026-02-28T23:59:59.999Z' });
    await seedRun(db, { ...ownerAgent, costUsd: 100, at: '2026-03-04T00:00:00.000Z' });

    const response = await admin.client.get('/api/admin/usage?from=2026-03-01&to=2026-03-03');
    expect(response.status, response.text).toBe(200);
    expectContract(instanceUsageSchema, response.json);
    expect(response.json).toEqual({
      from: '2026-03-01',
      to: '2026-03-03',
      days: [
        { date: '2026-03-01', runs: 1, costUsd: 0.5, inputTokens: 1000, outputTokens: 50 },
        { date: '2026-03-02', runs: 2, costUsd: 2.25, inputTokens: 110, outputTokens: 25 },
        { date: '2026-03-03', runs: 0, costUsd: 0, inputTokens: 0, outputTokens: 0 },
      ],
      totals: { runs: 3, costUsd: 2.75, inputTokens: 1110, outputTokens: 75 },
      byOrg: [
        { orgId: spender.personalOrgId, name: "Spender's workspace", runs: 1, costUsd: 2 },
        { orgId: owner.personalOrgId, name: "Owner's workspace", runs: 2, costUsd: 0.75 },
      ],
    });

    // Default: the last 30 days up to today, which holds the runs seeded at start.
    const recent = await admin.client.get('/api/admin/usage');
    const today = new Date().toISOString().slice(0, 10);
    expect(recent.json.to).toBe(today);
    expect(recent.json.days).toHaveLength(30);
    expect(recent.json.totals.runs).toBe(3);
    expect(recent.json.totals.costUsd).toBeCloseTo(1.55, 9);
    expect(recent.json.byOrg).toEqual([
      { orgId: owner.personalOrgId, name: "Owner's workspace", runs: 3, costUsd: expect.closeTo(1.55, 9) },
    ]);

    expect((await owner.client.get('/api/admin/usage')).status).toBe(403);

    // Runs of an organization that no longer exists keep counting, named by id.
    const now = new Date().toISOString();
    await db
      .insertInto('agents')
      .values({
        id: 'agt_orphan',
        orgId: 'org_gone',
        createdBy: 'usr_gone',
        name: 'orphan',
        adapterType: 'pi',
        adapterConfig: '{}',
        monthlyBudgetUsd: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    await seedRun(db, {
      orgId: 'org_gone',
      agentId: 'agt_orphan',
      costUsd: 0.5,
      at: '2026-04-01T12:00:00.000Z',
    });
    const orphaned = await admin.client.get('/api/admin/usage?from=2026-04-01&to=2026-04-01');
    expect(orphaned.json.byOrg).toEqual([{ orgId: 'org_gone', name: 'org_gone', runs: 1, costUsd: 0.5 }]);
  });

  it('answers a bad usage range with a 400 naming the parameter', async () => {
    for (const [query, message] of [
      ['from=2026-02-30&to=2026-03-03', 'from: not a calendar day'],
      ['from=March&to=2026-03-03', 'from: expected a day as YYYY-MM-DD'],
      ['to=2026-13-01', 'to: not a calendar day'],
      ['from=2026-03-04&to=2026-03-03', 'from: must not be after to'],
      ['from=2025-01-01&to=2026-01-02', 'from: the range is at most 366 days'],
    ] as const) {
      const response = await admin.client.get(`/api/admin/usage?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.json.error).toEqual({ code: 'INVALID_REQUEST', message });
    }
    // A leap year is the longest range.
    expect((await admin.client.get('/api/admin/usage?from=2024-01-01&to=2024-12-31')).json.days).toHaveLength(
      366,
    );
  });

  it('answers bad paging input with a 400 naming the parameter', async () => {
    for (const query of [
      'limit=0',
      'limit=201',
      'limit=many',
      'cursor=not-a-cursor',
      `cursor=${newId('x')}`,
    ]) {
      const response = await admin.client.get(`/api/admin/orgs?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.json.error.code).toBe('INVALID_REQUEST');
      expect(response.json.error.message).toMatch(/^(limit|cursor)/);
    }
  });
});
