import { type Database, type UsageAmounts, type UsageDay, usageByDay } from '@lifeosai/db';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { InstanceDirectory } from './instance-directory.ts';

const dayMs = 86_400_000;
/** The longest range one request adds up, in days (a leap year); the Agent API's `/usage` allows the same. */
const maxDays = 366;
/** Days in the default range, ending today (UTC). */
const defaultDays = 30;

const calendarDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a day as YYYY-MM-DD')
  .refine((day) => {
    const time = Date.parse(`${day}T00:00:00.000Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().startsWith(day);
  }, 'not a calendar day');

/**
 * `?from=&to=` (UTC days, inclusive), validated as the Agent API's `GET /usage` does:
 * default the last 30 days ending today; `from` after `to` or more than 366 days is a 400.
 */
export const adminUsageQuery = z
  .object({ from: calendarDay.optional(), to: calendarDay.optional() })
  .transform((query) => {
    const to = query.to ?? new Date().toISOString().slice(0, 10);
    return { from: query.from ?? shiftDay(to, -(defaultDays - 1)), to };
  })
  .superRefine((query, context) => {
    const days = (Date.parse(query.to) - Date.parse(query.from)) / dayMs + 1;
    if (days < 1) context.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' });
    else if (days > maxDays) {
      context.addIssue({ code: 'custom', path: ['from'], message: `the range is at most ${maxDays} days` });
    }
  });

export interface InstanceUsage {
  from: string;
  to: string;
  /** Every UTC day of the range, in order; days without runs are zeros. */
  days: UsageDay[];
  totals: UsageAmounts;
  /**
   * Organizations with runs in the range, most expensive first; `name` is the id for one that no
   * longer exists (as `usageByDay` names a deleted agent).
   */
  byOrg: Array<{ orgId: string; name: string; runs: number; costUsd: number }>;
}

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

function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + days * dayMs).toISOString().slice(0, 10);
}
