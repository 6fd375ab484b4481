import type { AdminBillingListView as AdminBillingList } from '@lifeosai/api-contract';
import { type BillingOptions, calendarMonthOf, periodUsageUsd, planInForce } from '@lifeosai/billing';
import type { Database } from '@lifeosai/db';
import type { AuthTables } from '@lifeosai/identity';
import type { Kysely } from 'kysely';

/**
 * Every organization's plan, status, period end and usage this period, newest organization
 * first, for the instance admin. Usage: one grouped read for the organizations on the calendar
 * month, one read per organization with a subscription period of its own.
 */
export async function adminBillingList(
  db: Kysely<Database>,
  options: BillingOptions,
  now: Date = new Date(),
): Promise<AdminBillingList> {
  // better-auth's table, read as instance-directory.ts does (without our CamelCasePlugin).
  const authDb = db.withoutPlugins() as unknown as Kysely<AuthTables<string | number>>;
  const organizations = await authDb
    .selectFrom('organization')
    .select(['id', 'name'])
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const rows = new Map(
    (await db.selectFrom('orgBilling').selectAll().execute()).map((row) => [row.orgId, row]),
  );
  const month = calendarMonthOf(now);
  const monthUsage = new Map(
    (
      await db
        .selectFrom('usageRecords')
        .select(['orgId', (eb) => eb.fn.sum<number>('costUsd').as('total')])
        .where('createdAt', '>=', month.start)
        .where('createdAt', '<', month.end)
        .groupBy('orgId')
        .execute()
    ).map((row) => [row.orgId, Number(row.total ?? 0)]),
  );
  const meterFailures = new Map(
    (
      await db
        .selectFrom('billingMeterEvents')
        .select(['orgId', (eb) => eb.fn.countAll<number>().as('failed')])
        .where('status', '=', 'failed')
        .groupBy('orgId')
        .execute()
    ).map((row) => [row.orgId, Number(row.failed)]),
  );
  const items: AdminBillingList['items'] = [];
  for (const organization of organizations) {
    const row = rows.get(organization.id);
    const period = row?.periodStart && row.periodEnd ? { start: row.periodStart, end: row.periodEnd } : null;
    items.push({
      orgId: organization.id,
      orgName: organization.name,
      plan: planInForce(row, options.plans).id,
      status: options.enabled ? (row?.status ?? 'free') : 'off',
      periodEnd: period?.end ?? null,
      usageUsd: period
        ? await periodUsageUsd(db, organization.id, period)
        : (monthUsage.get(organization.id) ?? 0),
      meterEventsFailed: meterFailures.get(organization.id) ?? 0,
    });
  }
  return { items };
}
