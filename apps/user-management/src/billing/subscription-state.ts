import { billingStatuses } from '@lifeosai/api-contract';
import type { Plan } from '@lifeosai/config';
import type { BillingStatus } from '@lifeosai/db';
import type Stripe from 'stripe';
import type { SubscriptionState } from './org-billing-store.ts';

/** Stripe's subscription statuses we store as they are (the contract's, less our own `off` and `free`). */
const knownStatuses: ReadonlySet<string> = new Set(
  billingStatuses.filter((status) => status !== 'off' && status !== 'free'),
);

/** Subscription states after which the organization is back on `free`. */
const endedStatuses: ReadonlySet<string> = new Set(['canceled', 'incomplete_expired']);

const iso = (seconds: number) => new Date(seconds * 1000).toISOString();

/**
 * The plan a subscription sells: the configured plan whose flat (or metered) price is on one of
 * its items; else the plan its metadata names (set at checkout) if still configured; else `free`.
 */
export function planOfSubscription(subscription: Stripe.Subscription, plans: readonly Plan[]): string {
  const prices = new Set(subscription.items.data.map((item) => item.price.id));
  const byPrice =
    plans.find((plan) => plan.stripePriceId && prices.has(plan.stripePriceId)) ??
    plans.find((plan) => plan.stripeMeteredPriceId && prices.has(plan.stripeMeteredPriceId));
  if (byPrice) return byPrice.id;
  const named = subscription.metadata?.plan;
  return plans.some((plan) => plan.id === named) ? named! : 'free';
}

/** A Stripe subscription, as retrieved, in our terms (its period: that of its items, API 2025+). */
export function subscriptionStateOf(
  subscription: Stripe.Subscription,
  plans: readonly Plan[],
): SubscriptionState {
  const items = subscription.items.data;
  const starts = items.map((item) => item.current_period_start).filter(Number.isFinite);
  const ends = items.map((item) => item.current_period_end).filter(Number.isFinite);
  const status = knownStatuses.has(subscription.status)
    ? (subscription.status as BillingStatus)
    : 'incomplete';
  return {
    subscriptionId: subscription.id,
    ended: endedStatuses.has(subscription.status),
    planId: planOfSubscription(subscription, plans),
    status,
    period:
      starts.length && ends.length ? { start: iso(Math.min(...starts)), end: iso(Math.max(...ends)) } : null,
    cancelAtPeriodEnd: subscription.cancel_at_period_end || subscription.cancel_at !== null,
  };
}
