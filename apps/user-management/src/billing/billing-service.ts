import type { BillingView, InvoiceView, PlanView } from '@lifeosai/api-contract';
import { entitlementsOf, periodUsageUsd } from '@lifeosai/billing';
import { type Plan, plansOf } from '@lifeosai/config';
import type { Database } from '@lifeosai/db';
import { PlatformError } from '@lifeosai/errors';
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type Stripe from 'stripe';
import type { InstanceDirectory } from '../admin/instance-directory.ts';
import type { StripeSettings } from './billing-settings.ts';
import { createOrgBillingStore, type OrgBillingStore } from './org-billing-store.ts';
import { createStripeClient } from './stripe-client.ts';
import { stripeErrorSummary } from './stripe-webhook.ts';

/** Billing's configuration, as the gateway gets it. */
export interface BillingOptions {
  /** Stripe's settings; absent: billing is off (nothing limited, checkout refused). */
  stripe?: StripeSettings;
  /** Config `plans`. */
  plans: readonly Plan[];
  /** The browser's origin (LIFEOSAI_PUBLIC_URL): Checkout and the portal send people back there. */
  publicUrl: string;
}

/** Statuses with a live subscription: a new checkout would sell a second one, so the portal changes it instead. */
const subscribedStatuses = new Set(['active', 'trialing', 'past_due', 'unpaid', 'paused']);

const limitsView = (limits: Plan['limits']): PlanView['limits'] => ({
  agents: limits.agents ?? null,
  concurrentRuns: limits.concurrentRuns ?? null,
  periodUsd: limits.periodUsd ?? null,
});

const isoOf = (seconds: number | null | undefined) => new Date((seconds ?? 0) * 1000).toISOString();

/**
 * What the billing routes do: an organization's plan and usage, Checkout and the billing portal
 * (one Stripe customer per organization, created on first use), its invoices, and the instance
 * admin's list. Stripe failures become `STRIPE_UNAVAILABLE` (logged by type and code only).
 */
export function createBillingService(deps: {
  db: Kysely<Database>;
  options: BillingOptions;
  directory: InstanceDirectory;
  log: FastifyBaseLogger;
  /** Built from `options.stripe` when absent (tests may pass their own). */
  stripe?: Stripe;
}) {
  const { db, options, directory, log } = deps;
  const plans = plansOf(options.plans);
  const enabled = options.stripe !== undefined;
  const stripe = deps.stripe ?? (options.stripe ? createStripeClient(options.stripe) : undefined);
  const store: OrgBillingStore = createOrgBillingStore(db);
  const billingOptions = { enabled, plans };
  const returnUrl = `${options.publicUrl}/settings/billing`;

  const requireStripe = (): Stripe => {
    if (!stripe) throw new PlatformError('BILLING_NOT_CONFIGURED');
    return stripe;
  };

  /** Calls Stripe; its failures become `STRIPE_UNAVAILABLE`. */
  const callStripe = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      log.warn({ stripeCall: what, stripeError: stripeErrorSummary(error) }, 'stripe call failed');
      throw new PlatformError('STRIPE_UNAVAILABLE');
    }
  };

  /** The organization's Stripe customer, created (once: an idempotency key per organization) on first use. */
  const customerFor = async (orgId: string): Promise<string> => {
    const existing = await store.customerOf(orgId);
    if (existing) return existing;
    const client = requireStripe();
    const name = (await directory.organizationNames([orgId])).get(orgId);
    const customer = await callStripe('customers.create', () =>
      client.customers.create(
        { ...(name ? { name } : {}), metadata: { org_id: orgId } },
        { idempotencyKey: `lifeosai-customer-${orgId}` },
      ),
    );
    return store.linkCustomer(orgId, customer.id);
  };

  return {
    enabled,
    stripe,
    store,
    plans,

    async overview(orgId: string): Promise<BillingView> {
      const entitlements = await entitlementsOf(db, orgId, billingOptions);
      return {
        enabled,
        plan: entitlements.plan.id,
        status: entitlements.status,
        period: entitlements.period,
        usage: {
          costUsd: await periodUsageUsd(db, orgId, entitlements.period),
          included: entitlements.plan.includedUsd,
        },
        limits: limitsView(entitlements.limits),
        cancelAtPeriodEnd: entitlements.cancelAtPeriodEnd,
        plans: plans.map((plan) => ({
          id: plan.id,
          name: plan.name,
          includedUsd: plan.includedUsd,
          limits: limitsView(plan.limits),
          purchasable: enabled && plan.stripePriceId !== undefined,
        })),
      };
    },

    /**
     * A Checkout Session selling `planId` (its flat price, and its metered price without a
     * quantity), or — for an organization already subscribed — the billing portal, where its
     * plan is changed without selling a second subscription.
     */
    async checkout(orgId: string, planId: string): Promise<{ url: string }> {
      const client = requireStripe();
      const plan = plans.find((candidate) => candidate.id === planId);
      if (!plan?.stripePriceId) throw new PlatformError('PLAN_UNKNOWN');
      const entitlements = await entitlementsOf(db, orgId, billingOptions);
      if (subscribedStatuses.has(entitlements.status)) return this.portal(orgId);
      const customer = await customerFor(orgId);
      const session = await callStripe('checkout.sessions.create', () =>
        client.checkout.sessions.create({
          mode: 'subscription',
          customer,
          client_reference_id: orgId,
          metadata: { org_id: orgId, plan: plan.id },
          subscription_data: { metadata: { org_id: orgId, plan: plan.id } },
          line_items: [
            { price: plan.stripePriceId!, quantity: 1 },
            ...(plan.stripeMeteredPriceId ? [{ price: plan.stripeMeteredPriceId }] : []),
          ],
          success_url: `${returnUrl}?checkout=success`,
          cancel_url: `${returnUrl}?checkout=cancelled`,
        }),
      );
      if (!session.url) throw new PlatformError('STRIPE_UNAVAILABLE');
      return { url: session.url };
    },

    async portal(orgId: string): Promise<{ url: string }> {
      const client = requireStripe();
      const customer = await customerFor(orgId);
      const session = await callStripe('billingPortal.sessions.create', () =>
        client.billingPortal.sessions.create({ customer, return_url: returnUrl }),
      );
      return { url: session.url };
    },

    /** The organization's invoices, newest first; none before it has a customer (or with billing off). */
    async invoices(orgId: string): Promise<{ items: InvoiceView[] }> {
      const customer = await store.customerOf(orgId);
      if (!stripe || !customer) return { items: [] };
      const list = await callStripe('invoices.list', () => stripe.invoices.list({ customer, limit: 24 }));
      return {
        items: list.data.map((invoice) => ({
          id: invoice.id,
          number: invoice.number ?? null,
          status: invoice.status ?? null,
          amountDue: invoice.amount_due,
          amountPaid: invoice.amount_paid,
          currency: invoice.currency,
          periodStart: isoOf(invoice.period_start),
          periodEnd: isoOf(invoice.period_end),
          createdAt: isoOf(invoice.created),
          hostedInvoiceUrl: invoice.hosted_invoice_url ?? null,
          pdfUrl: invoice.invoice_pdf ?? null,
        })),
      };
    },
  };
}

export type BillingService = ReturnType<typeof createBillingService>;
