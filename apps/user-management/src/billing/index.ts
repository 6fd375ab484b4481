import type { Plan } from '@lifeosai/config';
import type { Database } from '@lifeosai/db';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { createInstanceDirectory } from '../admin/instance-directory.ts';
import { registerBillingRoutes, registerStripeWebhookRoute } from './billing-routes.ts';
import { createBillingService } from './billing-service.ts';
import type { StripeSettings } from './billing-settings.ts';

export { loadStripeSettings, type StripeSettings } from './billing-settings.ts';
export { createStripeClient } from './stripe-client.ts';

/** The gateway's billing options: off without `stripe`. */
export interface GatewayBillingOptions {
  /** Stripe's settings (`STRIPE_*`); absent: billing is off. */
  stripe?: StripeSettings;
  /** Config `plans` (a `free` plan is added when none is named so). */
  plans?: readonly Plan[];
  /** Config `billingMeterEvent`: the Stripe meter usage is reported to (see meter-start.ts). */
  meterEvent?: string;
  /** The usage meter reporter's pause between passes (ms; tests make it short). */
  meterTickMs?: number;
}

/**
 * Billing on the gateway, as two registrations: the public Stripe webhook (its own scope,
 * outside authentication) and the organization's and instance admin's routes (inside the
 * private scope).
 */
export function createBilling(deps: {
  db: Kysely<Database>;
  options: GatewayBillingOptions | undefined;
  /** The browser's origin: Checkout and the portal send people back to its Billing page. */
  publicUrl: string;
  log: FastifyBaseLogger;
}) {
  const directory = createInstanceDirectory(deps.db);
  const billing = createBillingService({
    db: deps.db,
    options: {
      ...(deps.options?.stripe && { stripe: deps.options.stripe }),
      plans: deps.options?.plans ?? [],
      publicUrl: deps.publicUrl,
    },
    directory,
    log: deps.log,
  });
  return {
    registerWebhook: (scope: FastifyInstance) =>
      registerStripeWebhookRoute(scope, {
        db: deps.db,
        billing,
        directory,
        ...(deps.options?.stripe && { webhookSecret: deps.options.stripe.webhookSecret }),
      }),
    registerRoutes: (scope: FastifyInstance) => registerBillingRoutes(scope, { db: deps.db, billing }),
  };
}
