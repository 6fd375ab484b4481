import type { Plan } from '@lifeosai/config';
import { type Database, nowIso } from '@lifeosai/db';
import { seedAgentWithSession } from '@lifeosai/db/test-seeds';
import { isPlatformError } from '@lifeosai/errors';
import { openTestDatabase, type TestDatabase, testDialects } from '@lifeosai/testkit/databases';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calendarMonthOf, entitlementsOf } from './entitlements.ts';
import { periodUsageUsd } from './period-usage.ts';
import { planRefusal } from './plan-refusal.ts';
import { seedOrgBilling, seedUsageRecord } from './testing.ts';

const plans: Plan[] = [
  { id: 'free', name: 'Free', includedUsd: 0, limits: { agents: 1, concurrentRuns: 1, periodUsd: 1 } },
  { id: 'pro', name: 'Pro', includedUsd: 10, limits: { agents: 2, concurrentRuns: 2, periodUsd: 5 } },
];
const on = { enabled: true, plans };
const period = { start: '2026-12-01T00:00:00.000Z', end: '2027-01-01T00:00:00.000Z' };

describe.each(testDialects)('entitlements and the plan refusal on %s', (dialect) => {
  let database: TestDatabase;
  let db: Kysely<Database>;
  beforeAll(async () => {
    database = await openTestDatabase(dialect);
    db = database.db;
  });
  afterAll(() => database?.cleanup());

  it('reads free without a row, off when billing is off, the row otherwise', async () => {
    const now = new Date('2026-12-05T12:00:00Z');
    expect(await entitlementsOf(db, 'org_none', on, now)).toEqual({
      enabled: true,
      plan: plans[0],
      status: 'free',
      period,
      limits: plans[0]!.limits,
      cancelAtPeriodEnd: false,
      stripeCustomerId: null,
    });
    const off = await entitlementsOf(db, 'org_none', { enabled: false, plans: [] }, now);
    expect(off).toMatchObject({ enabled: false, status: 'off', plan: { id: 'free' }, limits: {} });

    await seedOrgBilling(db, {
      orgId: 'org_sub',
      cancelAtPeriodEnd: true,
      period: { start: '2026-11-20T08:00:00.000Z', end: '2026-12-20T08:00:00.000Z' },
    });
    expect(await entitlementsOf(db, 'org_sub', on, now)).toEqual({
      enabled: true,
      plan: plans[1],
      status: 'active',
      period: { start: '2026-11-20T08:00:00.000Z', end: '2026-12-20T08:00:00.000Z' },
      limits: plans[1]!.limits,
      cancelAtPeriodEnd: true,
      stripeCustomerId: 'cus_org_sub',
    });
    // A plan no longer configured, or a subscription that ended, reads as free.
    await seedOrgBilling(db, { orgId: 'org_gone', planId: 'retired' });
    expect((await entitlementsOf(db, 'org_gone', on)).plan.id).toBe('free');
    await seedOrgBilling(db, { orgId: 'org_ended', status: 'canceled' });
    expect(await entitlementsOf(db, 'org_ended', on)).toMatchObject({
      plan: { id: 'free' },
      status: 'canceled',
    });
    expect(calendarMonthOf(new Date('2026-12-31T23:59:59Z'))).toEqual(period);
  });

  it("sums the organization's usage inside the period only", async () => {
    await seedUsageRecord(db, { orgId: 'org_use', costUsd: 0.25, createdAt: '2026-12-01T00:00:00.000Z' });
    await seedUsageRecord(db, { orgId: 'org_use', costUsd: 0.5, createdAt: '2026-12-31T23:59:59.999Z' });
    await seedUsageRecord(db, { orgId: 'org_use', costUsd: 9, createdAt: '2027-01-01T00:00:00.000Z' });
    await seedUsageRecord(db, { orgId: 'org_use', costUsd: 9, createdAt: '2026-11-30T23:59:59.999Z' });
    await seedUsageRecord(db, { orgId: 'org_other', costUsd: 9, createdAt: '2026-12-10T00:00:00.000Z' });
    expect(await periodUsageUsd(db, 'org_use', period)).toBeCloseTo(0.75, 10);
    expect(await periodUsageUsd(db, 'org_empty', period)).toBe(0);
  });

  it('refuses a run past the period limit, naming the limit, the figures and the way out', async () => {
    const now = new Date();
    await seedUsageRecord(db, { orgId: 'org_spent', costUsd: 0.6 });
    const entitlements = await entitlementsOf(db, 'org_spent', on, now);
    expect(await planRefusal(db, 'org_spent', entitlements, 'run')).toBeUndefined();
    await seedUsageRecord(db, { orgId: 'org_spent', costUsd: 0.4 });
    const refusal = await planRefusal(db, 'org_spent', entitlements, 'run');
    expect(isPlatformError(refusal, 'PLAN_LIMIT_REACHED')).toBe(true);
    expect(refusal!.status).toBe(402);
    expect(refusal!.message).toContain(
      "The Free plan's usage limit of $1 per billing period is reached ($1.0000 used",
    );
    expect(refusal!.message).toContain(
      `upgrade the plan in Billing, or wait for the period to end on ${entitlements.period.end.slice(0, 10)}`,
    );
    // Billing off: nothing is refused.
    const off = await entitlementsOf(db, 'org_spent', { enabled: false, plans }, now);
    expect(await planRefusal(db, 'org_spent', off, 'run')).toBeUndefined();
  });

  it('refuses runs while the payment failed', async () => {
    for (const status of ['past_due', 'unpaid'] as const) {
      await seedOrgBilling(db, { orgId: `org_${status}`, status });
      const refusal = await planRefusal(
        db,
        `org_${status}`,
        await entitlementsOf(db, `org_${status}`, on),
        'run',
      );
      expect(refusal).toMatchObject({ code: 'PAYMENT_REQUIRED', status: 402 });
      expect(refusal!.message).toContain(`subscription ${status}`);
    }
  });

  it('counts queued and running runs across the organization, and agents not deleted', async () => {
    await seedOrgBilling(db, { orgId: 'org_busy' });
    const entitlements = await entitlementsOf(db, 'org_busy', on);
    await seedAgent(db, 'org_busy', 'agt_busy_1');
    expect(await planRefusal(db, 'org_busy', entitlements, 'agent')).toBeUndefined();
    await seedAgent(db, 'org_busy', 'agt_busy_2');
    await seedAgent(db, 'org_busy', 'agt_busy_3', nowIso());
    const agentRefusal = await planRefusal(db, 'org_busy', entitlements, 'agent');
    expect(agentRefusal).toMatchObject({ code: 'PLAN_LIMIT_REACHED', status: 402 });
    expect(agentRefusal!.message).toBe(
      'The Pro plan allows 2 agents and the organization has 2, so no agent can be created; delete one, or upgrade the plan in Billing.',
    );

    await seedRun(db, 'org_busy', 'agt_busy_1', 'run_busy_1', 'running');
    await seedRun(db, 'org_busy', 'agt_busy_2', 'run_busy_2', 'succeeded');
    expect(await planRefusal(db, 'org_busy', entitlements, 'run')).toBeUndefined();
    await seedRun(db, 'org_busy', 'agt_busy_2', 'run_busy_3', 'queued');
    const runRefusal = await planRefusal(db, 'org_busy', entitlements, 'run');
    expect(runRefusal).toMatchObject({ code: 'PLAN_LIMIT_REACHED', status: 402 });
    expect(runRefusal!.message).toContain(
      'The Pro plan allows 2 runs at once across the organization and 2 are queued or running',
    );
  });
});

async function seedAgent(db: Kysely<Database>, orgId: string, id: string, deletedAt: string | null = null) {
  await seedAgentWithSession(db, { id, orgId });
  if (deletedAt) await db.updateTable('agents').set({ deletedAt }).where('id', '=', id).execute();
}

async function seedRun(
  db: Kysely<Database>,
  orgId: string,
  agentId: string,
  id: string,
  status: 'queued' | 'running' | 'succeeded',
) {
  await db
    .insertInto('runs')
    .values({
      id,
      orgId,
      agentId,
      sessionId: `ses_${agentId}`,
      status,
      prompt: 'p',
      timeoutSec: 60,
      createdAt: nowIso(),
    })
    .execute();
}
