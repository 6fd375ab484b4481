import type { Database } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import type { BillingPeriod } from './entitlements.ts';

/**
 * The organization's usage (USD) in a billing period: the sum of its usage records' cost — the
 * same records that make up runs' cost, agent budgets and the usage chart. What `GET
 * /api/billing` shows and what the plan's `periodUsd` limit is checked against.
 */
export async function periodUsageUsd(
  db: Kysely<Database>,
  orgId: string,
  period: BillingPeriod,
): Promise<number> {
  const row = await db
    .selectFrom('usageRecords')
    .select((eb) => eb.fn.sum<number>('costUsd').as('total'))
    .where('orgId', '=', orgId)
    .where('createdAt', '>=', period.start)
    .where('createdAt', '<', period.end)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}
