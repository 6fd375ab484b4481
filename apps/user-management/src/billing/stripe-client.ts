import { createRequire } from 'node:module';
import type Stripe from 'stripe';
import type { StripeSettings } from './billing-settings.ts';

const require = createRequire(import.meta.url);

/**
 * The one place the gateway builds its Stripe client (checkout, portal, webhooks, the meter
 * reporter): the SDK's pinned API version, no telemetry, a bounded timeout, and Stripe's own
 * retries (with idempotency keys on POSTs) for network failures and 409/5xx.
 */
export function createStripeClient(settings: StripeSettings): Stripe {
  // Loaded when billing is configured, not before: a gateway without Stripe never holds the
  // SDK (~20 MB idle; ADR 0026).
  const StripeSdk = require('stripe') as typeof Stripe;
  return new StripeSdk(settings.secretKey, {
    ...settings.apiBase,
    telemetry: false,
    maxNetworkRetries: 2,
    timeout: 20_000,
    appInfo: { name: 'lifeosai' },
  });
}
