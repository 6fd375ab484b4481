import type { InstanceUsage } from '@lifeosai/api-contract';
import { type Database, usageByDay } from '@lifeosai/db';
import { usageRangeQuery } from '@lifeosai/http-kit';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { InstanceDirectory } from './instance-directory.ts';

/** `?from=&to=` (UTC days, inclusive), validated exactly as the Agent API's `GET /usage`. */
export const adminUsageQuery = usageRangeQuery;

/** Runs, spend and tokens of the whole instance per UTC day, and the organizations behind them. */
export async function instanceUsage(
  db: Kysely<Database>,
  directory: InstanceDirectory,
  range: z.output<typeof adminUsageQuery>,
): Promise<InstanceUsage> {
  const usage = await usageByDay(db, { from: range.from, to: range.to });
  const names = await directory.organizationNames(usage.byOrg.map((org) => org.orgId));
  return {
    from: usage.from,
    to: usage.to,
    days: usage.days,
    totals: usage.totals,
    byOrg: usage.byOrg.map((org) => ({
      orgId: org.orgId,
      name: names.get(org.orgId) ?? org.orgId,
      runs: org.runs,
      costUsd: org.costUsd,
    })),
  };
}
