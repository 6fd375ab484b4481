import { type BillingStatus, type Database, newId, nowIso } from '@lifeosai/db';
import type { Kysely } from 'kysely';

/**
 * Test support (the `./testing` entry): the rows billing reads, written as the webhook and the
 * LLM proxy would leave them. Not for production code.
 */

/** An organization's billing row; defaults: an active `pro` subscription for this month's period. */
export interface OrgBillingSeed {
  orgId: string;
  planId?: string;
  status?: BillingStatus;
  stripeCustomerId?: string | null;
  period?: { start: string; end: string } | null;
  cancelAtPeriodEnd?: boolean;
}

export async function seedOrgBilling(db: Kysely<Database>, seed: OrgBillingSeed): Promise<void> {
  const period = seed.period === undefined ? thisMonth() : seed.period;
  await db
    .insertInto('orgBilling')
    .values({
      orgId: seed.orgId,
      planId: seed.planId ?? 'pro',
      status: seed.status ?? 'active',
      stripeCustomerId: seed.stripeCustomerId === undefined ? `cus_${seed.orgId}` : seed.stripeCustomerId,
      stripeSubscriptionId: `sub_${seed.orgId}`,
      periodStart: period?.start ?? null,
      periodEnd: period?.end ?? null,
      cancelAtPeriodEnd: seed.cancelAtPeriodEnd ?? false,
      subscriptionUpdatedAt: null,
      updatedAt: nowIso(),
    })
    .onConflict((conflict) =>
      conflict.column('orgId').doUpdateSet((eb) => ({
        planId: eb.ref('excluded.planId'),
        status: eb.ref('excluded.status'),
        stripeCustomerId: eb.ref('excluded.stripeCustomerId'),
        periodStart: eb.ref('excluded.periodStart'),
        periodEnd: eb.ref('excluded.periodEnd'),
        cancelAtPeriodEnd: eb.ref('excluded.cancelAtPeriodEnd'),
      })),
    )
    .execute();
}

/** One usage record of `costUsd` (a model call of the organization); its id is returned. */
export async function seedUsageRecord(
  db: Kysely<Database>,
  record: { orgId: string; costUsd: number; agentId?: string; runId?: string; createdAt?: string },
): Promise<string> {
  const id = newId('use');
  await db
    .insertInto('usageRecords')
    .values({
      id,
      orgId: record.orgId,
      agentId: record.agentId ?? 'agt_seed',
      runId: record.runId ?? 'run_seed',
      provider: 'anthropic',
      model: 'claude-sonnet-4-6',
      inputTokens: 1000,
      outputTokens: 100,
      cacheReadTokens: 0,
      cacheWriteTokens: 0,
      costUsd: record.costUsd,
      costComputed: true,
      createdAt: record.createdAt ?? nowIso(),
    })
    .execute();
  return id;
}

/** The calendar month (UTC) of now, widened by a day each side: a seeded period that holds "now". */
function thisMonth(): { start: string; end: string } {
  const now = new Date();
  return {
    start: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0)).toISOString(),
    end: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 2)).toISOString(),
  };
}
