import { type Plan, plansOf } from '@lifeosai/config';
import type { BillingStatus, Database } from '@lifeosai/db';
import type { Kysely } from 'kysely';

/**
 * What an organization's plan entitles it to, read in one place: the gateway's `GET
 * /api/billing`, the Agent API's refusals (402) and the admin's list all ask here.
 */

/** Whether billing is on for this instance, and the plans it offers (config `plans`). */
export interface BillingOptions {
  /** Billing is on (STRIPE_SECRET_KEY set); off, nothing is limited and the status is `off`. */
  enabled: boolean;
  /** The configured plans; `plansOf` adds the `free` plan when none is named so. */
  plans: readonly Plan[];
}

/** A billing period: ISO-8601 UTC, `start` included, `end` excluded. */
export interface BillingPeriod {
  start: string;
  end: string;
}

/** `off` while billing is off on the instance, else the organization's stored status. */
export type EntitlementStatus = BillingStatus | 'off';

/** An organization's plan, its Stripe state and its limits, as of now. */
export interface Entitlements {
  /** Billing is on for the instance. */
  enabled: boolean;
  /** The plan in force: `free` without a subscription, after it ended, or when its id is no longer configured. */
  plan: Plan;
  /** `off` (billing off), `free` (no row), else Stripe's subscription status as stored. */
  status: EntitlementStatus;
  /** The subscription's current period, else the calendar month (UTC) `now` is in. */
  period: BillingPeriod;
  /** The plan's limits; an absent limit is no limit (and with billing off, there are none). */
  limits: Plan['limits'];
  /** The subscription ends at the period's end. */
  cancelAtPeriodEnd: boolean;
  /** The organization's Stripe customer, once checkout created one. */
  stripeCustomerId: string | null;
}

/** Subscription states that no longer entitle to the paid plan. */
const endedStatuses: ReadonlySet<BillingStatus> = new Set(['canceled', 'incomplete_expired']);

/**
 * The plan an organization's billing row puts it on: its plan while the subscription has not
 * ended and the plan is still configured, else `free` (also without a row).
 */
export function planInForce(
  row: { status: BillingStatus; planId: string } | undefined,
  configured: readonly Plan[],
): Plan {
  const plans = plansOf(configured);
  const freePlan = plans.find((plan) => plan.id === 'free')!;
  if (!row || endedStatuses.has(row.status)) return freePlan;
  return plans.find((candidate) => candidate.id === row.planId) ?? freePlan;
}

/** The calendar month (UTC) `now` is in. */
export function calendarMonthOf(now: Date): BillingPeriod {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  return {
    start: new Date(Date.UTC(year, month, 1)).toISOString(),
    end: new Date(Date.UTC(year, month + 1, 1)).toISOString(),
  };
}

/** The organization's entitlements; `now` decides the calendar month when there is no subscription period. */
export async function entitlementsOf(
  db: Kysely<Database>,
  orgId: string,
  options: BillingOptions,
  now: Date = new Date(),
): Promise<Entitlements> {
  const row = await db.selectFrom('orgBilling').selectAll().where('orgId', '=', orgId).executeTakeFirst();
  const period =
    row?.periodStart && row.periodEnd ? { start: row.periodStart, end: row.periodEnd } : calendarMonthOf(now);
  const plan = planInForce(row, options.plans);
  return {
    enabled: options.enabled,
    plan,
    status: options.enabled ? (row?.status ?? 'free') : 'off',
    period,
    limits: options.enabled ? plan.limits : {},
    cancelAtPeriodEnd: row?.cancelAtPeriodEnd ?? false,
    stripeCustomerId: row?.stripeCustomerId ?? null,
  };
}
