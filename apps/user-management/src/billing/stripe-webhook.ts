import type { Plan } from '@lifeosai/config';
import { type Database, nowIso } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type Stripe from 'stripe';
import type { InstanceDirectory } from '../admin/instance-directory.ts';
import type { OrgBillingStore } from './org-billing-store.ts';
import { subscriptionStateOf } from './subscription-state.ts';

export interface StripeWebhookDeps {
  db: Kysely<Database>;
  stripe: Stripe;
  webhookSecret: string;
  plans: readonly Plan[];
  store: OrgBillingStore;
  directory: InstanceDirectory;
  log: FastifyBaseLogger;
}

/** What the endpoint answers Stripe (200), and what the journal says it did. */
export interface WebhookOutcome {
  eventId: string;
  /** `applied`, `duplicate`, `ignored: …`. */
  outcome: string;
}

/**
 * Verifies and applies one Stripe webhook delivery. The signature is checked on the raw bytes
 * before anything is read (`STRIPE_SIGNATURE_INVALID`, nothing changed). Each event id is
 * journaled first (`billing_webhook_events`) and processed once: a replay answers 200 and does
 * nothing. The subscription an event is about is retrieved fresh from Stripe, so deliveries in
 * any order end in Stripe's latest state; the event's `created` guards against an older state
 * overwriting a newer one. A failure reaching Stripe leaves the event unprocessed and answers
 * 502, so Stripe delivers it again.
 */
export async function handleStripeWebhook(
  deps: StripeWebhookDeps,
  rawBody: Buffer,
  signature: string | undefined,
): Promise<WebhookOutcome> {
  let event: Stripe.Event;
  try {
    if (!signature) throw new Error('no Stripe-Signature header');
    event = deps.stripe.webhooks.constructEvent(rawBody, signature, deps.webhookSecret);
  } catch {
    throw new PlatformError('STRIPE_SIGNATURE_INVALID');
  }
  const { db } = deps;
  await db
    .insertInto('billingWebhookEvents')
    .values({
      id: event.id,
      type: event.type,
      orgId: null,
      receivedAt: nowIso(),
      processedAt: null,
      outcome: null,
    })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();
  const journaled = await db
    .selectFrom('billingWebhookEvents')
    .select('processedAt')
    .where('id', '=', event.id)
    .executeTakeFirst();
  // Processed already: a replay. Unprocessed: new, or an earlier delivery failed half-way.
  if (journaled?.processedAt) return { eventId: event.id, outcome: 'duplicate' };
  let result: { orgId: string | null; outcome: string };
  try {
    result = await applyEvent(deps, event);
  } catch (error) {
    deps.log.warn(
      { eventId: event.id, type: event.type, stripeError: stripeErrorSummary(error) },
      'stripe webhook not processed; Stripe will deliver it again',
    );
    throw new PlatformError('STRIPE_UNAVAILABLE');
  }
  await db
    .updateTable('billingWebhookEvents')
    .set({ processedAt: nowIso(), outcome: result.outcome, orgId: result.orgId })
    .where('id', '=', event.id)
    .execute();
  deps.log.info(
    { eventId: event.id, type: event.type, orgId: result.orgId, outcome: result.outcome },
    'stripe webhook',
  );
  return { eventId: event.id, outcome: result.outcome };
}

/** The subscription an event is about, if any. */
function subscriptionIdOf(event: Stripe.Event): string | undefined {
  const object = event.data.object as unknown as Record<string, unknown>;
  if (event.type.startsWith('customer.subscription.')) return String(object.id);
  if (event.type === 'checkout.session.completed') return idOf(object.subscription);
  if (event.type.startsWith('invoice.')) {
    const parent = object.parent as { subscription_details?: { subscription?: unknown } } | null | undefined;
    return idOf(parent?.subscription_details?.subscription ?? object.subscription);
  }
  return undefined;
}

/** An id, or an expanded object's id. */
function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string')
    return (value as { id: string }).id;
  return undefined;
}

async function applyEvent(
  deps: StripeWebhookDeps,
  event: Stripe.Event,
): Promise<{ orgId: string | null; outcome: string }> {
  if (event.type === 'checkout.session.completed') await linkCheckout(deps, event.data.object);
  const subscriptionId = subscriptionIdOf(event);
  if (!subscriptionId) return { orgId: null, outcome: `ignored: ${event.type} is not about a subscription` };
  const subscription = await deps.stripe.subscriptions.retrieve(subscriptionId);
  const customerId = idOf(subscription.customer)!;
  const orgId = await orgOf(deps, customerId, subscription.metadata?.org_id);
  if (!orgId) return { orgId: null, outcome: 'ignored: no organization has this customer' };
  const outcome = await deps.store.applySubscription(
    orgId,
    subscriptionStateOf(subscription, deps.plans),
    event.created,
  );
  return { orgId, outcome };
}

/** A completed checkout names its organization (`client_reference_id`): link the customer to it. */
async function linkCheckout(deps: StripeWebhookDeps, session: Stripe.Checkout.Session): Promise<void> {
  const customerId = idOf(session.customer);
  const orgId = session.client_reference_id ?? session.metadata?.org_id;
  if (!customerId || !orgId) return;
  if (!(await deps.directory.organizationNames([orgId])).has(orgId)) return;
  await deps.store.linkCustomer(orgId, customerId);
}

/**
 * The organization of a customer: the one linked to it, else the one the subscription's
 * metadata names (set by our checkout) when that organization exists and has no other customer.
 */
async function orgOf(deps: StripeWebhookDeps, customerId: string, named: string | undefined) {
  const linked = await deps.store.orgOfCustomer(customerId);
  if (linked || !named) return linked;
  if (!(await deps.directory.organizationNames([named])).has(named)) return undefined;
  return (await deps.store.linkCustomer(named, customerId)) === customerId ? named : undefined;
}

/** A Stripe failure for the log: its type, code and status, never the request (which names the key's account). */
export function stripeErrorSummary(error: unknown): Record<string, unknown> {
  const failure = error as { type?: string; code?: string; statusCode?: number; message?: string };
  return { type: failure.type, code: failure.code, statusCode: failure.statusCode };
}
