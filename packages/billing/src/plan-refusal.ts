import type { Database } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { Kysely } from 'kysely';
import type { Entitlements } from './entitlements.ts';
import { periodUsageUsd } from './period-usage.ts';

/**
 * The one rule that refuses what a plan does not allow (402), written here only: the Agent
 * API asks it before every new run and every new agent. Billing off: nothing is refused.
 * Runs already queued or running are never stopped by it; they finish.
 *
 * The checks read counts and then the caller inserts, so two requests at the same instant
 * may both pass a limit by one: the limits are a plan's promise, not a lock.
 */

/** What is about to be created: a run (any way one starts) or an agent. */
export type PlannedAction = 'run' | 'agent';

/** Subscription states whose payment failed: new runs wait for a working payment method. */
const unpaidStatuses: ReadonlySet<string> = new Set(['past_due', 'unpaid']);

/** The refusal for `action` in the organization, or undefined when the plan allows it. */
export async function planRefusal(
  db: Kysely<Database>,
  orgId: string,
  entitlements: Entitlements,
  action: PlannedAction,
): Promise<PlatformError | undefined> {
  if (!entitlements.enabled) return undefined;
  const { limits, plan } = entitlements;
  if (action === 'agent') {
    if (limits.agents === undefined) return undefined;
    const agents = await countAgents(db, orgId);
    return agents >= limits.agents
      ? new PlatformError(
          'PLAN_LIMIT_REACHED',
          `The ${plan.name} plan allows ${limits.agents} agent${limits.agents === 1 ? '' : 's'} and the organization has ${agents}, ` +
            'so no agent can be created; delete one, or upgrade the plan in Billing.',
        )
      : undefined;
  }
  if (unpaidStatuses.has(entitlements.status)) {
    return new PlatformError(
      'PAYMENT_REQUIRED',
      `The organization's last payment failed (subscription ${entitlements.status}), so new runs are paused; ` +
        'update the payment method in Billing (Manage billing) and try again.',
    );
  }
  if (limits.periodUsd !== undefined) {
    const usedUsd = await periodUsageUsd(db, orgId, entitlements.period);
    if (usedUsd >= limits.periodUsd) {
      return new PlatformError(
        'PLAN_LIMIT_REACHED',
        `The ${plan.name} plan's usage limit of $${limits.periodUsd} per billing period is reached ` +
          `($${usedUsd.toFixed(4)} used since ${dayOf(entitlements.period.start)}), so new runs are refused; ` +
          `upgrade the plan in Billing, or wait for the period to end on ${dayOf(entitlements.period.end)}.`,
      );
    }
  }
  if (limits.concurrentRuns !== undefined) {
    const active = await countActiveRuns(db, orgId);
    if (active >= limits.concurrentRuns) {
      return new PlatformError(
        'PLAN_LIMIT_REACHED',
        `The ${plan.name} plan allows ${limits.concurrentRuns} run${limits.concurrentRuns === 1 ? '' : 's'} at once across the organization ` +
          `and ${active} ${active === 1 ? 'is' : 'are'} queued or running, so this run is refused; ` +
          'try again when one has finished, or upgrade the plan in Billing.',
      );
    }
  }
  return undefined;
}

/** `2026-12-31` from an ISO timestamp: the day people read. */
function dayOf(timestamp: string): string {
  return timestamp.slice(0, 10);
}

async function countAgents(db: Kysely<Database>, orgId: string): Promise<number> {
  const row = await db
    .selectFrom('agents')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('orgId', '=', orgId)
    .where('deletedAt', 'is', null)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/** Runs queued or running across the organization. */
async function countActiveRuns(db: Kysely<Database>, orgId: string): Promise<number> {
  const row = await db
    .selectFrom('runs')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('orgId', '=', orgId)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}
